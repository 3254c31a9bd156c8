#include <catch2/catch.hpp>

#include "common/clean.h"

using namespace parley;

namespace {
bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// White space runs (line breaks too) as one space, trimmed.
std::string squash(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// An example with its [[...]] marks: the text to clean and what must be left of it.
struct Marked {
  std::string input, expected;
};
Marked unmark(const std::string& example) {
  if (!contains(example, "[[")) return {example, ""};
  Marked m;
  bool inside = false;
  for (std::size_t i = 0; i < example.size(); ++i) {
    if (example.compare(i, 2, "[[") == 0 || example.compare(i, 2, "]]") == 0) {
      inside = example[i] == '[';
      ++i;
      continue;
    }
    m.input.push_back(example[i]);
    if (!inside) m.expected.push_back(example[i]);
  }
  return m;
}

const std::string kBefore =
    "Russian and Ukrainian delegations met in Istanbul on Friday for the first direct talks in "
    "three years.";
const std::string kAfter =
    "Both sides agreed to exchange a thousand prisoners each on Saturday, but no ceasefire was "
    "announced by either side.";
}  // namespace

TEST_CASE("every boilerplate rule removes its examples and keeps its near misses", "[clean]") {
  const Cleaner& all = Cleaner::builtin();
  REQUIRE(all.rules().size() > 100);
  for (const BoilerplateRule& rule : all.rules()) {
    CAPTURE(rule.line, rule.kind, rule.pattern);
    CHECK_FALSE(rule.examples.empty());  // a rule shows what it removes
    Cleaner alone(rule.kind + "\t" + rule.pattern);
    for (const std::string& example : rule.examples) {
      CAPTURE(example);
      if (rule.kind == "html-class") {
        CHECK(alone.is_boilerplate_class(example));
        continue;
      }
      Marked m = unmark(example);
      std::string text = kBefore + "\n\n" + m.input + "\n\n" + kAfter;
      std::string want = squash(kBefore + " " + m.expected + " " + kAfter);
      Cleaned by_rule = alone.clean(text);
      CHECK(squash(by_rule.text) == want);
      CHECK(squash(all.clean(text).text) == want);
      if (rule.kind == "site") CHECK_FALSE(by_rule.sites.empty());
      if (rule.kind == "credit") CHECK_FALSE(by_rule.credits.empty());
    }
    for (const std::string& keep : rule.keeps) {
      CAPTURE(keep);
      if (rule.kind == "html-class") {
        CHECK_FALSE(all.is_boilerplate_class(keep));
        continue;
      }
      std::string text = kBefore + "\n\n" + keep + "\n\n" + kAfter;
      CHECK(squash(all.clean(text).text) == squash(text));
    }
  }
}

TEST_CASE("a rule without an example is seen, and an example must follow a rule", "[clean]") {
  Cleaner c("line\tmenu\nexample\tMenu\nkeep\tMenus of the day\nline\thome\n");
  REQUIRE(c.rules().size() == 2);
  CHECK(c.rules()[0].examples == std::vector<std::string>{"Menu"});
  CHECK(c.rules()[0].keeps == std::vector<std::string>{"Menus of the day"});
  CHECK(c.rules()[1].examples.empty());
  CHECK_THROWS_WITH(Cleaner("example\tMenu"), Catch::Contains("before any rule"));
}

TEST_CASE("long lines are cut into sentences at their ends, not after initials", "[clean]") {
  struct Row {
    const char* line;
    std::vector<std::string> sentences;
  };
  const Row rows[] = {
      {"The talks ended. Both sides left.", {"The talks ended.", "Both sides left."}},
      {"He said: \"We will win.\" Kyiv agreed.", {"He said: \"We will win.\"", "Kyiv agreed."}},
      {"Fox News' Lucas Y. Tomlinson reported it.", {"Fox News' Lucas Y. Tomlinson reported it."}},
      {"It happened on Aug. 3, 2022. Then it stopped.",
       {"It happened on Aug. 3, 2022.", "Then it stopped."}},
      {"Mr. Peskov spoke. Dr. Smith did not.", {"Mr. Peskov spoke.", "Dr. Smith did not."}},
      {"a trip to the U.K. ABC News' Jo Lee contributed.",
       {"a trip to the U.K.", "ABC News' Jo Lee contributed."}},
      {"the lesson of the 1930s.\" Fox News' Cortney Moore contributed.",
       {"the lesson of the 1930s.\"", "Fox News' Cortney Moore contributed."}},
      {"Talks ended. ___ Follow AP's coverage.", {"Talks ended.", "___ Follow AP's coverage."}},
      {"version 2.5 is out. no capital here", {"version 2.5 is out. no capital here"}},
  };
  for (const Row& r : rows) {
    CAPTURE(r.line);
    std::string_view line = r.line;
    std::vector<std::string> got;
    for (SentenceSpan s : split_sentences(line))
      got.emplace_back(line.substr(s.begin, s.end - s.begin));
    CHECK(got == r.sentences);
  }
}

TEST_CASE("inline boilerplate in a one-line text goes, the sentences around it stay", "[clean]") {
  std::string text =
      "Russia and Ukraine resumed talks in Istanbul on Friday, officials said. A man walks past "
      "a destroyed school in Irpin, Ukraine, Monday, May 2, 2022. (AP Photo/Efrem Lukatsky) "
      "Moscow wants Kyiv to give up its claim to Crimea, the officials said. Reuters "
      "contributed to this report. Jane Doe is a politics reporter for Fox News Digital. She "
      "covers the White House.";
  Cleaned out = Cleaner::builtin().clean(text);
  CHECK(out.text ==
        "Russia and Ukraine resumed talks in Istanbul on Friday, officials said. Moscow wants "
        "Kyiv to give up its claim to Crimea, the officials said.");
  REQUIRE(out.credits.size() == 1);
  CHECK(out.credits[0] == "Reuters");
  CHECK(out.dropped_spans == 3);
}

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

TEST_CASE("a hard-wrapped sentence's last words are not a boilerplate line", "[clean]") {
  std::string text =
      "Pueblo International Inc said it would buy back up to 500,000\n"
      "shares at 10 dlrs a\nshare.\nThe board also approved a dividend of five cts a\n"
      "comment.\n\nShare\nReuter\n";
  Cleaned out = Cleaner::builtin().clean(text);
  CHECK(out.text ==
        "Pueblo International Inc said it would buy back up to 500,000\nshares at 10 dlrs a\n"
        "share.\nThe board also approved a dividend of five cts a\ncomment.");
}
