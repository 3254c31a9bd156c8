// Running a search: matching, ranking, the exact total and snippets.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "common/document.h"
#include "searcher/facets.h"
#include "searcher/request.h"
#include "searcher/snippet.h"

namespace parley {

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
  std::vector<FacetCounts> facets;  // as requested, as many values as request.facet_limit
  std::optional<TimelineUnit> timeline_unit;
  std::vector<Period> timeline;
  std::string suggestion;  // the query with misspelt words corrected, or empty
  std::vector<std::pair<schema::Facet, std::string>> filters;  // resolved filter values
};

// Runs `request` against `db`; `remote` when some of its shards are served by xapian-tcpsrv
// (SearchIndex::remote), whose server runs only Xapian's own match spies. Throws QueryError
// for a query the user must fix.
SearchResult run_search(const Xapian::Database& db, const SearchRequest& request,
                        bool remote = false);

}  // namespace parley
