#include <catch2/catch.hpp>

#include "common/clean.h"

using namespace parley;

namespace {
bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}
}  // namespace

TEST_CASE("single boilerplate lines are recognised, article lines are not", "[clean]") {
  const Cleaner& c = Cleaner::builtin();
  struct Row {
    const char* line;
    bool boilerplate;
  };
  const Row rows[] = {
      {"Skip to main content", true},
      {"4 Min Read", true},
      {"Estimated reading time: 3 minutes", true},
      {"Share This Article", true},
      {"Leave a comment", true},
      {"Subscribe to get the latest posts sent to your email.", true},
      {"Continue reading", true},
      {"We use cookies to improve your experience.", true},
      {"© 2025 Scoop Hub. All rights reserved.", true},
      {"By Jane Smith", true},
      {"Russia insists that Ukraine must formally cede Crimea.", false},
      {"Subscribers to the Kremlin's line argue the talks are a trap for Kyiv and its allies, "
       "who have little to gain from a truce that freezes the front line.",
       false},
      {"Share prices in Moscow fell", false},
      {"Copyright law was not on the agenda in Istanbul", false},
  };
  for (const Row& r : rows) {
    CAPTURE(r.line);
    CHECK(c.is_boilerplate(r.line) == r.boilerplate);
  }
}

TEST_CASE("a recommended-stories list is dropped up to the next paragraph", "[clean]") {
  std::string text =
      "Russian officials have made it clear that any negotiations must address root causes.\n"
      "RECOMMENDED STORIES:\n"
      "- WWE SmackDown Delivers Thrilling Matches in Barcelona\n"
      "- iPhone 17 Series Redefines Innovation with New Design and Features\n"
      "Moscow insists that Ukraine formally abandon its NATO membership ambitions and recognize "
      "Russia's sovereignty over Crimea and four other regions it annexed in 2022.\n";
  Cleaned out = Cleaner::builtin().clean(text);
  CHECK_FALSE(contains(out.text, "RECOMMENDED"));
  CHECK_FALSE(contains(out.text, "SmackDown"));
  CHECK_FALSE(contains(out.text, "iPhone"));
  CHECK(contains(out.text, "root causes"));
  CHECK(contains(out.text, "Moscow insists"));
}

TEST_CASE("the site's own name and agency credits are kept aside", "[clean]") {
  std::string text =
      "The talks ended without a deal.\n\nDiscover more from Scoop Hub\n\n"
      "Subscribe now to keep reading and get access to the full archive.\n\nSource: Reuters\n";
  Cleaned out = Cleaner::builtin().clean(text);
  CHECK(out.text == "The talks ended without a deal.");
  REQUIRE(out.sites.size() == 1);
  CHECK(out.sites[0] == "Scoop Hub");
  REQUIRE(out.credits.size() == 1);
  CHECK(out.credits[0] == "Reuters");
}

TEST_CASE("a lone name next to a reading-time line is a byline", "[clean]") {
  std::string text =
      "Abiola\n4 Min Read\n\nIn a tense round of talks in Istanbul, Russia demanded "
      "sweeping territorial concessions.";
  Cleaned out = Cleaner::builtin().clean(text);
  CHECK_FALSE(contains(out.text, "Abiola"));
  CHECK_FALSE(contains(out.text, "Min Read"));
  CHECK(contains(out.text, "Istanbul"));
}

TEST_CASE("malformed rules are reported with their line", "[clean]") {
  CHECK_THROWS_WITH(Cleaner("# comment\nnonsense"), Catch::Contains("line 2"));
  CHECK_THROWS_WITH(Cleaner("bogus\tx"), Catch::Contains("unknown kind"));
  CHECK_THROWS_WITH(Cleaner("regex\t(unclosed"), Catch::Contains("line 1"));
}
