#include "common/analyse.h"

#include <algorithm>

#include "common/fold.h"
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

Entities analyse(const Article& article) {
  Entities e;
  if (!article.source.empty()) e[schema::Facet::kSource].push_back(slugify(article.source));
  for (const std::string& credit : article.credits) {
    e[schema::Facet::kAgency].push_back(agency_id(credit));
  }
  for (auto& values : e.values)
    sort_unique(values);
  return e;
}

}  // namespace parley
