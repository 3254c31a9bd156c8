#include "searcher/search.h"

#include "common/schema.h"

namespace parley {

namespace {

constexpr std::size_t kSnippetBytes = 280;

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

SearchResult run_search(const Xapian::Database& db, const SearchRequest& request) {
  Xapian::Query query = build_query(request, db);
  bool has_words = !(query.get_type() == Xapian::Query::LEAF_MATCH_ALL);

  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  SortOrder sort =
      request.sort.value_or(has_words ? SortOrder::kRelevance : SortOrder::kDateDescending);
  switch (sort) {
    case SortOrder::kRelevance:
      enquire.set_sort_by_relevance();
      break;
    case SortOrder::kDateAscending:
      enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
      break;
    case SortOrder::kDateDescending:
      enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
      break;
  }

  // check_at_least the whole collection makes the total exact.
  Xapian::doccount all = db.get_doccount();
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                       static_cast<Xapian::doccount>(request.limit), all);
  SearchResult result;
  result.total = mset.get_matches_estimated();
  result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();

  Xapian::Stem stemmer = english_stemmer();
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Hit hit;
    hit.rank = it.get_rank() + 1;  // get_rank() already counts the offset
    hit.score = has_words ? it.get_weight() : 0.0;
    hit.article = stored_article(it.get_document());
    const std::string& text = hit.article.text;
    if (has_words) {
      hit.snippet = unescape_html(mset.snippet(
          text, kSnippetBytes, stemmer,
          Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
          std::string(1, kHighlightStart), std::string(1, kHighlightEnd), "\xE2\x80\xA6"));
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
