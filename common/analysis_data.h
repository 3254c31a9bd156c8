// The data files behind entity and demand extraction (common/data/): the copies embedded in the
// binaries at build time, or files of the same names from a folder the user gives (--data DIR).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// The files --data may replace, in a fixed order: gazetteer.tsv, not_entities.txt,
// context_cues.txt, private_nouns.txt, role_nouns.txt, agency_cues.txt, demand_cues.txt,
// demand_terms.txt.
const std::vector<std::string_view>& analysis_data_names();

// The content of data file `name` as the analysis uses it: the file read by
// use_analysis_data(), else the embedded copy. Throws std::invalid_argument for a name not in
// analysis_data_names().
std::string_view analysis_data(std::string_view name);

// Reads the files of analysis_data_names() that folder `dir` holds, and checks that the data
// they make up parses (check_analysis_data() in analyse.h); from then on they replace the
// embedded copies, the others stay embedded. Returns the names of the files read. Throws
// std::runtime_error when `dir` is not a folder or holds none of the files, when a file cannot
// be read, and for a bad entry, naming the file and the line ("DIR/gazetteer.tsv line 12:
// unknown facet \"city\""); the data in use is then unchanged. Call it before the first
// analysis (the parsed data is built once, on first use), from one thread.
std::vector<std::string> use_analysis_data(const std::filesystem::path& dir);

// The files that replace embedded ones, as "name\0content\0" in analysis_data_names() order;
// empty when none does. Part of the analysis fingerprint, so that changed data reindexes.
std::string analysis_data_overrides();

}  // namespace parley
