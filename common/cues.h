// Context cues from data files: sectioned word lists, sets of phrases, and patterns with a slot
// ("told _", "_ reported", "( _ )") tested against the tokens around a span. Pure.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/tokens.h"

namespace parley {

// The lines of a sectioned list: blank lines and lines starting with '#' are skipped, a line
// "[name]" starts section `name`, lines before any section go to section "". Lines are trimmed,
// not folded.
using Sections = std::map<std::string, std::vector<std::string>, std::less<>>;
Sections parse_sections(std::string_view text);

// The same, each line with its line number in `text` (for error messages). The views point
// into `text`.
struct SectionLine {
  std::string_view text;
  std::size_t number = 0;
};
using NumberedSections = std::map<std::string, std::vector<SectionLine>, std::less<>>;
NumberedSections parse_numbered_sections(std::string_view text);

// Words and multi-word phrases ("secretary of state"), folded and tokenized like text.
class PhraseSet {
 public:
  PhraseSet() = default;
  explicit PhraseSet(const std::vector<std::string>& phrases);

  // True when `folded` is one of the one-word phrases.
  bool contains(std::string_view folded) const;

  // Length in tokens of the longest phrase that ends with token `last` (its last token), the
  // phrase's tokens joined by spaces or hyphens; 0 when none does.
  std::size_t match_ending_at(const std::vector<Token>& tokens, std::size_t last) const;

  // Length in tokens of the longest phrase that starts with token `first`; 0 when none does.
  std::size_t match_starting_at(const std::vector<Token>& tokens, std::size_t first) const;

 private:
  std::vector<std::vector<std::string>> phrases_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_last_;   // last word -> phrases
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_;  // first word -> phrases
};

// Patterns around a slot `_`. Elements left of the slot must precede the span, elements right
// of it must follow, adjacent and in order:
//   a word      the token there, joined to its neighbour by a space or hyphen ("told _",
//               "_ based" matches "Moscow-based")
//   's          right after the slot: the span's last token is possessive ("_ 's mayor")
//   punctuation a run of ASCII punctuation that must occur in the separator there ("( _ )");
//               a word next to it may be separated by it ("_ , D.C.")
// Example lines: "according to _", "_ reported", "( _ )", "strikes on _", "_ 's streets".
class CuePatterns {
 public:
  CuePatterns() = default;
  // Throws std::invalid_argument naming the pattern when it has no slot or more than one.
  explicit CuePatterns(const std::vector<std::string>& patterns);

  // True when some pattern matches around tokens [first, last) of `text`.
  bool matches(std::string_view text, const std::vector<Token>& tokens, std::size_t first,
               std::size_t last) const;

  // True when some pattern with elements only left of the slot matches before token `first`.
  bool matches_before(std::string_view text, const std::vector<Token>& tokens,
                      std::size_t first) const;

  // True when some pattern with elements only right of the slot matches after tokens
  // [first, last).
  bool matches_after(std::string_view text, const std::vector<Token>& tokens, std::size_t first,
                     std::size_t last) const;

 private:
  enum class Kind { kWord, kPunct, kPossessive };
  struct Element {
    Kind kind;
    std::string text;
  };
  struct Pattern {
    std::vector<Element> before;  // nearest the slot first
    std::vector<Element> after;   // nearest the slot first
  };
  bool match(const Pattern& p, std::string_view text, const std::vector<Token>& tokens,
             std::size_t first, std::size_t last) const;
  enum class Side { kAny, kBeforeOnly, kAfterOnly };
  void check(const std::vector<std::size_t>* ids, std::string_view text,
             const std::vector<Token>& tokens, std::size_t first, std::size_t last, Side side,
             bool& found) const;

  std::vector<Pattern> patterns_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_before_word_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_after_word_;
  std::vector<std::size_t> others_;
};

}  // namespace parley
