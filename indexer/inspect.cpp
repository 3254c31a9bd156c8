#include "indexer/inspect.h"

namespace parley {

nlohmann::ordered_json inspect_record(const Article& article, const Entities& entities,
                                      bool with_text) {
  auto or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
  };
  const std::vector<std::string>& source = entities[schema::Facet::kSource];
  nlohmann::ordered_json j = {
      {"id", article.id},
      {"path", article.path},
      {"title", or_null(article.title)},
      {"date", or_null(article.date)},
      {"source",
       source.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(source.front())},
  };
  for (schema::Facet f : {schema::Facet::kAgency, schema::Facet::kRegion, schema::Facet::kPlace,
                          schema::Facet::kPerson, schema::Facet::kParty, schema::Facet::kDemand,
                          schema::Facet::kDemandBy}) {
    j[std::string(schema::facet_info(f).name)] = entities[f];
  }
  if (with_text) j["text"] = article.body;
  return j;
}

void inspect_paths(const std::vector<std::filesystem::path>& paths, std::uintmax_t max_bytes,
                   const std::function<void(const Article&, const Entities&)>& emit,
                   const std::function<void(const FileProblem&)>& problem) {
  for (const auto& path : paths) {
    ScanResult scan = scan_path(path);
    for (const FileProblem& p : scan.problems)
      problem(p);
    for (const CorpusFile& file : scan.files) {
      AnalysedFile analysed = analyse_file(file, max_bytes);
      for (const std::string& w : analysed.warnings) {
        problem({file.path.string(), "warning: " + w});
      }
      if (!analysed.error.empty()) {
        problem({file.path.string(), analysed.error});
        continue;
      }
      for (const auto& [article, entities] : analysed.articles)
        emit(article, entities);
    }
  }
}

}  // namespace parley
