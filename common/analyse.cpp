#include "common/analyse.h"

#include <algorithm>

#include "common/fold.h"
#include "common/metadata.h"
#include "common/readers.h"

namespace parley {

std::string agency_id(std::string_view name) {
  struct Alias {
    std::string_view alias, id;
  };
  static constexpr Alias kAliases[] = {
      {"ap", "associated-press"},
      {"the-associated-press", "associated-press"},
      {"agence-france-presse", "afp"},
      {"ria", "ria-novosti"},
      {"pa", "pa-media"},
  };
  std::string slug = slugify(name);
  for (const Alias& a : kAliases) {
    if (slug == a.alias) return std::string(a.id);
  }
  return slug;
}

namespace {

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  v.erase(std::remove(v.begin(), v.end(), std::string()), v.end());
}

}  // namespace

bool is_agency(std::string_view id) {
  static constexpr std::string_view kAgencies[] = {
      "reuters",   "associated-press", "afp",     "tass", "ria-novosti", "interfax", "ukrinform",
      "bloomberg", "xinhua",           "anadolu", "dpa",  "efe",         "pa-media", "pap",
      "unian"};
  for (std::string_view a : kAgencies) {
    if (id == a) return true;
  }
  return false;
}

Entities analyse(const Article& article) {
  Entities e;
  // The outlet: its metadata name, else the registered name of its URL's domain.
  std::string source = slugify(article.source);
  if (source.empty()) source = registered_name(domain_of(article.url));
  if (!source.empty()) e[schema::Facet::kSource].push_back(source);
  for (const std::string& credit : article.credits) {
    std::string id = agency_id(credit);
    if (is_agency(id)) e[schema::Facet::kAgency].push_back(id);  // "Moscow -NC" credits no one
  }
  for (auto& values : e.values)
    sort_unique(values);
  return e;
}

}  // namespace parley
