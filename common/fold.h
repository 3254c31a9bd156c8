// Unicode helpers shared by the readers, the cleaner and the matchers: UTF-8 repair, folding
// for matching, and small string utilities. Pure functions over UTF-8 text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace parley {

// True when `bytes` looks like binary data rather than text: a NUL byte, or more than a few
// percent of control characters other than tab, CR, LF and form feed.
bool looks_binary(std::string_view bytes);

// Returns `text` as valid UTF-8: each invalid byte becomes U+FFFD, C0 controls other than tab
// and newline are dropped, CRLF and CR become LF, and a leading byte order mark is removed.
// Counts the replaced bytes into *invalid when given.
std::string repair_utf8(std::string_view text, std::size_t* invalid = nullptr);

// Folds text for matching: compatibility-normalised, case-folded, diacritics stripped, curly
// quotes and apostrophes to ' and ", dashes to -. "Erdoğan’s" -> "erdogan's".
std::string fold(std::string_view text);

// `text` with diacritics removed and nothing else changed: "Erdoğan’s" -> "Erdogan’s". Each
// code point maps to exactly one code point, so offsets counted in code points carry over
// between the two.
std::string strip_marks(std::string_view text);

// The form of text that is indexed and that queries are parsed from: strip_marks(), and a
// possessive 's or ’s blanked out ("Erdoğan’s plan" -> "Erdogan   plan"), so that "Putin" and
// the phrase "Recep Tayyip Erdogan" match "Putin’s" and "Recep Tayyip Erdoğan’s". Code point
// for code point like strip_marks().
std::string search_form(std::string_view text);

// Whitespace trimmed off both ends (ASCII whitespace and U+00A0).
std::string_view trim(std::string_view s);

// The words of `s`: the runs between spaces and tabs.
std::vector<std::string_view> split_words(std::string_view s);

// Splits on '\n', keeping empty lines.
std::vector<std::string_view> split_lines(std::string_view text);

// ASCII lower-casing.
std::string ascii_lower(std::string_view s);

// Collapses runs of spaces and tabs into one space inside each line and trims each line.
std::string collapse_spaces(std::string_view text);

}  // namespace parley
