#include "common/clean.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "common/dates.h"
#include "common/fold.h"

namespace parley::embedded {
extern const std::string_view boilerplate;
}

namespace parley {

namespace {

constexpr std::size_t kMaxRegexLineBytes = 160;
constexpr std::size_t kMaxPrefixLineWords = 14;
constexpr std::size_t kMaxBylineWords = 4;
// A sentence longer than this is article text: sentence rules are not tried on it.
constexpr std::size_t kMaxSentenceBytes = 400;
// A caption rule takes the sentence before its credit only when the two are this short.
constexpr std::size_t kMaxCaptionBytes = 320;

std::size_t count_words(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// A list item: "- text", "* text", "• text", "1. text", "1) text".
bool is_list_item(std::string_view line) {
  if (line.empty()) return false;
  if ((line[0] == '-' || line[0] == '*' || line[0] == '+') && line.size() > 1 && line[1] == ' ')
    return true;
  if (line.substr(0, 3) == "\xE2\x80\xA2" || line.substr(0, 2) == "\xC2\xB7") return true;
  std::size_t i = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9')
    ++i;
  return i > 0 && i < 4 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') &&
         line[i + 1] == ' ';
}

// A line that reads as a person's name alone: 1-4 capitalised words, letters and .'- only.
bool is_name_line(std::string_view line) {
  std::size_t words = count_words(line);
  if (words == 0 || words > kMaxBylineWords) return false;
  bool word_start = true;
  for (std::size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == ' ') {
      word_start = true;
      continue;
    }
    if (word_start && !(c >= 'A' && c <= 'Z') && c < 0x80) return false;
    word_start = false;
    if (c < 0x80 && !std::isalpha(c) && c != '.' && c != '\'' && c != '-') return false;
  }
  return true;
}

// Abbreviations a sentence does not end after (besides single letters: "J. Smith", "U.S.").
bool is_abbreviation(std::string_view word) {
  static constexpr std::string_view kAbbreviations[] = {
      "mr",  "mrs",  "ms",  "dr",   "st",   "gen",  "sen", "rep",  "gov",    "lt",  "col", "sgt",
      "maj", "capt", "adm", "cmdr", "pres", "prof", "rev", "jr",   "sr",     "vs",  "no",  "jan",
      "feb", "mar",  "apr", "jun",  "jul",  "aug",  "sep", "sept", "oct",    "nov", "dec", "inc",
      "co",  "corp", "ltd", "mt",   "ft",   "gov",  "ave", "blvd", "approx", "est", "fig", "al"};
  if (word.size() <= 1) return true;
  std::string lower = ascii_lower(word);
  for (std::string_view a : kAbbreviations) {
    if (lower == a) return true;
  }
  return false;
}

// Bytes that can open a sentence after a terminator and a space: a capital, a digit, an
// opening quote or bracket, or any non-ASCII letter.
bool opens_sentence(std::string_view s, std::size_t at) {
  if (at >= s.size()) return false;
  auto c = static_cast<unsigned char>(s[at]);
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '_') return true;
  return c >= 0x80;
}

// The length of a closing quote or bracket at `at` (", ', ), ], ” or ’), or 0.
std::size_t closer_at(std::string_view s, std::size_t at) {
  if (at >= s.size()) return 0;
  char c = s[at];
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  if (s.substr(at, 3) == "\xE2\x80\x9D" || s.substr(at, 3) == "\xE2\x80\x99") return 3;
  return 0;
}

// The longest run of plain characters a regex's every match must contain (matched against
// folded text with find() before the regex runs), or "" when there is none of 3 or more bytes
// (a top-level alternation, or only classes and groups).
std::string required_literal(std::string_view pattern) {
  int depth = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      while (i < pattern.size() && pattern[i] != ']')
        i += pattern[i] == '\\' ? 2 : 1;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return {};
    }
  }
  std::string best, run;
  auto flush = [&] {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  depth = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    char literal = 0;
    if (c == '\\' && i + 1 < pattern.size()) {
      char e = pattern[++i];
      if (!std::isalnum(static_cast<unsigned char>(e))) literal = e;
    } else if (c == '[') {
      while (i < pattern.size() && pattern[i] != ']')
        i += pattern[i] == '\\' ? 2 : 1;
    } else if (c == '{') {
      while (i < pattern.size() && pattern[i] != '}')
        ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view(" ,:;'@/&%=!\"-_#").find(c) != std::string_view::npos) {
      literal = c;
    }
    char next = i + 1 < pattern.size() ? pattern[i + 1] : 0;
    bool optional = next == '?' || next == '*' || next == '{';
    if (literal != 0 && depth == 0 && !optional) {
      run.push_back(literal);
      if (next == '+') flush();
    } else {
      flush();
    }
  }
  flush();
  return best.size() >= 3 ? best : std::string();
}

// Folds `line` as fold() does, code point by code point, and records for each byte of the
// result the offset in `line` of the code point it came from (plus one entry for the end).
std::string fold_with_offsets(std::string_view line, std::vector<std::size_t>& origin) {
  std::string out;
  out.reserve(line.size());
  origin.clear();
  origin.reserve(line.size() + 1);
  std::size_t i = 0;
  while (i < line.size()) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      out.push_back(c == '`' ? '\'' : static_cast<char>(std::tolower(c)));
      origin.push_back(i);
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    len = std::min(len, line.size() - i);
    std::string f = fold(line.substr(i, len));
    for (std::size_t k = 0; k < f.size(); ++k)
      origin.push_back(i);
    out += f;
    i += len;
  }
  origin.push_back(line.size());
  return out;
}

// `folded` without the trailing punctuation pages add to prompts ("Subscribe!", "Read more »"),
// trimmed.
std::string strip_trailing_marks(std::string folded) {
  while (!folded.empty() && std::string_view(".!:;>»|").find(folded.back()) != std::string::npos)
    folded.pop_back();
  return std::string(trim(folded));
}

// True when `line` is empty or ends a sentence or a heading: . ! ? : or a closing quote.
bool ends_sentence(std::string_view line) {
  if (line.empty()) return true;
  char c = line.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == '\'' ||
         line.ends_with("\xE2\x80\x9D");
}

struct KeyedRegex {
  std::regex re;
  std::string key;  // required_literal of the pattern (lower case): "" when it cannot be told
  bool caption = false;
  bool found_in(const std::string& folded) const {
    return key.empty() || folded.find(key) != std::string::npos;
  }
};

}  // namespace

std::vector<SentenceSpan> split_sentences(std::string_view line) {
  std::vector<SentenceSpan> out;
  std::size_t begin = 0;
  auto close = [&](std::size_t end, std::size_t next) {
    std::string_view piece = line.substr(begin, end - begin);
    std::size_t lead = piece.find_first_not_of(' ');
    if (lead != std::string_view::npos) {
      std::size_t last = piece.find_last_not_of(' ');
      out.push_back({begin + lead, begin + last + 1});
    }
    begin = next;
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '_' && i + 2 < line.size() && line[i + 1] == '_' && line[i + 2] == '_' &&
        (i == 0 || line[i - 1] == ' ')) {
      if (i > begin) close(i, i);
      while (i + 1 < line.size() && line[i + 1] == '_')
        ++i;
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    std::size_t j = i + 1;
    for (std::size_t n; (n = closer_at(line, j)) > 0;)
      j += n;
    if (j >= line.size() || line[j] != ' ') continue;
    std::size_t k = j;
    while (k < line.size() && line[k] == ' ')
      ++k;
    if (!opens_sentence(line, k)) continue;
    if (c == '.') {
      std::size_t start = i;
      while (start > 0 && std::isalpha(static_cast<unsigned char>(line[start - 1])))
        --start;
      bool after_digit = start > 0 && std::isdigit(static_cast<unsigned char>(line[start - 1]));
      // "U.S." and "U.K." end sentences as often as not; an initial ("Lucas Y.") does not.
      bool acronym = i - start == 1 && start >= 2 && line[start - 1] == '.' &&
                     std::isalpha(static_cast<unsigned char>(line[start - 2]));
      if (start < i && !after_digit && !acronym && is_abbreviation(line.substr(start, i - start)))
        continue;
    }
    close(j, k);
    i = k - 1;
  }
  close(line.size(), line.size());
  return out;
}

struct Cleaner::Rules {
  std::unordered_set<std::string> lines;
  std::vector<std::string> prefixes;
  std::vector<std::regex> regexes;
  std::vector<std::regex> metas;
  std::vector<std::regex> lists;
  std::vector<KeyedRegex> sites;      // matched against the original line, case-insensitively
  std::vector<KeyedRegex> credits;    // likewise
  std::vector<KeyedRegex> sentences;  // a whole sentence matches, folded
  std::vector<KeyedRegex> footers;    // likewise, and the rest of the line goes with it
  std::vector<KeyedRegex> inlines;    // found anywhere in a line, folded: the match is cut
  std::unordered_set<std::string> html_classes;
  std::vector<BoilerplateRule> table;

  bool is_boilerplate_sentence(const std::string& folded) const {
    if (folded.size() > kMaxSentenceBytes) return false;
    for (const KeyedRegex& r : sentences) {
      if (r.found_in(folded) && std::regex_match(folded, r.re)) return true;
    }
    return false;
  }

  // `line` without the boilerplate sentences and phrases inside it, or nullopt when nothing
  // is cut. Credits found in cut sentences go to `out`.
  std::optional<std::string> cut_inline(std::string_view line, Cleaned& out) const;
};

Cleaner::Cleaner(std::string_view text) : rules_(std::make_unique<Rules>()) {
  std::size_t number = 0;
  for (std::string_view raw : split_lines(text)) {
    ++number;
    std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    std::size_t tab = raw.find('\t');
    if (tab == std::string_view::npos) {
      throw std::runtime_error("boilerplate rules line " + std::to_string(number) +
                               ": expected KIND<TAB>PATTERN");
    }
    std::string kind(trim(raw.substr(0, tab)));
    std::string pattern(trim(raw.substr(tab + 1)));
    if (kind == "example" || kind == "keep") {
      if (rules_->table.empty()) {
        throw std::runtime_error("boilerplate rules line " + std::to_string(number) + ": " + kind +
                                 " before any rule");
      }
      std::string example_text;
      for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '\\' && i + 1 < pattern.size() && pattern[i + 1] == 'n') {
          example_text.push_back('\n');
          ++i;
        } else {
          example_text.push_back(pattern[i]);
        }
      }
      BoilerplateRule& rule = rules_->table.back();
      (kind == "example" ? rule.examples : rule.keeps).push_back(std::move(example_text));
      continue;
    }
    rules_->table.push_back({number, kind, pattern, {}, {}});
    try {
      auto re = [&](std::regex::flag_type extra = {}) {
        return std::regex(pattern, std::regex::ECMAScript | std::regex::optimize | extra);
      };
      if (kind == "line") {
        rules_->lines.insert(fold(pattern));
      } else if (kind == "prefix") {
        rules_->prefixes.push_back(fold(pattern));
      } else if (kind == "regex") {
        rules_->regexes.push_back(re());
      } else if (kind == "meta") {
        rules_->metas.push_back(re());
      } else if (kind == "list") {
        rules_->lists.push_back(re());
      } else if (kind == "site") {
        rules_->sites.push_back({re(std::regex::icase), ascii_lower(required_literal(pattern))});
      } else if (kind == "credit") {
        rules_->credits.push_back({re(std::regex::icase), ascii_lower(required_literal(pattern))});
      } else if (kind == "sentence") {
        rules_->sentences.push_back({re(), required_literal(pattern)});
      } else if (kind == "footer") {
        rules_->footers.push_back({re(), required_literal(pattern)});
      } else if (kind == "inline" || kind == "caption") {
        rules_->inlines.push_back({re(), required_literal(pattern), kind == "caption"});
      } else if (kind == "html-class") {
        rules_->html_classes.insert(ascii_lower(pattern));
      } else {
        throw std::runtime_error("unknown kind '" + kind + "'");
      }
    } catch (const std::exception& e) {
      throw std::runtime_error("boilerplate rules line " + std::to_string(number) + ": " +
                               e.what());
    }
  }
}

Cleaner::~Cleaner() = default;

const std::vector<BoilerplateRule>& Cleaner::rules() const {
  return rules_->table;
}

const Cleaner& Cleaner::builtin() {
  static const Cleaner cleaner(embedded::boilerplate);
  return cleaner;
}

namespace {

bool any_match(const std::vector<std::regex>& rules, const std::string& line) {
  for (const std::regex& r : rules) {
    if (std::regex_match(line, r)) return true;
  }
  return false;
}

// The first rule's group 1 that matches the whole line (case-insensitively), or empty.
std::string capture(const std::vector<KeyedRegex>& rules, const std::string& line) {
  std::string lower = ascii_lower(line);
  std::smatch m;
  for (const KeyedRegex& r : rules) {
    if (r.found_in(lower) && std::regex_match(line, m, r.re) && m.size() > 1 && m[1].matched) {
      return std::string(trim(m[1].str()));
    }
  }
  return {};
}

}  // namespace

bool Cleaner::is_boilerplate(std::string_view line) const {
  std::string folded = strip_trailing_marks(fold(trim(line)));
  if (folded.empty()) return false;
  // A sentence rule judges a line that is one sentence; a longer line is cut sentence by
  // sentence in clean().
  if (split_sentences(trim(line)).size() <= 1 && rules_->is_boilerplate_sentence(folded))
    return true;
  if (rules_->lines.contains(folded)) return true;
  if (count_words(folded) <= kMaxPrefixLineWords) {
    for (const std::string& p : rules_->prefixes) {
      if (folded.starts_with(p)) return true;
    }
  }
  if (folded.size() > kMaxRegexLineBytes) return false;
  return any_match(rules_->regexes, folded) || any_match(rules_->metas, folded);
}

std::optional<std::string> Cleaner::Rules::cut_inline(std::string_view line, Cleaned& out) const {
  std::vector<SentenceSpan> spans = split_sentences(line);
  std::vector<std::pair<std::size_t, std::size_t>> cuts;
  for (const SentenceSpan& span : spans) {
    if (span.end - span.begin > kMaxSentenceBytes) continue;
    std::string original(line.substr(span.begin, span.end - span.begin));
    if (std::string credit = capture(credits, original); !credit.empty()) {
      out.credits.push_back(credit);
      cuts.emplace_back(span.begin, span.end);
      continue;
    }
    std::string folded = strip_trailing_marks(fold(original));
    if (folded.empty()) continue;
    auto is_footer = [&](const KeyedRegex& r) {
      return r.found_in(folded) && std::regex_match(folded, r.re);
    };
    if (std::any_of(footers.begin(), footers.end(), is_footer)) {
      cuts.emplace_back(span.begin, line.size());
      break;
    }
    if (is_boilerplate_sentence(folded)) cuts.emplace_back(span.begin, span.end);
  }
  if (!inlines.empty()) {
    std::vector<std::size_t> origin;
    std::string folded = fold_with_offsets(line, origin);
    for (const KeyedRegex& r : inlines) {
      if (!r.found_in(folded)) continue;
      for (auto it = std::sregex_iterator(folded.begin(), folded.end(), r.re);
           it != std::sregex_iterator(); ++it) {
        if (it->length(0) == 0) continue;
        auto at = static_cast<std::size_t>(it->position(0));
        std::size_t begin = origin[at];
        std::size_t end = origin[at + static_cast<std::size_t>(it->length(0))];
        if (r.caption) {
          // The caption is the sentence the credit closes, or the one right before it.
          auto holder = std::find_if(spans.begin(), spans.end(),
                                     [&](const SentenceSpan& s) { return s.end > begin; });
          if (holder != spans.end() && holder->begin >= begin && holder != spans.begin()) --holder;
          if (holder != spans.end() && holder->begin < begin &&
              end - holder->begin <= kMaxCaptionBytes) {
            begin = holder->begin;
          }
        }
        cuts.emplace_back(begin, end);
      }
    }
  }
  if (cuts.empty()) return std::nullopt;
  std::sort(cuts.begin(), cuts.end());
  std::string kept;
  std::size_t from = 0;
  auto keep = [&](std::size_t to) {
    std::string_view piece = trim(line.substr(from, to - from));
    if (piece.empty()) return;
    if (!kept.empty()) kept.push_back(' ');
    kept.append(piece);
  };
  for (const auto& [begin, end] : cuts) {
    if (end <= from) continue;
    if (begin > from) keep(begin);
    from = std::max(from, end);
    ++out.dropped_spans;
  }
  keep(line.size());
  // What is left of a line cut down to punctuation ("'' ,") is not text.
  if (std::none_of(kept.begin(), kept.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
      })) {
    kept.clear();
  }
  return kept;
}

bool Cleaner::is_boilerplate_class(std::string_view attribute) const {
  std::string lower = ascii_lower(attribute);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= lower.size(); ++i) {
    if (i == lower.size() || lower[i] == ' ' || lower[i] == '-' || lower[i] == '_') {
      if (i > start && rules_->html_classes.contains(lower.substr(start, i - start))) return true;
      start = i + 1;
    }
  }
  return false;
}

Cleaned Cleaner::clean(std::string_view text) const {
  enum class Kind { kKeep, kDrop, kMeta, kBlank };
  std::vector<std::string_view> lines = split_lines(text);
  std::vector<Kind> kinds(lines.size(), Kind::kKeep);
  Cleaned out;

  bool in_list = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = trim(lines[i]);
    if (line.empty()) {
      kinds[i] = Kind::kBlank;
      continue;
    }
    if (in_list) {
      // A list runs over list items and short headline-like lines up to the next paragraph.
      if (is_list_item(line) || count_words(line) <= kMaxPrefixLineWords) {
        kinds[i] = Kind::kDrop;
        continue;
      }
      in_list = false;
    }
    if (line.size() > kMaxRegexLineBytes * 2) continue;  // a paragraph: never boilerplate
    // In hard-wrapped text a line that starts in lower case after a line that ends mid-sentence
    // is the rest of that sentence ("... will pay 10 dlrs a\nshare."), not a line of its own.
    if (i > 0 && std::islower(static_cast<unsigned char>(line[0])) &&
        !ends_sentence(trim(lines[i - 1]))) {
      continue;
    }

    std::string original(line);
    std::string folded = fold(line);
    if (folded.size() <= kMaxRegexLineBytes) {
      if (any_match(rules_->lists, folded)) {
        kinds[i] = Kind::kDrop;
        in_list = true;
        continue;
      }
      if (std::string site = capture(rules_->sites, original); !site.empty()) {
        out.sites.push_back(site);
        kinds[i] = Kind::kDrop;
        continue;
      }
      if (std::string credit = capture(rules_->credits, original);
          !credit.empty() && split_sentences(original).size() <= 1) {
        out.credits.push_back(credit);
        kinds[i] = Kind::kDrop;
        continue;
      }
      if (any_match(rules_->metas, folded)) {
        kinds[i] = Kind::kMeta;
        if (auto date = normalise_date(line)) out.dates.push_back(*date);
        continue;
      }
    }
    if (is_boilerplate(line)) kinds[i] = Kind::kDrop;
  }

  // A lone name right before or after a metadata line is a byline ("Abiola" / "4 Min Read").
  auto neighbour = [&](std::size_t i, int step) -> std::ptrdiff_t {
    auto j = static_cast<std::ptrdiff_t>(i) + step;
    while (j >= 0 && j < static_cast<std::ptrdiff_t>(lines.size()) &&
           kinds[static_cast<std::size_t>(j)] == Kind::kBlank) {
      j += step;
    }
    return j;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (kinds[i] != Kind::kMeta) continue;
    for (int step : {-1, 1}) {
      std::ptrdiff_t j = neighbour(i, step);
      if (j < 0 || j >= static_cast<std::ptrdiff_t>(lines.size())) continue;
      auto k = static_cast<std::size_t>(j);
      if (kinds[k] == Kind::kKeep && is_name_line(trim(lines[k]))) kinds[k] = Kind::kDrop;
    }
  }

  // Inside the lines kept: boilerplate sentences and phrases.
  std::vector<std::optional<std::string>> cut(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (kinds[i] != Kind::kKeep) continue;
    cut[i] = rules_->cut_inline(trim(lines[i]), out);
    if (cut[i] && cut[i]->empty()) kinds[i] = Kind::kDrop;
  }

  bool pending_blank = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (kinds[i] == Kind::kDrop || kinds[i] == Kind::kMeta) {
      ++out.dropped_lines;
      continue;
    }
    if (kinds[i] == Kind::kBlank) {
      pending_blank = !out.text.empty();
      continue;
    }
    if (!out.text.empty()) out.text.append(pending_blank ? "\n\n" : "\n");
    pending_blank = false;
    out.text.append(cut[i] ? std::string_view(*cut[i]) : trim(lines[i]));
  }
  return out;
}

}  // namespace parley
