#include "searcher/snippet.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "common/fold.h"

namespace parley {

namespace {

constexpr std::string_view kOmission = "\xE2\x80\xA6";

bool starts_code_point(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

bool is_term_start(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80;
}

// A word of the text: its bytes [from, to) and the query term it matches.
struct Match {
  std::size_t from, to;
  int term;
};

// ASCII letters, digits and '_': the ASCII word characters.
constexpr std::array<bool, 128> kAsciiWord = [] {
  std::array<bool, 128> t{};
  for (int c = 0; c < 128; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  return t;
}();

// Whether a word character starts at text[i], and the length of its code point in *len.
inline bool wordchar_at(std::string_view text, std::size_t i, std::size_t* len) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *len = 1;
    return kAsciiWord[c];
  }
  std::size_t n = 1;
  while (i + n < text.size() && !starts_code_point(text[i + n]))
    ++n;
  *len = n;
  return Xapian::Unicode::is_wordchar(*Xapian::Utf8Iterator(text.data() + i, n));
}

// The end of the word that starts at `from`: a run of Unicode word characters, with an
// apostrophe between two of them inside the word ("don't"), as Xapian's TermGenerator reads.
std::size_t word_end(std::string_view text, std::size_t from) {
  auto apostrophe_at = [&](std::size_t i) -> std::size_t {
    if (text[i] == '\'') return 1;
    return text.compare(i, 3, "\xE2\x80\x99") == 0 ? 3 : 0;
  };
  std::size_t i = from, len = 0;
  while (i < text.size()) {
    if (wordchar_at(text, i, &len)) {
      i += len;
      continue;
    }
    std::size_t quote = apostrophe_at(i), next = 0;
    if (quote == 0 || i + quote >= text.size() || !wordchar_at(text, i + quote, &next)) break;
    i += quote + next;
  }
  return i;
}

// Whether a word starts at text[at] (a word character there, none just before it).
bool word_starts_at(std::string_view text, std::size_t at) {
  std::size_t len = 0;
  if (!wordchar_at(text, at, &len)) return false;
  if (at == 0) return true;
  std::size_t before = at - 1;
  while (before > 0 && !starts_code_point(text[before]))
    --before;
  return !wordchar_at(text, before, &len);
}

// Calls `word(from, to)` for each word of `text`.
template <typename F>
void for_each_word(std::string_view text, F word) {
  std::size_t len = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (!wordchar_at(text, i, &len)) {
      i += len;
      continue;
    }
    std::size_t to = word_end(text, i);
    word(i, to);
    i = to;
  }
}

// What to look for in lower-cased text to find the words a term matches: the term itself, or
// for a stem the part of it its words begin with. A Snowball stem is a prefix of its words
// except that a final "y" becomes "i" ("armi" for "army"): such a stem drops its last letter.
std::string_view needle(const SnippetTerm& term) {
  std::string_view n = term.text;
  if (term.stem && n.size() > 3 && n.back() == 'i') n.remove_suffix(1);
  return n;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
}

std::string lower_word(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size();) {
    auto c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(std::tolower(c)));
      ++i;
      continue;
    }
    Xapian::Utf8Iterator it(word.data() + i, word.size() - i);
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
    std::size_t n = 1;
    while (i + n < word.size() && !starts_code_point(word[i + n]))
      ++n;
    i += n;
  }
  return out;
}

// Moves `at` forward to the start of a word (past the spaces or the rest of a word it is in).
std::size_t word_start_from(std::string_view text, std::size_t at, std::size_t limit) {
  if (at == 0) return 0;
  std::size_t space = text.find_first_of(" \n\t", at > 0 ? at - 1 : 0);
  if (space == std::string_view::npos || space >= limit) return limit;
  std::size_t word = text.find_first_not_of(" \n\t", space);
  return word == std::string_view::npos || word > limit ? limit : word;
}

// Maps byte offsets of `stripped` onto `original`, which matches it code point for code point
// (search_form()): asked for offsets in increasing order, it reads each text once up to the
// last one.
class OffsetMap {
 public:
  OffsetMap(std::string_view stripped, std::string_view original)
      : stripped_(stripped), original_(original) {}

  std::size_t operator()(std::size_t at) {
    for (; s_ < at; ++s_) {
      if (!starts_code_point(stripped_[s_])) continue;
      // One code point on in the original.
      if (o_ < original_.size()) ++o_;
      while (o_ < original_.size() && !starts_code_point(original_[o_]))
        ++o_;
    }
    return o_;
  }

 private:
  std::string_view stripped_, original_;
  std::size_t s_ = 0, o_ = 0;  // the offsets reached, in each text
};

}  // namespace

std::vector<SnippetTerm> snippet_terms(const Xapian::Query& query, const Xapian::Database& db) {
  std::vector<SnippetTerm> out;
  double docs = std::max(1.0, static_cast<double>(db.get_doccount()));
  for (Xapian::TermIterator t = query.get_unique_terms_begin(); t != query.get_unique_terms_end();
       ++t) {
    std::string term = *t;
    bool stem = !term.empty() && term[0] == 'Z';
    if (stem) term.erase(0, 1);
    if (term.empty() || !is_term_start(term[0])) continue;  // a field's or a facet's term
    double freq = std::max(1.0, static_cast<double>(db.get_termfreq(*t)));
    out.push_back({term, stem, std::log(1.0 + docs / freq)});
  }
  return out;
}

SnippetMaker::SnippetMaker(std::vector<SnippetTerm> terms, Xapian::Stem stemmer, std::size_t bytes)
    : terms_(std::move(terms)), stemmer_(std::move(stemmer)), bytes_(bytes) {
  ascii_terms_ = std::all_of(terms_.begin(), terms_.end(),
                             [](const SnippetTerm& t) { return is_ascii(t.text); });
}

int SnippetMaker::match(const std::string& word) const {
  std::string stem;
  for (std::size_t t = 0; t < terms_.size(); ++t) {
    const SnippetTerm& term = terms_[t];
    if (!term.stem) {
      if (word == term.text) return static_cast<int>(t);
      continue;
    }
    // A Snowball stem shares its word's first two letters ("armi" for "armies"): only such
    // words are worth stemming.
    if (word.compare(0, 2, term.text, 0, 2) != 0) continue;
    if (stem.empty()) stem = stemmer_(word);
    if (stem == term.text) return static_cast<int>(t);
  }
  return -1;
}

std::string SnippetMaker::operator()(std::string_view text) const {
  if (terms_.empty()) return {};
  std::string stripped = search_form(text);
  std::vector<Match> matches;
  std::unordered_map<std::string, int> seen;  // each distinct word matched once
  auto consider = [&](std::size_t from, std::size_t to) {
    std::string word = lower_word(std::string_view(stripped).substr(from, to - from));
    auto [it, added] = seen.try_emplace(std::move(word), -1);
    if (added) it->second = match(it->first);
    if (it->second >= 0) matches.push_back({from, to, it->second});
  };
  if (ascii_terms_) {
    // Only where a term's letters are does a word need reading: found with find(), which is
    // much quicker than reading every word.
    std::string lower = ascii_lower(stripped);
    for (const SnippetTerm& term : terms_) {
      std::string_view n = needle(term);
      for (std::size_t at = 0; at < lower.size(); ++at) {
        // memmem() (glibc's two-way search) rather than find(), which stops at every byte
        // equal to the needle's first.
        const void* hit = memmem(lower.data() + at, lower.size() - at, n.data(), n.size());
        if (hit == nullptr) break;
        at = static_cast<std::size_t>(static_cast<const char*>(hit) - lower.data());
        if (word_starts_at(stripped, at)) consider(at, word_end(stripped, at));
      }
    }
    std::sort(matches.begin(), matches.end(),
              [](const Match& a, const Match& b) { return a.from < b.from; });
    matches.erase(std::unique(matches.begin(), matches.end(),
                              [](const Match& a, const Match& b) { return a.from == b.from; }),
                  matches.end());
  } else {
    // Lower-casing past ASCII can change a word's bytes: every word is read.
    for_each_word(stripped, consider);
  }
  if (matches.empty()) return {};

  // Slides a window of matches spanning at most a snippet along the text, growing each until
  // its distinct terms weigh `enough` or it can grow no more, and calls visit(i, j, weight) for
  // each window [i, j).
  auto slide = [&](double enough, auto&& visit) {
    std::vector<std::size_t> in_window(terms_.size());
    double weight = 0;
    for (std::size_t i = 0, j = 0; i < matches.size(); ++i) {
      for (; j < matches.size() && weight < enough && matches[j].to - matches[i].from <= bytes_;
           ++j) {
        if (in_window[matches[j].term]++ == 0) weight += terms_[matches[j].term].weight;
      }
      if (j == i) {
        ++j;  // a single word longer than a snippet
        continue;
      }
      visit(i, j, weight);
      if (--in_window[matches[i].term] == 0) weight -= terms_[matches[i].term].weight;
    }
  };
  // The window whose distinct terms weigh most; of those, the tightest (the earliest of
  // equals): a common word of the query ("of" in a phrase) must not pull the passage away
  // from the rest.
  double best = -1;
  std::size_t best_i = 0, best_j = 1;
  slide(std::numeric_limits<double>::infinity(), [&](std::size_t, std::size_t, double w) {
    if (w > best) best = w;
  });
  if (best >= 0) {
    std::size_t tightest = std::numeric_limits<std::size_t>::max();
    slide(best - 1e-9, [&](std::size_t i, std::size_t j, double w) {
      if (w >= best - 1e-9 && matches[j - 1].to - matches[i].from < tightest) {
        tightest = matches[j - 1].to - matches[i].from;
        best_i = i;
        best_j = j;
      }
    });
  }
  std::size_t first = matches[best_i].from, last = matches[best_j - 1].to;

  // Some context before the first match: from the start of its sentence when that is near,
  // else a third of the room left.
  std::size_t room = bytes_ > last - first ? bytes_ - (last - first) : 0;
  std::size_t from = first;
  if (first > 0) {
    std::size_t earliest = first > room ? first - room : 0;
    std::size_t sentence = std::string_view::npos;
    for (std::size_t k = first; k > earliest; --k) {
      char c = stripped[k - 1];
      if (c == '\n' || ((c == ' ') && k >= 2 &&
                        std::string_view(".!?").find(stripped[k - 2]) != std::string_view::npos)) {
        sentence = k;
        break;
      }
    }
    if (earliest == 0 && sentence == std::string_view::npos && first <= room) sentence = 0;
    from = sentence != std::string_view::npos
               ? word_start_from(stripped, sentence, first)
               : word_start_from(stripped, first - std::min(first, room / 3), first);
  }
  std::size_t to = std::min(stripped.size(), from + bytes_);
  if (to == stripped.size() && from > 0 && to - from < bytes_) {
    // The text ends first: fill the snippet from further back.
    std::size_t back = to > bytes_ ? to - bytes_ : 0;
    from = std::min(from, word_start_from(stripped, back, first));
  } else if (to < stripped.size()) {
    std::size_t space = stripped.find_last_of(" \n\t", to);
    to = space == std::string::npos || space < last ? std::max(last, to) : space;
  }

  // The same passage in the article's own characters, the matches marked.
  bool same = stripped == text;
  OffsetMap map(stripped, text);
  auto original = [&](std::size_t at) { return same ? at : map(at); };
  std::string out;
  if (from > 0) out.append(kOmission);
  std::size_t at = from;
  // Offsets are mapped in increasing order, one at a time (OffsetMap reads on from the last).
  auto span = [&](std::size_t begin, std::size_t end) {
    std::size_t b = original(begin);
    return text.substr(b, original(end) - b);
  };
  auto append_plain = [&](std::size_t until) {
    for (char c : span(at, until))
      out.push_back(c == '\n' ? ' ' : c);
  };
  for (const Match& m : matches) {
    if (m.from < from || m.to > to) continue;
    append_plain(m.from);
    out.push_back(kHighlightStart);
    out.append(span(m.from, m.to));
    out.push_back(kHighlightEnd);
    at = m.to;
  }
  append_plain(to);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n'))
    out.pop_back();
  if (to < stripped.size()) out.append(kOmission);
  return out;
}

std::string lead(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  std::size_t cut = text.rfind(' ', bytes);
  if (cut == std::string_view::npos || cut < bytes / 2) {
    cut = bytes;
    while (cut > 0 && !starts_code_point(text[cut]))
      --cut;
  }
  return std::string(text.substr(0, cut)) + std::string(kOmission);
}

}  // namespace parley
