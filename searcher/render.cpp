#include "searcher/render.h"

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

struct Style {
  bool on;
  const char* operator()(const char* code) const { return on ? code : ""; }
};

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
    });
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
      {"hits", hits},
  };
}

void render_text(std::ostream& out, const SearchRequest& request, const SearchResult& result,
                 bool color) {
  Style style{color};
  const char* bold = style("\033[1m");
  const char* dim = style("\033[2m");
  const char* reset = style("\033[0m");
  const char* mark = style("\033[1;33m");

  std::string total = (result.total_exact ? "" : "about ") + std::to_string(result.total);
  out << bold << total << (result.total == 1 ? " article matches" : " articles match") << reset;
  if (!request.query.empty())
    out << " "
        << "'" << request.query << "'";
  if (!result.hits.empty()) {
    out << " (showing " << result.hits.front().rank << "-" << result.hits.back().rank << ")";
  }
  out << "\n";

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
}

}  // namespace parley
