// Running a search: matching, ranking, the exact total and snippets.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "common/document.h"
#include "searcher/request.h"

namespace parley {

// Marks around matched words in Hit::snippet; the renderer turns them into colour or offsets.
inline constexpr char kHighlightStart = '\x01';
inline constexpr char kHighlightEnd = '\x02';

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result of the whole match
  double score = 0;      // BM25 weight (0 when sorted by date with no words)
  StoredArticle article;
  std::string snippet;  // plain text with kHighlightStart/kHighlightEnd around matches
};

struct SearchResult {
  std::size_t total = 0;  // articles matching
  bool total_exact = true;
  std::vector<Hit> hits;
};

// Runs `request` against `db`. Throws QueryError for a query the user must fix.
SearchResult run_search(const Xapian::Database& db, const SearchRequest& request);

// Decodes the HTML escapes Xapian's snippet() adds (&amp; &lt; &gt; &quot; &#39;).
std::string unescape_html(std::string_view text);

}  // namespace parley
