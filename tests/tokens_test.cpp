#include <catch2/catch.hpp>

#include "common/cues.h"
#include "common/tokens.h"

using namespace parley;

namespace {

// "text" for each token, with markers: ' possessive, ^ upper case, + capitalised, | after a
// hyphen, . after a sentence end, / after a line break, , after other punctuation.
std::string describe(std::string_view text) {
  std::string out;
  for (const Token& t : tokenize(text)) {
    if (!out.empty()) out.push_back(' ');
    switch (t.gap) {
      case Gap::kHyphen:
        out.push_back('|');
        break;
      case Gap::kStop:
        out.push_back('.');
        break;
      case Gap::kPunct:
        out.push_back(',');
        break;
      case Gap::kLine:
        if (t.begin > 0) out.push_back('/');
        break;
      case Gap::kSpace:
        break;
    }
    out += t.text;
    if (t.letter_case == LetterCase::kUpper) out.push_back('^');
    if (t.letter_case == LetterCase::kCapitalised) out.push_back('+');
    if (t.possessive) out.push_back('\'');
  }
  return out;
}

}  // namespace

TEST_CASE("tokenize folds words and keeps what matching needs", "[tokens]") {
  struct Row {
    const char* text;
    const char* tokens;
  };
  const Row rows[] = {
      {"Russia's demands", "russia+' demands"},
      {"Russia\xE2\x80\x99s demands", "russia+' demands"},  // curly apostrophe
      {"Zelenskyy\xE2\x80\x99s office", "zelenskyy+' office"},
      {"the allies' position", "the allies' position"},
      {"U.S. officials", "us^ officials"},
      {"U.S.-led talks", "us^ |led talks"},
      {"the U.N. and D.P.R.K.", "the un^ and dprk^"},
      {"the U.N.'s agency", "the un^' agency"},  // a dotted abbreviation's possessive
      {"the U.S.\xE2\x80\x99s plan", "the us^' plan"},
      {"Moscow-based analyst", "moscow+ |based analyst"},
      {"Quai d'Orsay", "quai+ d'orsay"},
      {"Erdo\xC4\x9F"
       "an spoke",
       "erdogan+ spoke"},
      {"12,000 troops and 3.5 million", "12,000 troops and 3.5 million"},
      {"J. D. Vance", "j^ d^ vance+"},
      {"St. Petersburg", "st+ petersburg+"},
      {"He left. Then NATO", "he+ left .then+ nato^"},
      {"Kyiv, Odesa", "kyiv+ ,odesa+"},
      {"one\ntwo", "one /two"},
      {"let us", "let us"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    CHECK(describe(r.text) == r.tokens);
  }
}

TEST_CASE("token spans point at the word in the original text", "[tokens]") {
  std::string text = "Then Russia\xE2\x80\x99s envoy met U.S. officials.";
  std::vector<Token> tokens = tokenize(text);
  REQUIRE(tokens.size() == 6);
  CHECK(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin) == "Russia");
  CHECK(text.substr(tokens[4].begin, tokens[4].end - tokens[4].begin) == "U.S.");
  CHECK(separator_before(text, tokens, 2) == " ");
  CHECK(separator_before(text, tokens, 6) == ".");
}

TEST_CASE("cue patterns match around a span", "[cues]") {
  CuePatterns cues(
      {"told _", "according to _", "_ reported", "( _ )", "_ 's mayor", "_ based", "_ , D.C."});
  struct Row {
    const char* text;
    std::size_t first, last;
    bool match;
  };
  const Row rows[] = {
      {"an official told Reuters on Friday", 3, 4, true},
      {"according to Reuters", 2, 3, true},
      {"according, to Reuters", 2, 3, false},  // punctuation breaks a phrase
      {"Bloomberg reported", 0, 1, true},
      {"MOSCOW (Reuters) - Russia", 1, 2, true},
      {"MOSCOW Reuters - Russia", 1, 2, false},
      {"Kyiv's mayor", 0, 1, true},
      {"Kyiv mayor", 0, 1, false},
      {"a Moscow-based analyst", 1, 2, true},
      {"told. Reuters", 1, 2, false},  // a sentence end breaks a phrase
      {"in Washington, D.C., today", 1, 2, true},
      {"in Washington D.C. today", 1, 2, false},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    std::vector<Token> tokens = tokenize(r.text);
    CHECK(cues.matches(r.text, tokens, r.first, r.last) == r.match);
  }
  CHECK_THROWS_AS(CuePatterns({"no slot"}), std::invalid_argument);
  CHECK_THROWS_AS(CuePatterns({"_ two _"}), std::invalid_argument);
}

TEST_CASE("sectioned lists and phrase sets", "[cues]") {
  Sections s = parse_sections("# comment\nloose\n[roles]\nanalyst\n  secretary of state \n\n[x]\n");
  CHECK(s[""] == std::vector<std::string>{"loose"});
  CHECK(s["roles"] == std::vector<std::string>{"analyst", "secretary of state"});
  CHECK(s["x"].empty());
  PhraseSet roles(s["roles"]);
  std::vector<Token> tokens = tokenize("Secretary of State Marco Rubio");
  CHECK(roles.match_ending_at(tokens, 2) == 3);
  CHECK(roles.match_ending_at(tokens, 1) == 0);
  CHECK(roles.match_starting_at(tokens, 0) == 3);
  CHECK(roles.contains("analyst"));
  CHECK_FALSE(roles.contains("secretary"));
}
