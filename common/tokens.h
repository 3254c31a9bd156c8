// Word tokens for matching: folded token text with byte offsets into the original text, so that
// a match can be quoted as evidence. Pure: text in, tokens out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// What separates a token from the one before it.
enum class Gap : std::uint8_t {
  kSpace,   // only white space
  kHyphen,  // one hyphen and nothing else ("Moscow-based", "Ivano-Frankivsk")
  kPunct,   // other punctuation inside a sentence: commas, quotes, brackets, dashes with spaces
  kStop,    // a sentence end on the same line: . ! ? ; :
  kLine,    // a line break; also the gap before the first token
};

// How a token is written in the original text.
enum class LetterCase : std::uint8_t {
  kNone,         // no letters ("2014")
  kLower,        // first letter lower case ("us", "iPhone")
  kCapitalised,  // first letter upper case, some lower case after it ("Kyiv", "McCarthy")
  kUpper,        // letters all upper case ("US", "U.S.", "NATO", "A")
};

struct Token {
  std::string text;       // folded ("russia" for "Russia’s", "us" for "U.S.", "erdogan")
  std::size_t begin = 0;  // byte span of the word in the original text, without a
  std::size_t end = 0;    // possessive 's or an initial's dot
  std::size_t next = 0;   // where the separator after the token starts (after 's, dots)
  Gap gap = Gap::kSpace;  // separator before this token
  LetterCase letter_case = LetterCase::kNone;
  bool possessive = false;  // written "X's", "X’s" or "Xs'"
};

// Splits `text` into word tokens. A word is a run of letters, marks and digits; a hyphen splits
// words (the gap says kHyphen); an apostrophe inside a word stays ("d'orsay"), a possessive 's
// or a plural's trailing apostrophe is dropped and sets `possessive`; "U.S.", "U.N.", "D.P.R.K."
// are one token each ("us", "un", "dprk"); an initial ("J.") and a title abbreviation ("Mr.",
// "St.", "Jr.") keep their dot out of the separator; "12,000" and "3.5" are one token each.
// Token text is fold()ed (lower case, no diacritics, ASCII apostrophes).
std::vector<Token> tokenize(std::string_view text);

// The separator before token `i` in `text`: from the previous token's `next` (or the start of
// the text) to the token's `begin`. For i == tokens.size(), the separator after the last token.
std::string_view separator_before(std::string_view text, const std::vector<Token>& tokens,
                                  std::size_t i);

// True when a token with gap `g` continues the phrase of the token before it (space or hyphen).
inline bool continues_phrase(Gap g) {
  return g == Gap::kSpace || g == Gap::kHyphen;
}

}  // namespace parley
