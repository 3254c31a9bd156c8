// Running a search: matching, ranking, the exact total and snippets.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "common/document.h"
#include "searcher/facets.h"
#include "searcher/request.h"

namespace parley {

// Marks around matched words in Hit::snippet; the renderer turns them into colour or offsets.
inline constexpr char kHighlightStart = '\x01';
inline constexpr char kHighlightEnd = '\x02';

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result of the whole match
  double score = 0;      // BM25 weight (0 when sorted by date with no words)
  StoredArticle article;
  std::string snippet;         // plain text with kHighlightStart/kHighlightEnd around matches
  std::size_t duplicates = 0;  // near-duplicates collapsed into this hit
};

struct SearchResult {
  std::size_t total = 0;  // hits matching (near-duplicates collapsed unless asked not to)
  bool total_exact = true;
  std::size_t articles = 0;  // articles matching, near-duplicates included
  std::vector<Hit> hits;
  std::vector<std::pair<schema::Facet, std::vector<FacetCount>>> facets;  // as requested
  std::optional<TimelineUnit> timeline_unit;
  std::vector<Period> timeline;
  std::string suggestion;  // the query with misspelt words corrected, or empty
  std::vector<std::pair<schema::Facet, std::string>> filters;  // resolved filter values
};

// Runs `request` against `db`. Throws QueryError for a query the user must fix.
SearchResult run_search(const Xapian::Database& db, const SearchRequest& request);

// Decodes the HTML escapes Xapian's snippet() adds (&amp; &lt; &gt; &quot; &#39;).
std::string unescape_html(std::string_view text);

}  // namespace parley
