// Fuzz target: the gazetteer matcher over any text, and resolving what a user types as a facet
// value.
#include "common/fold.h"
#include "common/gazetteer.h"
#include "fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes = parley::fuzz::bytes_of(data, size);
  const parley::Gazetteer& g = parley::Gazetteer::builtin();
  std::string text = parley::repair_utf8(bytes);
  for (const parley::Mention& m : g.match(std::string_view(text))) {
    if (m.begin > m.end || m.end > text.size() || m.candidates.empty())
      parley::fuzz::fail("mention out of the text", text);
  }
  // Raw bytes too: a user's --region value is not repaired first.
  for (const parley::schema::FacetInfo& f : parley::schema::kFacets) {
    g.resolve(f.facet, bytes.substr(0, 200));
  }
  g.closest(parley::schema::Facet::kRegion, bytes.substr(0, 64), 3);
  return 0;
}
