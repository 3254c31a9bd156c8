#include "indexer/inspect.h"

namespace parley {

nlohmann::ordered_json inspect_record(const Article& article, const Entities& entities,
                                      bool with_text, const Evidence* evidence) {
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
  static constexpr schema::Facet kFacets[] = {schema::Facet::kAgency,  schema::Facet::kRegion,
                                              schema::Facet::kPlace,   schema::Facet::kPerson,
                                              schema::Facet::kParty,   schema::Facet::kDemand,
                                              schema::Facet::kDemandBy};
  for (schema::Facet f : kFacets)
    j[std::string(schema::facet_info(f).name)] = entities[f];
  if (with_text) j["text"] = article.body;
  if (evidence) {
    nlohmann::ordered_json all = nlohmann::ordered_json::object();
    for (schema::Facet f : {schema::Facet::kSource, schema::Facet::kAgency, schema::Facet::kRegion,
                            schema::Facet::kPlace, schema::Facet::kPerson, schema::Facet::kParty,
                            schema::Facet::kDemand, schema::Facet::kDemandBy}) {
      nlohmann::ordered_json values = nlohmann::ordered_json::object();
      for (const std::string& value : entities[f]) {
        nlohmann::ordered_json quotes = nlohmann::ordered_json::array();
        if (auto it = (*evidence)[f].find(value); it != (*evidence)[f].end()) {
          for (const Quote& q : it->second) {
            quotes.push_back(
                {{"phrase", q.phrase},
                 {"sentence", q.sentence.empty() ? nlohmann::ordered_json(nullptr)
                                                 : nlohmann::ordered_json(q.sentence)}});
          }
        }
        values[value] = std::move(quotes);
      }
      all[std::string(schema::facet_info(f).name)] = std::move(values);
    }
    j["evidence"] = std::move(all);
  }
  return j;
}

void inspect_paths(
    const std::vector<std::filesystem::path>& paths, std::uintmax_t max_bytes, bool with_evidence,
    const std::function<void(const Article&, const Entities&, const Evidence*)>& emit,
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
      for (const auto& [article, entities] : analysed.articles) {
        if (!with_evidence) {
          emit(article, entities, nullptr);
          continue;
        }
        Evidence evidence;
        Entities again = analyse(article, &evidence);
        emit(article, again, &evidence);
      }
    }
  }
}

}  // namespace parley
