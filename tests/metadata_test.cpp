#include <catch2/catch.hpp>

#include "common/metadata.h"

using namespace parley;

TEST_CASE("date_from_url reads dates in URL paths", "[metadata]") {
  struct Row {
    const char* url;
    const char* want;
  };
  const Row rows[] = {
      {"https://www.theguardian.com/world/2022/mar/01/x", nullptr},  // month by name: not read
      {"https://www.reuters.com/world/europe/2025/05/17/russia-demands/", "2025-05-17"},
      {"https://edition.cnn.com/2022/02/24/europe/ukraine/index.html", "2022-02-24"},
      {"https://example.org/news/20220224-invasion", "2022-02-24"},
      {"https://example.org/a/2022-13-45/x", nullptr},
      {"https://example.org/story/12345678", nullptr},
      {"not a url", nullptr},
  };
  for (const Row& r : rows) {
    CAPTURE(r.url);
    auto got = date_from_url(r.url);
    if (r.want) {
      REQUIRE(got);
      CHECK(*got == r.want);
    } else {
      CHECK_FALSE(got);
    }
  }
}

TEST_CASE("domain_of and registered_name find the outlet behind a URL", "[metadata]") {
  CHECK(domain_of("https://www.bbc.co.uk/news/x") == "bbc.co.uk");
  CHECK(domain_of("http://user@Edition.CNN.com:8080/x") == "edition.cnn.com");
  CHECK(domain_of("bbc.co.uk/news") == "");
  CHECK(registered_name("bbc.co.uk") == "bbc");
  CHECK(registered_name("edition.cnn.com") == "cnn");
  CHECK(registered_name("kyivindependent.com") == "kyivindependent");
  CHECK(registered_name("en.kremlin.ru") == "kremlin");
  CHECK(registered_name("") == "");
}

TEST_CASE("parse_dateline reads wire datelines", "[metadata]") {
  auto d = parse_dateline("KYIV, May 17 (Reuters) - Russian forces struck the city.");
  REQUIRE(d);
  CHECK(d->place == "KYIV");
  CHECK(d->month == 5);
  CHECK(d->day == 17);
  CHECK(d->agency == "Reuters");

  auto nc = parse_dateline("Moscow -NC \xE2\x80\x94 Russia has outlined a hard-line stance.");
  REQUIRE(nc);
  CHECK(nc->place == "Moscow");
  CHECK(nc->month == 0);

  auto ap = parse_dateline("NEW YORK (AP) \xE2\x80\x94 The talks resumed.");
  REQUIRE(ap);
  CHECK(ap->place == "NEW YORK");
  CHECK(ap->agency == "AP");

  CHECK_FALSE(parse_dateline("Russia has outlined demands - and more."));
  CHECK_FALSE(parse_dateline("As fragile ceasefire efforts falter, a source said."));
}

TEST_CASE("clean_title removes site names and section labels, keeps kickers", "[metadata]") {
  struct Row {
    const char* title;
    const char* site;
    const char* want;
  };
  const Row rows[] = {
      {"Talks stall in Istanbul | The Guardian", "The Guardian", "Talks stall in Istanbul"},
      {"Talks stall in Istanbul - BBC News", "", "Talks stall in Istanbul"},
      {"What is Russia demanding? | Explainer News | Al Jazeera", "Al Jazeera",
       "What is Russia demanding?"},
      {"Opinion | Why the talks stalled", "", "Why the talks stalled"},
      {"EXPLAINER: Fighting in Ukraine endangers big nuclear plant", "",
       "EXPLAINER: Fighting in Ukraine endangers big nuclear plant"},
      {"Ukraine war: Russia - Ukraine talks resume", "",
       "Ukraine war: Russia - Ukraine talks resume"},
      {"The Guardian view on the grain deal | Editorial", "",
       "The Guardian view on the grain deal"},
      {"Serena's last match in New York | US Open updates", "", "Serena's last match in New York"},
      // A short tail after " | " that is the headline's topic stays.
      {"What's Going On in This Graph? | Extreme Temperatures", "",
       "What's Going On in This Graph? | Extreme Temperatures"},
      {"What's Going On in This Graph? | Refugees From Ukraine", "",
       "What's Going On in This Graph? | Refugees From Ukraine"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.title);
    CHECK(clean_title(r.title, r.site) == r.want);
  }
}
