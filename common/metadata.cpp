#include "common/metadata.h"

#include <array>
#include <cctype>
#include <vector>

#include "common/dates.h"
#include "common/fold.h"

namespace parley {

namespace {

bool digits(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::vector<std::string_view> split_any(std::string_view s, std::string_view seps) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || seps.find(s[i]) != std::string_view::npos) {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> date_from_url(std::string_view url) {
  std::size_t scheme = url.find("://");
  std::size_t path_start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path_start == std::string_view::npos) return std::nullopt;
  std::string_view path = url.substr(path_start);
  path = path.substr(0, path.find_first_of("?#"));
  std::vector<std::string_view> parts = split_any(path, "/-_.");
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (digits(parts[i], 8)) {
      int y = std::stoi(std::string(parts[i].substr(0, 4)));
      int m = std::stoi(std::string(parts[i].substr(4, 2)));
      int d = std::stoi(std::string(parts[i].substr(6, 2)));
      if (valid_date(y, m, d) && y >= 1990) return format_date(y, m, d);
    }
    if (i + 2 < parts.size() && digits(parts[i], 4) && parts[i + 1].size() <= 2 &&
        parts[i + 2].size() <= 2 && digits(parts[i + 1], parts[i + 1].size()) &&
        digits(parts[i + 2], parts[i + 2].size())) {
      int y = std::stoi(std::string(parts[i]));
      int m = std::stoi(std::string(parts[i + 1]));
      int d = std::stoi(std::string(parts[i + 2]));
      if (valid_date(y, m, d) && y >= 1990) return format_date(y, m, d);
    }
  }
  return std::nullopt;
}

std::string domain_of(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t at = rest.find('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::string host = ascii_lower(rest);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

std::string registered_name(std::string_view domain) {
  // Second-level suffixes under which names are registered one level deeper.
  static constexpr std::array<std::string_view, 14> kSecondLevel = {
      "co", "com",  "org",  "net",  "gov", "ac",  "edu",
      "in", "kiev", "kyiv", "news", "ltd", "plc", "go"};
  std::vector<std::string_view> labels = split_any(domain, ".");
  if (labels.empty()) return {};
  if (labels.size() == 1) return std::string(labels[0]);
  std::size_t i = labels.size() - 2;
  if (labels.size() >= 3 && labels.back().size() == 2) {
    for (std::string_view s : kSecondLevel) {
      if (labels[i] == s) {
        --i;
        break;
      }
    }
  }
  return std::string(labels[i]);
}

std::optional<Dateline> parse_dateline(std::string_view text) {
  // PLACE, Month Day (Agency) - ...   or   PLACE (Agency) - ...   or   Place -XX —
  std::size_t limit = std::min<std::size_t>(text.size(), 120);
  std::string_view head = text.substr(0, limit);
  // The separator: " - ", " — ", " – " (also "-" directly after ")").
  static constexpr std::array<std::string_view, 4> kDashes = {" - ", " \xE2\x80\x94",
                                                              " \xE2\x80\x93", ") -"};
  std::size_t dash = std::string_view::npos, dash_len = 0;
  for (std::string_view d : kDashes) {
    std::size_t at = head.find(d);
    if (at != std::string_view::npos && at < dash) {
      dash = at;
      dash_len = d.size();
    }
  }
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  std::string_view before = trim(head.substr(0, dash + (head.substr(dash, dash_len) == ") -")));
  Dateline dl;
  dl.length = dash + dash_len;
  // Skip spaces after the dash.
  while (dl.length < text.size() && text[dl.length] == ' ')
    ++dl.length;

  if (std::size_t open = before.find('('); open != std::string_view::npos) {
    std::size_t close = before.find(')', open);
    if (close == std::string_view::npos) return std::nullopt;
    dl.agency = std::string(trim(before.substr(open + 1, close - open - 1)));
    before = trim(before.substr(0, open));
  }
  // "PLACE, Month Day" or "PLACE".
  std::string_view place = before, date;
  if (std::size_t comma = before.find(','); comma != std::string_view::npos) {
    place = trim(before.substr(0, comma));
    date = trim(before.substr(comma + 1));
  } else if (std::size_t sp = before.find(" -"); sp != std::string_view::npos) {
    place = trim(before.substr(0, sp));  // "Moscow -NC"
  }
  if (place.empty() || place.size() > 40) return std::nullopt;
  // A place is one to four words, each starting with a capital letter.
  std::vector<std::string_view> words = split_any(place, " ");
  if (words.empty() || words.size() > 4) return std::nullopt;
  for (std::string_view w : words) {
    if (!std::isupper(static_cast<unsigned char>(w[0]))) return std::nullopt;
  }
  if (!date.empty()) {
    std::vector<std::string_view> parts = split_any(date, " .");
    if (parts.size() != 2) return std::nullopt;
    dl.month = month_from_name(parts[0]);
    if (dl.month == 0 || !digits(parts[1], parts[1].size()) || parts[1].size() > 2) {
      return std::nullopt;
    }
    dl.day = std::stoi(std::string(parts[1]));
  } else if (dl.agency.empty() && before.find(" -") == std::string_view::npos) {
    return std::nullopt;  // "Kyiv - " alone is too weak to call a dateline
  }
  dl.place = std::string(place);
  return dl;
}

namespace {

// A section or format label that pages put after " | " ("Talks stall | Editorial"). Any other
// short tail may be the headline's own topic ("What's Going On in This Graph? | Extreme
// Temperatures") and stays. `tail` is folded.
bool is_section_label(std::string_view tail) {
  static constexpr std::string_view kLabels[] = {
      "editorial",    "editorials",  "letters",  "letter",   "briefs",     "brief",
      "explainer",    "analysis",    "opinion",  "comment",  "commentary", "live",
      "live updates", "updates",     "podcast",  "video",    "videos",     "photos",
      "in pictures",  "interactive", "obituary", "review",   "interview",  "fact check",
      "world",        "europe",      "politics", "business", "us",         "uk"};
  for (std::string_view label : kLabels) {
    if (tail == label) return true;
  }
  return tail.ends_with(" updates") || tail.ends_with(" live") || tail.ends_with(" editorial");
}

}  // namespace

std::string clean_title(std::string_view title, std::string_view site) {
  std::string t(trim(title));
  std::string site_folded = fold(site);
  static constexpr std::array<std::string_view, 4> kSeparators = {" | ", " - ", " \xE2\x80\x94 ",
                                                                  " \xE2\x80\x93 "};
  // Trailing segments: the site's name, or a short label ending in "News".
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view sep : kSeparators) {
      std::size_t at = t.rfind(sep);
      if (at == std::string::npos || at == 0) continue;
      std::string tail = fold(trim(std::string_view(t).substr(at + sep.size())));
      std::string tail_no_the = tail.rfind("the ", 0) == 0 ? tail.substr(4) : tail;
      std::size_t words = split_any(tail, " ").size();
      bool is_site = !site_folded.empty() && (tail == site_folded || tail_no_the == site_folded ||
                                              "the " + tail_no_the == site_folded);
      bool is_label = words <= 3 && (tail.ends_with(" news") || tail == "news" ||
                                     (sep == " | " && at > 20 && is_section_label(tail)));
      if (is_site || is_label) {
        t.erase(at);
        changed = true;
        break;
      }
    }
  }
  // Leading section labels: "Opinion | ...", "Live | ...".
  if (std::size_t at = t.find(" | "); at != std::string::npos && at <= 20) {
    std::string head = fold(std::string_view(t).substr(0, at));
    if (split_any(head, " ").size() <= 2) t.erase(0, at + 3);
  }
  return std::string(trim(t));
}

}  // namespace parley
