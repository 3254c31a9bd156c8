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
constexpr std::string_view kOmission = "\xE2\x80\xA6";
// Words of an article that --like looks for in others.
constexpr Xapian::termcount kLikeTerms = 25;

struct Needle {
  std::string text;  // lower case, as it starts a word in the text
  double weight;
};

// The text's opening words, up to about `bytes`, cut at a space.
std::string lead(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  std::size_t cut = text.rfind(' ', bytes);
  if (cut == std::string_view::npos || cut < bytes / 2) {
    cut = bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;
  }
  return std::string(text.substr(0, cut)) + std::string(kOmission);
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
  std::string_view body = snippet;
  bool omit_front = body.starts_with(kOmission), omit_back = body.ends_with(kOmission);
  if (omit_front) body.remove_prefix(kOmission.size());
  if (omit_back && !body.empty()) body.remove_suffix(kOmission.size());
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
  std::string out(omit_front ? kOmission : "");
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
  if (omit_back) out.append(kOmission);
  return out;
}

bool is_word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80;
}

// What to look for in a hit's text to find where the query's words are: the query's plain and
// stemmed ("Z") words, each with its weight (rarer words weigh more). A Snowball stem is a
// prefix of the words it comes from, except that a final "y" becomes "i" ("armi" for "army"):
// such a stem drops its last letter.
std::vector<Needle> snippet_needles(const Xapian::Query& query, const Xapian::Database& db) {
  std::vector<Needle> out;
  double docs = std::max(1.0, static_cast<double>(db.get_doccount()));
  for (Xapian::TermIterator t = query.get_unique_terms_begin(); t != query.get_unique_terms_end();
       ++t) {
    std::string term = *t;
    if (!term.empty() && term[0] == 'Z') {
      term.erase(0, 1);
      if (term.size() > 3 && term.back() == 'i') term.pop_back();
    }
    if (term.empty() || !is_word_byte(term[0])) continue;  // a field's or a facet's term
    double freq = std::max(1.0, static_cast<double>(db.get_termfreq(*t)));
    double weight = std::log(1.0 + docs / freq);
    auto same =
        std::find_if(out.begin(), out.end(), [&](const Needle& n) { return n.text == term; });
    if (same == out.end()) {
      out.push_back({term, weight});
    } else {
      same->weight = std::max(same->weight, weight);
    }
  }
  return out;
}

// The part of `text` worth handing to Xapian's snippet maker, which stems and weighs every
// word it is given: around the cluster of query words whose distinct words weigh most, with
// room for a snippet on either side. The whole text when no word is found as written (a match
// through the title only, or a stem that is not a prefix of its word).
std::pair<std::size_t, std::size_t> snippet_region(std::string_view text,
                                                   const std::vector<Needle>& needles) {
  std::string lower = ascii_lower(text);
  struct Hit {
    std::size_t at;
    std::size_t needle;
  };
  std::vector<Hit> hits;
  for (std::size_t n = 0; n < needles.size(); ++n) {
    const std::string& needle = needles[n].text;
    for (std::size_t at = lower.find(needle); at != std::string::npos;
         at = lower.find(needle, at + 1)) {
      if (at == 0 || !is_word_byte(lower[at - 1])) hits.push_back({at, n});
    }
  }
  if (hits.empty()) return {0, text.size()};
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.at < b.at; });
  // Clusters of hits no further apart than a snippet; the best weighs most (the earliest of
  // equals).
  std::size_t best_from = 0, best_to = 0;
  double best = -1;
  for (std::size_t i = 0; i < hits.size();) {
    std::size_t j = i + 1;
    while (j < hits.size() && hits[j].at - hits[j - 1].at <= kSnippetBytes)
      ++j;
    double weight = 0;
    std::vector<bool> seen(needles.size());
    for (std::size_t k = i; k < j; ++k) {
      if (!seen[hits[k].needle]) weight += needles[hits[k].needle].weight;
      seen[hits[k].needle] = true;
    }
    if (weight > best) {
      best = weight;
      best_from = hits[i].at;
      best_to = hits[j - 1].at + needles[hits[j - 1].needle].text.size();
    }
    i = j;
  }
  // A snippet's length of context each side, cut at spaces.
  std::size_t from = best_from > kSnippetBytes ? best_from - kSnippetBytes : 0;
  std::size_t to = std::min(text.size(), best_to + kSnippetBytes);
  if (from > 0) {
    std::size_t space = text.find(' ', from);
    from = space == std::string_view::npos || space >= best_from ? best_from : space + 1;
  }
  if (to < text.size()) {
    std::size_t space = text.rfind(' ', to);
    to = space == std::string_view::npos || space < best_to ? best_to : space;
  }
  return {from, to};
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
  std::vector<Needle> needles;
  if (has_words) needles = snippet_needles(query, db);
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
      auto [from, to] = snippet_region(stripped, needles);
      hit.snippet = unescape_html(
          mset.snippet(stripped.substr(from, to - from), kSnippetBytes, stemmer,
                       Xapian::MSet::SNIPPET_EXHAUSTIVE, std::string(1, kHighlightStart),
                       std::string(1, kHighlightEnd), std::string(kOmission)));
      // The region's own ends are not the text's.
      if (from > 0 && !hit.snippet.starts_with(kOmission)) hit.snippet.insert(0, kOmission);
      if (to < stripped.size() && !hit.snippet.ends_with(kOmission)) hit.snippet += kOmission;
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
