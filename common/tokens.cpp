#include "common/tokens.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>

#include "common/fold.h"

namespace parley {

namespace {

// Abbreviations whose dot is not a sentence end ("St. Petersburg", "Joseph R. Biden Jr.").
constexpr std::array<std::string_view, 22> kAbbreviations = {
    "mr",  "mrs", "ms",   "dr",  "st",   "jr",  "sr",  "gen", "lt", "col", "sen",
    "rep", "gov", "prof", "maj", "capt", "sgt", "adm", "vs",  "no", "mt",  "ft"};

struct Decoded {
  utf8proc_int32_t cp;
  std::size_t len;
};

Decoded decode(std::string_view text, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return {c, 1};
  utf8proc_int32_t cp = -1;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                        static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (n <= 0) return {-1, 1};
  return {cp, static_cast<std::size_t>(n)};
}

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_word_cp(utf8proc_int32_t cp) {
  if (cp < 0) return false;
  if (cp < 0x80) return is_ascii_alnum(static_cast<unsigned char>(cp));
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_word_at(std::string_view text, std::size_t i) {
  return i < text.size() && is_word_cp(decode(text, i).cp);
}

// Byte length of an apostrophe at i (', ’, ʼ, ‘), or 0.
std::size_t apostrophe_at(std::string_view text, std::size_t i) {
  if (i >= text.size()) return 0;
  if (text[i] == '\'') return 1;
  std::string_view rest = text.substr(i, 3);
  if (rest == "\xE2\x80\x99" || rest == "\xE2\x80\x98") return 3;
  if (text.substr(i, 2) == "\xCA\xBC") return 2;
  return 0;
}

Gap classify(std::string_view sep) {
  Gap gap = Gap::kSpace;
  for (char c : sep) {
    switch (c) {
      case ' ':
      case '\t':
        break;
      case '\n':
      case '\r':
      case '\f':
        return Gap::kLine;
      case '.':
      case '!':
      case '?':
      case ';':
      case ':':
        gap = Gap::kStop;
        break;
      default:
        if (gap != Gap::kStop) gap = Gap::kPunct;
        break;
    }
  }
  if (sep == "-") return Gap::kHyphen;
  if (gap == Gap::kPunct) {
    // No-break spaces and a lone Unicode hyphen are still plain gaps.
    if (sep == "\xC2\xA0" || sep == "\xE2\x80\xAF") return Gap::kSpace;
    if (sep == "\xE2\x80\x90" || sep == "\xE2\x80\x91") return Gap::kHyphen;
  }
  return gap;
}

void set_case(Token& t, std::string_view word) {
  bool first = true, first_upper = false, any_lower = false, any_letter = false;
  for (std::size_t i = 0; i < word.size();) {
    Decoded d = decode(word, i);
    i += d.len;
    bool upper, lower;
    if (d.cp >= 0 && d.cp < 0x80) {
      upper = d.cp >= 'A' && d.cp <= 'Z';
      lower = d.cp >= 'a' && d.cp <= 'z';
    } else {
      upper = d.cp >= 0 && utf8proc_isupper(d.cp);
      lower = d.cp >= 0 && utf8proc_islower(d.cp);
    }
    if (!upper && !lower) continue;
    any_letter = true;
    if (first)
      first_upper = upper;
    else if (lower)
      any_lower = true;
    if (first && lower) any_lower = true;
    first = false;
  }
  if (!any_letter)
    t.letter_case = LetterCase::kNone;
  else if (!first_upper)
    t.letter_case = LetterCase::kLower;
  else if (any_lower)
    t.letter_case = LetterCase::kCapitalised;
  else
    t.letter_case = LetterCase::kUpper;
}

std::string fold_word(std::string_view word, bool ascii) {
  if (ascii) return ascii_lower(word);
  return fold(word);
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 6 + 1);
  std::size_t prev_next = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto push = [&](Token&& t, std::string_view word) {
    t.gap = tokens.empty() ? Gap::kLine : classify(text.substr(prev_next, t.begin - prev_next));
    set_case(t, word);
    prev_next = t.next;
    tokens.push_back(std::move(t));
  };
  while (i < n) {
    Decoded d = decode(text, i);
    if (!is_word_cp(d.cp)) {
      i += d.len;
      continue;
    }
    const std::size_t start = i;
    // Dotted abbreviations: U.S., U.N., D.P.R.K.
    if (is_ascii_alpha(text[i]) && i + 3 < n && text[i + 1] == '.' && is_ascii_alpha(text[i + 2]) &&
        text[i + 3] == '.') {
      std::string letters;
      while (i + 1 < n && is_ascii_alpha(text[i]) && text[i + 1] == '.') {
        letters.push_back(text[i]);
        i += 2;
      }
      Token t;
      t.text = ascii_lower(letters);
      t.begin = start;
      t.end = i;
      t.next = i;
      // "U.N.'s", "U.S.’s": possessive like any word.
      if (std::size_t apos = apostrophe_at(text, i);
          apos > 0 && i + apos < n && (text[i + apos] == 's' || text[i + apos] == 'S') &&
          !is_word_at(text, i + apos + 1)) {
        t.possessive = true;
        t.next = i + apos + 1;
        i = t.next;
      }
      push(std::move(t), letters);
      continue;
    }
    bool ascii = true;
    std::size_t end = i;
    bool possessive = false;
    std::size_t next = 0;
    while (true) {
      while (i < n) {
        Decoded w = decode(text, i);
        if (is_word_cp(w.cp)) {
          if (w.len > 1) ascii = false;
          i += w.len;
          continue;
        }
        // 12,000 and 3.5 stay one token.
        if ((text[i] == ',' || text[i] == '.') && i > start && is_ascii_digit(text[i - 1]) &&
            i + 1 < n && is_ascii_digit(text[i + 1])) {
          i += 1;
          continue;
        }
        break;
      }
      end = i;
      std::size_t apos = apostrophe_at(text, i);
      if (apos == 0) break;
      std::size_t j = i + apos;
      if (j < n && (text[j] == 's' || text[j] == 'S') && !is_word_at(text, j + 1)) {
        possessive = true;
        next = j + 1;
        break;
      }
      if (is_word_at(text, j)) {
        if (apos > 1) ascii = false;
        i = j;  // an apostrophe inside a word: d'Orsay, O'Brien
        continue;
      }
      char last = text[end - 1];
      if (last == 's' || last == 'S') {  // the allies' position
        possessive = true;
        next = j;
      }
      break;
    }
    Token t;
    std::string_view word = text.substr(start, end - start);
    t.text = fold_word(word, ascii);
    t.begin = start;
    t.end = end;
    t.next = possessive ? next : end;
    t.possessive = possessive;
    if (!possessive && end < n && text[end] == '.') {
      bool initial = end - start == 1 && text[start] >= 'A' && text[start] <= 'Z';
      bool abbreviation =
          std::find(kAbbreviations.begin(), kAbbreviations.end(), t.text) != kAbbreviations.end();
      if (initial || abbreviation) t.next = end + 1;
    }
    i = t.next;
    push(std::move(t), word);
  }
  return tokens;
}

std::string_view separator_before(std::string_view text, const std::vector<Token>& tokens,
                                  std::size_t i) {
  std::size_t from = i == 0 ? 0 : tokens[i - 1].next;
  std::size_t to = i < tokens.size() ? tokens[i].begin : text.size();
  if (from > to) return {};
  return text.substr(from, to - from);
}

}  // namespace parley
