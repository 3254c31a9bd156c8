// Metadata found in an article's own text and URL: dates in URL paths, datelines, the outlet
// behind a domain, and headlines without the site's name. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parley {

// The date in a URL's path ("/2025/05/17/", "/20250517/", "-2025-05-17"), or nullopt.
std::optional<std::string> date_from_url(std::string_view url);

// The host of a URL without "www." ("https://www.bbc.co.uk/news/x" -> "bbc.co.uk"), or "".
std::string domain_of(std::string_view url);

// The registered name of a domain, the outlet's usual slug when nothing better is known:
// "kyivindependent.com" -> "kyivindependent", "edition.cnn.com" -> "cnn",
// "bbc.co.uk" -> "bbc". Empty for an empty domain.
std::string registered_name(std::string_view domain);

// A wire-style dateline opening the text: "KYIV, May 17 (Reuters) -", "MOSCOW, Jan 3 (AP) —",
// "Moscow -NC —".
struct Dateline {
  std::string place;  // as written: "KYIV"
  int month = 0;      // 0 when the dateline has no date
  int day = 0;
  std::string agency;      // as written inside the parentheses: "Reuters"; empty when none
  std::size_t length = 0;  // bytes of the text the dateline takes, separator included
};

// Reads a dateline at the start of `text`, or nullopt.
std::optional<Dateline> parse_dateline(std::string_view text);

// The headline without the site's name or a section label around it:
// "Talks stall | The Guardian" -> "Talks stall", "Opinion | Why talks stall" -> "Why talks
// stall", "Talks stall - BBC News" -> "Talks stall". `site` (may be empty) is the outlet's name
// when known. Kickers that belong to the headline ("EXPLAINER: ...") stay.
std::string clean_title(std::string_view title, std::string_view site);

}  // namespace parley
