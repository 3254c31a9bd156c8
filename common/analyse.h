// Article -> Entities: the one entry point that indexing and inspection share.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"

namespace parley {

struct Entity;

// Why an article carries a facet value: the words that gave it and the sentence around them.
struct Quote {
  std::string phrase;    // as the text writes it ("Moscow insists" gives "Moscow"); for a value
                         // from metadata (the source, a credited agency), the metadata's text
  std::string sentence;  // the sentence holding the phrase, cut to about 240 bytes around it
                         // ("…" marks a cut); empty for a value from metadata
};

// For each facet, each value's quotes: at most kMaxQuotes a value, in text order, distinct.
struct Evidence {
  static constexpr std::size_t kMaxQuotes = 3;
  std::array<std::map<std::string, std::vector<Quote>>, schema::kFacetCount> values;

  std::map<std::string, std::vector<Quote>>& operator[](schema::Facet f) {
    return values[static_cast<int>(f)];
  }
  const std::map<std::string, std::vector<Quote>>& operator[](schema::Facet f) const {
    return values[static_cast<int>(f)];
  }
};

// The facet values found in `article` (docs/facets.md): regions, places, people, parties,
// demands and who makes them, the source (its outlet's id) and the agencies it credits or
// cites. Values in each facet are sorted and unique. With `evidence`, also fills it with the
// quotes behind every value returned (every value has at least one); a value the analysis
// gives without a phrase of its own (a belligerent of a war article named only as a location)
// quotes the mention it does have.
Entities analyse(const Article& article, Evidence* evidence = nullptr);

// Parses the analysis data (analysis_data(): the gazetteer, the cue and demand files) as
// analyse() would. Throws std::runtime_error naming the file and line of a bad entry
// ("gazetteer.tsv line 12: unknown facet \"city\"").
void check_analysis_data();

// The agency id for a credited name ("Associated Press", "AP" -> associated-press), or the
// name slugged when it is not a known agency.
std::string agency_id(std::string_view name);

// Person ids by the spelling rules that find a known person behind a variant ("Yury Ushakov",
// "Vassily Nebenzia"): the gazetteer person that id `id` ("yury-ushakov") spells, or nullptr.
const Entity* known_person(std::string_view id);

// Two person ids that spell one name two ways ("oleksander-chaly", "oleksandr-chalyi"): their
// first and last words alike by the same rules.
bool same_name(std::string_view a, std::string_view b);

}  // namespace parley
