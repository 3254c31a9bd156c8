// An article as the readers produce it and the indexer stores it, and the facets found in it.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "common/schema.h"

namespace parley {

// One article, after reading and cleaning. Empty strings mean "not known".
struct Article {
  std::string id;    // stable: path relative to the corpus root (+ "#record" in multi-record files)
  std::string path;  // path relative to the corpus root
  std::string format;  // "txt", "md", ...
  std::string title;   // the headline, without site names
  std::string date;    // YYYY-MM-DD
  std::string source;  // the outlet, as metadata or the page names it
  std::string url;
  std::string author;
  std::string body;  // cleaned text: what is indexed, snippeted and analysed
  std::vector<std::string>
      credits;  // agencies the page credits outside the body ("Source: Reuters")
};

// Facet values of one article: for each facet, sorted unique ids.
struct Entities {
  std::array<std::vector<std::string>, schema::kFacetCount> values;

  std::vector<std::string>& operator[](schema::Facet f) { return values[static_cast<int>(f)]; }
  const std::vector<std::string>& operator[](schema::Facet f) const {
    return values[static_cast<int>(f)];
  }
};

}  // namespace parley
