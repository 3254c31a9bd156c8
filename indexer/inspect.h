// parley-index --inspect: the articles and facets an indexing run would store, without an
// index, one JSON object per article.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "indexer/pipeline.h"

namespace parley {

// One article as --inspect prints it: id, path, title, date, source (the source facet's id or
// null), agency, region, place, person, party, demand, demand_by (sorted, unique arrays), with
// `with_text` the cleaned text that is indexed, and with `evidence` an "evidence" object: for
// each of those facets (every key present), each value's quotes as [{"phrase", "sentence"}],
// "sentence" null for a value from metadata (docs/json.md).
nlohmann::ordered_json inspect_record(const Article& article, const Entities& entities,
                                      bool with_text, const Evidence* evidence = nullptr);

// Reads the files and folders in `paths` as an indexing run would and calls `emit` for every
// article, in path order, and `problem` for every file that fails. With `with_evidence`, each
// article is analysed again for its evidence, which `emit` gets (else nullptr). Throws
// std::runtime_error for a path that does not exist.
void inspect_paths(
    const std::vector<std::filesystem::path>& paths, std::uintmax_t max_bytes, bool with_evidence,
    const std::function<void(const Article&, const Entities&, const Evidence*)>& emit,
    const std::function<void(const FileProblem&)>& problem);

}  // namespace parley
