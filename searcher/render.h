// Rendering a search result: text for people (colour only when asked or on a terminal) and
// versioned JSON for scripts (docs/json.md).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "searcher/request.h"
#include "searcher/search.h"

namespace parley {

// The version of the --json output. Bump it when a key changes meaning or disappears.
inline constexpr int kJsonVersion = 1;
// Values shown per facet in text output unless --facet-limit says otherwise.
inline constexpr std::size_t kTextFacetLimit = 5;

// The whole result as one JSON object (docs/json.md).
nlohmann::ordered_json result_json(const SearchRequest& request, const SearchResult& result);

// The result as text: a summary line, then each hit's rank, title, date, source, id and
// snippet. `color` adds ANSI colour and highlights matched words.
void render_text(std::ostream& out, const SearchRequest& request, const SearchResult& result,
                 bool color);

// The facet counts (the values run_search() kept: the top few per facet) and the timeline as a
// bar chart.
void render_facets(std::ostream& out, const SearchResult& result, bool color);

// Every value of a facet with its display name and article count, one a line.
void render_values(std::ostream& out, schema::Facet facet, const std::vector<FacetCount>& values,
                   bool color);

// Splits a snippet with highlight marks into plain text and [start, length] spans counted in
// Unicode code points.
std::pair<std::string, std::vector<std::pair<std::size_t, std::size_t>>> split_highlights(
    std::string_view snippet);

}  // namespace parley
