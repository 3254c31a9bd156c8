#include "common/schema.h"

#include <xxhash.h>

#include <cstdio>

namespace parley::schema {

namespace {
// Xapian 1.4's glass backend rejects terms over 245 bytes.
constexpr std::size_t kMaxTermBytes = 240;
}  // namespace

std::optional<Facet> facet_by_name(std::string_view name) {
  for (const FacetInfo& f : kFacets) {
    if (name == f.name || name == f.option) return f.facet;
  }
  return std::nullopt;
}

const Field* field_by_name(std::string_view name) {
  for (const Field& f : kFields) {
    if (name == f.name) return &f;
  }
  if (name == "demand-by") return field_by_name("demand_by");
  return nullptr;
}

std::string id_term(std::string_view id) {
  std::string term(kIdPrefix);
  if (kIdPrefix.size() + id.size() <= kMaxTermBytes) {
    term.append(id);
    return term;
  }
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(id.data(), id.size())));
  std::size_t keep = kMaxTermBytes - kIdPrefix.size() - 17;
  // Do not cut a UTF-8 sequence in half.
  while (keep > 0 && (static_cast<unsigned char>(id[keep]) & 0xC0) == 0x80)
    --keep;
  term.append(id.substr(0, keep));
  term.push_back('#');
  term.append(hash);
  return term;
}

}  // namespace parley::schema
