#include "common/analysis_data.h"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "common/analyse.h"

namespace parley::embedded {
extern const std::string_view gazetteer;
extern const std::string_view not_entities;
extern const std::string_view context_cues;
extern const std::string_view private_nouns;
extern const std::string_view role_nouns;
extern const std::string_view agency_cues;
extern const std::string_view demand_cues;
extern const std::string_view demand_terms;
}  // namespace parley::embedded

namespace parley {

namespace {

struct DataFile {
  std::string_view name;
  std::string_view embedded;
};

const std::vector<DataFile>& files() {
  static const std::vector<DataFile> list = {
      {"gazetteer.tsv", embedded::gazetteer},       {"not_entities.txt", embedded::not_entities},
      {"context_cues.txt", embedded::context_cues}, {"private_nouns.txt", embedded::private_nouns},
      {"role_nouns.txt", embedded::role_nouns},     {"agency_cues.txt", embedded::agency_cues},
      {"demand_cues.txt", embedded::demand_cues},   {"demand_terms.txt", embedded::demand_terms},
  };
  return list;
}

// Data read with --data, by file name. Written once before any analysis, read-only after.
std::map<std::string, std::string, std::less<>>& overrides() {
  static std::map<std::string, std::string, std::less<>> map;
  return map;
}

}  // namespace

const std::vector<std::string_view>& analysis_data_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const DataFile& f : files())
      out.push_back(f.name);
    return out;
  }();
  return names;
}

std::string_view analysis_data(std::string_view name) {
  if (auto it = overrides().find(name); it != overrides().end()) return it->second;
  for (const DataFile& f : files()) {
    if (f.name == name) return f.embedded;
  }
  throw std::invalid_argument("no analysis data file named " + std::string(name));
}

std::vector<std::string> use_analysis_data(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw std::runtime_error(dir.string() + ": not a folder");
  std::map<std::string, std::string, std::less<>> read;
  for (const DataFile& f : files()) {
    std::filesystem::path path = dir / f.name;
    if (!std::filesystem::exists(path, ec)) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) throw std::runtime_error(path.string() + ": cannot read it");
    read.emplace(std::string(f.name), content.str());
  }
  if (read.empty()) {
    std::string names;
    for (std::string_view n : analysis_data_names())
      names += (names.empty() ? "" : ", ") + std::string(n);
    throw std::runtime_error(dir.string() + ": holds none of the data files (" + names + ")");
  }
  std::map<std::string, std::string, std::less<>> before = std::move(overrides());
  overrides() = before;
  for (auto& [name, content] : read)
    overrides()[name] = content;
  try {
    check_analysis_data();
  } catch (const std::exception& e) {
    overrides() = std::move(before);
    // The message starts with the file's name; a file read from `dir` gets its path.
    std::string what = e.what();
    for (const auto& [name, content] : read) {
      if (what.starts_with(name + " "))
        throw std::runtime_error((dir / name).string() + what.substr(name.size()));
    }
    throw std::runtime_error(what);
  }
  std::vector<std::string> names;
  for (const auto& [name, content] : read)
    names.push_back(name);
  return names;
}

std::string analysis_data_overrides() {
  std::string out;
  for (const DataFile& f : files()) {
    auto it = overrides().find(f.name);
    if (it == overrides().end()) continue;
    out.append(f.name).push_back('\0');
    out.append(it->second).push_back('\0');
  }
  return out;
}

}  // namespace parley
