// Article -> Entities: the one entry point that indexing and inspection share.
#pragma once

#include "common/article.h"

namespace parley {

// The facet values found in `article`: the source (its outlet, as a slug) and the agencies it
// credits. Values in each facet are sorted and unique.
Entities analyse(const Article& article);

// True for the id of a news agency Parley knows.
bool is_agency(std::string_view id);

// The agency id for a credited name ("Associated Press", "AP" -> associated-press), or the
// name slugged when it is not a known agency.
std::string agency_id(std::string_view name);

}  // namespace parley
