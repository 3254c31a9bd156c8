// SnippetMaker: which words are marked, which passage is chosen, and the text given back as
// the article writes it.
#include <catch2/catch.hpp>

#include "common/document.h"
#include "searcher/snippet.h"

using namespace parley;

namespace {

// The snippet with [marks] instead of the control bytes.
std::string shown(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == kHighlightStart) {
      out += '[';
    } else if (c == kHighlightEnd) {
      out += ']';
    } else {
      out += c;
    }
  }
  return out;
}

std::string snippet(std::vector<SnippetTerm> terms, std::string_view text,
                    std::size_t bytes = 280) {
  return shown(SnippetMaker(std::move(terms), english_stemmer(), bytes)(text));
}

std::string filler(int sentences) {
  std::string out;
  for (int i = 0; i < sentences; ++i)
    out += "Shelling continued along the front line overnight, officials said. ";
  return out;
}

}  // namespace

TEST_CASE("snippet: which words are marked", "[snippet]") {
  struct Row {
    std::vector<SnippetTerm> terms;
    std::string text, expected;
  };
  std::vector<Row> rows = {
      // A stem marks every word with that stem, also one whose stem is not its prefix.
      {{{"armi", true}},
       "The armies and the army regrouped.",
       "The [armies] and the [army] regrouped."},
      // A plain term (from a phrase or a capitalised word) marks only itself.
      {{{"tribunal", false}},
       "A tribunal, tribunals, a tribunal's seat.",
       "A [tribunal], tribunals, a [tribunal]'s seat."},
      // Case does not matter; a word inside another word is not a match.
      {{{"kyiv", false}}, "KYIV and Kyiv, not Kyivstar.", "[KYIV] and [Kyiv], not Kyivstar."},
      // Diacritics: matched without them, shown with them; a possessive stays outside the mark.
      {{{"erdogan", false}}, "Erdoğan’s plan, said Erdoğan.", "[Erdoğan]’s plan, said [Erdoğan]."},
      // Past ASCII: lower-casing a Cyrillic capital still finds the word.
      {{{"киев", false}}, "Город Киев.", "Город [Киев]."},
      // Lines of the text run on in the snippet.
      {{{"talk", true}}, "Talks\nresumed.", "[Talks] resumed."},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CHECK(snippet(row.terms, row.text) == row.expected);
  }
}

TEST_CASE("snippet: no word of the query in the text gives nothing", "[snippet]") {
  CHECK(snippet({{"ceasefir", true}}, "Nothing about it here.").empty());
  CHECK(snippet({}, "Any text.").empty());
}

TEST_CASE("snippet: the passage where the query's distinct words weigh most", "[snippet]") {
  std::string text = "The armies regrouped. " + filler(10) + "A special tribunal was proposed. " +
                     filler(10) + "Erdoğan said the armies would answer to a tribunal. " +
                     filler(10) + "The end.";
  std::string s = snippet({{"armi", true, 1.0}, {"tribunal", false, 2.0}}, text);
  INFO(s);
  CHECK(s.find("[armies] would answer to a [tribunal]") != std::string::npos);
  // From the start of its sentence, with "…" at both ends: neither end is the text's.
  CHECK(
      s.starts_with("\xE2\x80\xA6"
                    "Erdoğan said"));
  CHECK(s.ends_with("\xE2\x80\xA6"));
  CHECK(s.size() < 280 + 40);

  // One word alone: the rarer (heavier) one wins over an earlier, lighter one.
  std::string rare = snippet({{"armi", true, 1.0}, {"propos", true, 5.0}}, text);
  INFO(rare);
  CHECK(rare.find("[proposed]") != std::string::npos);
  CHECK(rare.find("[armies]") == std::string::npos);
}

TEST_CASE("snippet: a common word of the query does not pull the passage away", "[snippet]") {
  // "of" from the phrase is everywhere; the passage starts at the sentence with the phrase,
  // not at an "of" a sentence before it that the same window would also hold.
  std::string text = filler(6) + "Recognition of Russian control of the four regions. " +
                     "Ukraine would have no weapons of mass destruction. " + filler(6);
  std::string s =
      snippet({{"weapons", false, 3.0}, {"of", false, 0.1}, {"mass", false, 2.0}}, text);
  INFO(s);
  CHECK(
      s.starts_with("\xE2\x80\xA6"
                    "Ukraine would have no [weapons] [of] [mass]"));
}

TEST_CASE("snippet: a match near the end fills the snippet from further back", "[snippet]") {
  std::string text = filler(10) + "Then came the truce.";
  std::string s = snippet({{"truce", false}}, text, 120);
  INFO(s);
  CHECK(s.ends_with("[truce]."));
  CHECK(s.starts_with("\xE2\x80\xA6"));
  CHECK(s.size() > 100);
}

TEST_CASE("lead: the opening words cut at a space", "[snippet]") {
  CHECK(lead("Short text.", 280) == "Short text.");
  CHECK(lead("One two three four five", 12) == "One two\xE2\x80\xA6");
}
