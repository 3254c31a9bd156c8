#include "searcher/search.h"

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "common/fold.h"
#include "common/schema.h"

namespace parley {

namespace {

constexpr std::size_t kSnippetBytes = 280;
// Words of an article that --like looks for in others.
constexpr Xapian::termcount kLikeTerms = 25;

// The text's opening words, up to about `bytes`, cut at a space.
std::string lead(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  std::size_t cut = text.rfind(' ', bytes);
  if (cut == std::string_view::npos || cut < bytes / 2) {
    cut = bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;
  }
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
}

bool starts_code_point(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

// The length in bytes of the UTF-8 sequence starting at `s[i]`.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  std::size_t n = 1;
  while (i + n < s.size() && !starts_code_point(s[i + n]))
    ++n;
  return n;
}

// Maps a snippet made from `stripped` (search_form of `original`) back onto `original`, so it
// shows the article's own characters ("Erdoğan", not "Erdogan"): the two texts match code point
// for code point. Returns the snippet unchanged when it cannot be placed.
std::string restore_marks(const std::string& snippet, std::string_view stripped,
                          std::string_view original) {
  static constexpr std::string_view kOmit = "\xE2\x80\xA6";
  std::string_view body = snippet;
  bool omit_front = body.starts_with(kOmit), omit_back = body.ends_with(kOmit);
  if (omit_front) body.remove_prefix(kOmit.size());
  if (omit_back && !body.empty()) body.remove_suffix(kOmit.size());
  std::string plain;
  for (char c : body) {
    if (c != kHighlightStart && c != kHighlightEnd) plain.push_back(c);
  }
  std::size_t at = stripped.find(plain);
  if (plain.empty() || at == std::string_view::npos) return snippet;
  // The same code point in the original.
  std::size_t from = 0;
  for (std::size_t i = 0; i < at; i += sequence_length(stripped, i)) {
    from += sequence_length(original, from);
  }
  std::string out(omit_front ? kOmit : "");
  for (std::size_t i = 0; i < body.size();) {
    if (body[i] == kHighlightStart || body[i] == kHighlightEnd) {
      out.push_back(body[i++]);
      continue;
    }
    std::size_t n = sequence_length(original, from);
    out.append(original.substr(from, n));
    from += n;
    i += sequence_length(body, i);
  }
  if (omit_back) out.append(kOmit);
  return out;
}

}  // namespace

std::string unescape_html(std::string_view text) {
  struct Entity {
    std::string_view from, to;
  };
  static constexpr Entity kEntities[] = {{"&amp;", "&"},   {"&lt;", "<"},  {"&gt;", ">"},
                                         {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const Entity& e : kEntities) {
        if (text.substr(i, e.from.size()) == e.from) {
          out.append(e.to);
          i += e.from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(text[i++]);
  }
  return out;
}

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

SearchResult run_search(const Xapian::Database& db, const SearchRequest& request) {
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
  FacetCounter counter(request.facets);
  counter.attach(enquire);
  // With near-duplicates collapsed, Xapian only estimates the total; the number of distinct
  // groups among the matches is the exact one, and the documents this spy saw are every
  // matching article, also those collapsed away.
  Xapian::ValueCountMatchSpy groups(schema::kSlotDuplicateGroup);
  if (request.collapse) enquire.add_matchspy(&groups);
  Xapian::ValueCountMatchSpy dates(schema::kSlotDate);
  if (request.timeline) {
    result.timeline_unit = parse_timeline_unit(*request.timeline);
    enquire.add_matchspy(&dates);
  }
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
    result.articles = groups.get_total();
    result.total =
        static_cast<std::size_t>(std::distance(groups.values_begin(), groups.values_end()));
    result.total_exact = true;
  }
  for (schema::Facet f : request.facets)
    result.facets.emplace_back(f, counter.counts(f));
  if (result.timeline_unit) result.timeline = timeline(dates, *result.timeline_unit);

  // Near-duplicates folded into a hit: the matching articles of its group, counted exactly by
  // the spy (Xapian's collapse count is a lower bound, and over remote shards a smaller one).
  std::unordered_map<std::string, Xapian::doccount> group_sizes;
  if (request.collapse) {
    for (Xapian::TermIterator g = groups.values_begin(); g != groups.values_end(); ++g)
      group_sizes.emplace(*g, g.get_termfreq());
  }
  Xapian::Stem stemmer = english_stemmer();
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Hit hit;
    hit.rank = it.get_rank() + 1;  // get_rank() already counts the offset
    hit.score = has_words ? it.get_weight() : 0.0;
    Xapian::Document doc = it.get_document();
    if (request.collapse) {
      auto size = group_sizes.find(doc.get_value(schema::kSlotDuplicateGroup));
      hit.duplicates = size == group_sizes.end() ? 0 : size->second - 1;
    }
    hit.article = stored_article(doc);
    const std::string& text = hit.article.text;
    if (has_words) {
      // The index holds the text without diacritics: snippet that, then restore them.
      std::string stripped = search_form(text);
      hit.snippet = unescape_html(mset.snippet(
          stripped, kSnippetBytes, stemmer,
          Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
          std::string(1, kHighlightStart), std::string(1, kHighlightEnd), "\xE2\x80\xA6"));
      if (stripped != text) hit.snippet = restore_marks(hit.snippet, stripped, text);
    }
    // Where no word of the query is in the text (filters, title-only matches), show the lead.
    if (hit.snippet.find(kHighlightStart) == std::string::npos) {
      hit.snippet = lead(text, kSnippetBytes);
    }
    result.hits.push_back(std::move(hit));
  }
  return result;
}

}  // namespace parley
