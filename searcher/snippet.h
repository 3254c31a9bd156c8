// Snippets: the passage of a hit's text that shows where the query's words are, with those
// words marked, in the article's own characters.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace parley {

// Marks around matched words in a snippet; the renderer turns them into colour or offsets.
inline constexpr char kHighlightStart = '\x01';
inline constexpr char kHighlightEnd = '\x02';

// A word of the query as the index holds it: plain ("talks", matched as written) or a stem
// ("talk" from the term "Ztalk", matched by any word with that stem), with its weight (rarer
// words weigh more).
struct SnippetTerm {
  std::string text;
  bool stem = false;
  double weight = 1;
};

// The query's word terms, each with the weight log(1 + documents / term frequency); field and
// facet terms are left out.
std::vector<SnippetTerm> snippet_terms(const Xapian::Query& query, const Xapian::Database& db);

// Makes snippets for one query. Words are matched on the text as it is indexed (search_form():
// no diacritics, possessives blanked), the passage is about `bytes` long around the stretch
// whose distinct query words weigh most (the earliest of equals), and it is cut at word
// boundaries with "…" where it does not reach the text's ends. Only the words that could
// match are stemmed, so the cost is about one pass over the text.
class SnippetMaker {
 public:
  SnippetMaker(std::vector<SnippetTerm> terms, Xapian::Stem stemmer, std::size_t bytes);

  // The snippet of `text` in its own characters, matched words between kHighlightStart and
  // kHighlightEnd; empty when no word of the query is in it.
  std::string operator()(std::string_view text) const;

 private:
  // The term `word` (lower case) matches, or -1.
  int match(const std::string& word) const;

  std::vector<SnippetTerm> terms_;
  Xapian::Stem stemmer_;
  std::size_t bytes_;
  bool ascii_terms_ = true;  // every term is ASCII: candidates are found with find()
};

// The text's opening words, up to about `bytes`, cut at a space, with "…" when cut.
std::string lead(std::string_view text, std::size_t bytes);

}  // namespace parley
