// Article -> Entities: the one entry point that indexing and inspection share.
#pragma once

#include "common/article.h"

namespace parley {

// The facet values found in `article` (docs/facets.md): regions, places, people, parties,
// demands and who makes them, the source (its outlet's id) and the agencies it credits or
// cites. Values in each facet are sorted and unique.
Entities analyse(const Article& article);

// The agency id for a credited name ("Associated Press", "AP" -> associated-press), or the
// name slugged when it is not a known agency.
std::string agency_id(std::string_view name);

}  // namespace parley
