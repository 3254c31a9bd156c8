#include "searcher/search.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <unordered_map>

#include "common/fold.h"
#include "common/schema.h"

namespace parley {

namespace {

constexpr std::size_t kSnippetBytes = 280;
// Words of an article that --like looks for in others.
constexpr Xapian::termcount kLikeTerms = 25;

}  // namespace

// Only plain words (no prefixed terms, no numbers) describe what an article is about.
class WordDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return term.size() > 2 && term[0] >= 'a' && term[0] <= 'z';
  }
};

// Articles like the one with `id`: its most telling words (Xapian's relevance feedback),
// the article itself left out.
Xapian::Query like_query(const Xapian::Database& db, const std::string& id) {
  std::string term = schema::id_term(id);
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) {
    throw QueryError("no article with id '" + id + "' in the index (ids are in --json output)");
  }
  Xapian::RSet rset;
  rset.add_document(*p);
  Xapian::Enquire enquire(db);
  WordDecider decider;
  // Exact term frequencies: over several databases Xapian otherwise estimates them, and the
  // words chosen would differ between one database and shards.
  Xapian::ESet eset =
      enquire.get_eset(kLikeTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<Xapian::Query> terms;
  std::vector<std::string> words;
  for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it)
    words.push_back(*it);
  // In a fixed order: the ESet orders terms of equal weight differently over shards, and the
  // snippet follows the query's order.
  std::sort(words.begin(), words.end());
  for (const std::string& w : words)
    terms.emplace_back(w);
  return Xapian::Query(Xapian::Query::OP_AND_NOT,
                       Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                       Xapian::Query(term));
}

SearchResult run_search(const Xapian::Database& db, const SearchRequest& request, bool remote) {
  SearchResult result;
  Xapian::Query query;
  if (!request.like.empty()) {
    query = like_query(db, request.like);
    if (request.query.find_first_not_of(" \t\n") != std::string::npos) {
      query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, build_query(request, db), query);
    }
  } else {
    query = build_query(request, db, &result.suggestion);
  }
  bool has_words = query.get_type() != Xapian::Query::LEAF_MATCH_ALL;
  if (Xapian::Query filter = build_filter(request, db, &result.filters); !filter.empty()) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
  }

  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  if (request.collapse) enquire.set_collapse_key(schema::kSlotDuplicateGroup);
  if (request.timeline) result.timeline_unit = parse_timeline_unit(*request.timeline);
  // With near-duplicates collapsed, Xapian only estimates the total; the number of distinct
  // groups among the matches is the exact one, and the documents the counter sees are every
  // matching article, also those collapsed away.
  MatchCounter counter(request.facets, request.collapse, request.timeline.has_value(), remote);
  counter.attach(enquire);
  SortOrder sort =
      request.sort.value_or(has_words ? SortOrder::kRelevance : SortOrder::kDateDescending);
  // Ties are broken on the content hash (which includes the article's id), never on the
  // document id: document ids differ between one database and shards of it, answers must not.
  switch (sort) {
    case SortOrder::kRelevance:
      enquire.set_sort_by_relevance_then_value(schema::kSlotContentHash, false);
      break;
    case SortOrder::kDateAscending:
      enquire.set_sort_by_value_then_relevance(schema::kSlotDateOrder, false);
      break;
    case SortOrder::kDateDescending:
      enquire.set_sort_by_value_then_relevance(schema::kSlotDateOrder, true);
      break;
  }

  // check_at_least the whole collection makes the total exact.
  Xapian::doccount all = db.get_doccount();
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                       static_cast<Xapian::doccount>(request.limit), all);
  result.total = mset.get_matches_estimated();
  result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  result.articles = result.total;  // exact without collapsing: every document was checked
  if (request.collapse) {
    result.articles = counter.documents();
    result.total = counter.groups();
    result.total_exact = true;
  }
  for (schema::Facet f : request.facets)
    result.facets.push_back(counter.counts(f, request.facet_limit));
  if (result.timeline_unit) result.timeline = counter.timeline(*result.timeline_unit);

  std::optional<SnippetMaker> snippets;
  if (has_words) snippets.emplace(snippet_terms(query, db), english_stemmer(), kSnippetBytes);
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Hit hit;
    hit.rank = it.get_rank() + 1;  // get_rank() already counts the offset
    hit.score = has_words ? it.get_weight() : 0.0;
    Xapian::Document doc = it.get_document();
    // Near-duplicates folded into a hit: the matching articles of its group, counted exactly
    // (Xapian's collapse count is a lower bound, and over remote shards a smaller one).
    if (request.collapse) {
      Xapian::doccount size = counter.group_size(doc.get_value(schema::kSlotDuplicateGroup));
      hit.duplicates = size == 0 ? 0 : size - 1;
    }
    hit.article = stored_article(doc);
    if (snippets) hit.snippet = (*snippets)(hit.article.text);
    // Where no word of the query is in the text (filters, title-only matches), show the lead.
    if (hit.snippet.empty()) hit.snippet = lead(hit.article.text, kSnippetBytes);
    result.hits.push_back(std::move(hit));
  }
  return result;
}

}  // namespace parley
