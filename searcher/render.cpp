#include "searcher/render.h"

#include <algorithm>
#include <cstdio>

namespace parley {

namespace {

const char* sort_name(const SearchRequest& request, bool has_words) {
  SortOrder sort =
      request.sort.value_or(has_words ? SortOrder::kRelevance : SortOrder::kDateDescending);
  switch (sort) {
    case SortOrder::kRelevance:
      return "relevance";
    case SortOrder::kDateAscending:
      return "date";
    case SortOrder::kDateDescending:
      return "-date";
  }
  return "relevance";
}

nlohmann::ordered_json or_null(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The ANSI codes of the text output; all empty without colour.
struct Palette {
  explicit Palette(bool on)
      : bold(on ? "\033[1m" : ""),
        dim(on ? "\033[2m" : ""),
        reset(on ? "\033[0m" : ""),
        mark(on ? "\033[1;33m" : "") {}
  const char* bold;
  const char* dim;
  const char* reset;
  const char* mark;
};

constexpr std::size_t kTimelineBarWidth = 40;

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    n += is_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return n;
}

nlohmann::ordered_json filters_json(const SearchResult& result) {
  nlohmann::ordered_json filters = nlohmann::ordered_json::object();
  for (const auto& [facet, id] : result.filters) {
    filters[std::string(schema::facet_info(facet).name)].push_back(id);
  }
  return filters;
}

}  // namespace

std::pair<std::string, std::vector<std::pair<std::size_t, std::size_t>>> split_highlights(
    std::string_view snippet) {
  std::string plain;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t code_points = 0, start = 0;
  for (char c : snippet) {
    if (c == kHighlightStart) {
      start = code_points;
    } else if (c == kHighlightEnd) {
      spans.emplace_back(start, code_points - start);
    } else {
      if (!is_continuation(static_cast<unsigned char>(c))) ++code_points;
      plain.push_back(c);
    }
  }
  return {plain, spans};
}

nlohmann::ordered_json result_json(const SearchRequest& request, const SearchResult& result) {
  bool has_words = request.query.find_first_not_of(" \t\n") != std::string::npos;
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const Hit& h : result.hits) {
    auto [plain, spans] = split_highlights(h.snippet);
    nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
    for (auto [s, n] : spans)
      highlights.push_back({s, n});
    const StoredArticle& a = h.article;
    hits.push_back({
        {"rank", h.rank},
        {"id", a.id},
        {"path", a.path},
        {"format", a.format},
        {"title", or_null(a.title)},
        {"date", or_null(a.date)},
        {"source", or_null(a.source)},
        {"url", or_null(a.url)},
        {"author", or_null(a.author)},
        {"score", h.score},
        {"snippet", plain},
        {"highlights", highlights},
        {"facets", entities_json(a.entities)},
        {"duplicates", h.duplicates},
    });
  }
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const FacetCounts& f : result.facets) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const FacetCount& v : f.values)
      values.push_back({{"id", v.id}, {"name", v.name}, {"count", v.count}});
    facets[std::string(schema::facet_info(f.facet).name)] = values;
  }
  nlohmann::ordered_json timeline = nullptr;
  if (result.timeline_unit) {
    nlohmann::ordered_json periods = nlohmann::ordered_json::array();
    for (const Period& p : result.timeline)
      periods.push_back({{"period", p.period}, {"count", p.count}});
    timeline = {{"unit", timeline_unit_name(*result.timeline_unit)}, {"periods", periods}};
  }
  return {
      {"version", kJsonVersion},
      {"query", request.query},
      {"match", request.match == MatchMode::kAll ? "all" : "any"},
      {"sort", sort_name(request, has_words)},
      {"offset", request.offset},
      {"limit", request.limit},
      {"total", result.total},
      {"total_exact", result.total_exact},
      {"articles", result.articles},
      {"collapsed", request.collapse},
      {"suggestion", or_null(result.suggestion)},
      {"filters", filters_json(result)},
      {"hits", hits},
      {"facets", facets},
      {"timeline", timeline},
  };
}

void render_text(std::ostream& out, const SearchRequest& request, const SearchResult& result,
                 bool color) {
  const auto [bold, dim, reset, mark] = Palette(color);

  std::string total = (result.total_exact ? "" : "about ") + std::to_string(result.total);
  out << bold << total << (result.total == 1 ? " article matches" : " articles match") << reset;
  if (!request.query.empty()) out << " '" << request.query << "'";
  if (!request.like.empty()) out << " like " << request.like;
  for (const auto& [facet, id] : result.filters) {
    out << " " << schema::facet_info(facet).name << ":" << id;
  }
  if (!request.date_from.empty() || !request.date_to.empty()) {
    out << " date:" << request.date_from << ".." << request.date_to;
  }
  if (!result.hits.empty()) {
    out << " (showing " << result.hits.front().rank << "-" << result.hits.back().rank << ")";
  }
  if (result.articles > result.total) {
    out << dim << "; " << result.articles - result.total
        << " near-duplicates folded in (--no-collapse shows them)" << reset;
  }
  out << "\n";
  if (!result.suggestion.empty()) {
    out << "Did you mean: " << bold << result.suggestion << reset << "?\n";
  }

  for (const Hit& h : result.hits) {
    const StoredArticle& a = h.article;
    char rank[16];
    std::snprintf(rank, sizeof rank, "%3zu. ", h.rank);
    out << "\n" << rank << bold << (a.title.empty() ? "(untitled)" : a.title) << reset << "\n";
    out << "     " << dim;
    std::string sep;
    for (const std::string* field : {&a.date, &a.source, &a.id}) {
      if (field->empty()) continue;
      out << sep << *field;
      sep = " \xC2\xB7 ";
    }
    if (h.duplicates > 0) {
      out << sep << "+" << h.duplicates << " similar";
      sep = " \xC2\xB7 ";
    }
    if (h.score > 0) {
      char score[32];
      std::snprintf(score, sizeof score, "%.2f", h.score);
      out << sep << "score " << score;
    }
    out << reset << "\n";
    if (!h.snippet.empty()) {
      out << "     ";
      bool space = false;
      for (char c : h.snippet) {
        if (c == '\n' || c == ' ') {
          space = true;
          continue;
        }
        if (space) out << ' ';
        space = false;
        if (c == kHighlightStart) {
          out << mark;
        } else if (c == kHighlightEnd) {
          out << reset;
        } else {
          out << c;
        }
      }
      out << "\n";
    }
  }

  render_facets(out, result, color);
}

void render_facets(std::ostream& out, const SearchResult& result, bool color) {
  const auto [bold, dim, reset, mark] = Palette(color);
  (void)mark;
  bool any = false;
  for (const FacetCounts& f : result.facets)
    any = any || !f.values.empty();
  if (any) out << "\n";
  for (const FacetCounts& f : result.facets) {
    if (f.values.empty()) continue;
    std::string label(schema::facet_info(f.facet).label);
    out << bold << label << reset << std::string(label.size() < 18 ? 18 - label.size() : 1, ' ');
    for (std::size_t i = 0; i < f.values.size(); ++i) {
      if (i > 0) out << dim << " \xC2\xB7 " << reset;
      out << f.values[i].name << " " << dim << f.values[i].count << reset;
    }
    if (f.distinct > f.values.size())
      out << dim << " \xC2\xB7 +" << f.distinct - f.values.size() << " more" << reset;
    out << "\n";
  }
  if (result.timeline_unit && result.timeline.empty()) {
    out << "\n"
        << bold << "Timeline by " << timeline_unit_name(*result.timeline_unit) << reset
        << ": no dated article matches\n";
  }
  if (result.timeline_unit && !result.timeline.empty()) {
    out << "\n"
        << bold << "Timeline by " << timeline_unit_name(*result.timeline_unit) << reset << "\n";
    Xapian::doccount most = 0;
    std::size_t width = 0;
    for (const Period& p : result.timeline) {
      most = std::max(most, p.count);
      width = std::max(width, display_width(p.period));
    }
    for (const Period& p : result.timeline) {
      std::size_t bar = most ? (p.count * kTimelineBarWidth + most - 1) / most : 0;
      out << "  " << p.period << std::string(width - display_width(p.period) + 1, ' ');
      for (std::size_t i = 0; i < bar; ++i)
        out << "\xE2\x96\x88";
      out << " " << p.count << "\n";
    }
  }
}

void render_values(std::ostream& out, schema::Facet facet, const std::vector<FacetCount>& values,
                   bool color) {
  const Palette style(color);
  std::size_t width = 0;
  for (const FacetCount& v : values)
    width = std::max(width, v.id.size());
  out << style.bold << values.size() << " " << schema::facet_info(facet).name
      << " values in the index" << style.reset << "\n";
  for (const FacetCount& v : values) {
    char count[16];
    std::snprintf(count, sizeof count, "%7u  ", static_cast<unsigned>(v.count));
    out << count << v.id << std::string(width - v.id.size() + 2, ' ');
    if (v.name != v.id) out << style.dim << v.name << style.reset;
    out << "\n";
  }
}

}  // namespace parley