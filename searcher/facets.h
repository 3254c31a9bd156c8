// Facet values in the searcher: resolving what users type to ids, counting facet values and
// dates exactly over a whole match set, and listing every value an index holds.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema.h"

namespace parley {

// The id a user means by `text` for `facet`: through the gazetteer's aliases for its facets
// ("Zaporozhye" -> zaporizhzhia, "Kremlin" -> russia, a region's city -> the region), else a
// value the index holds (folded and slugged: "Kyiv Independent" -> kyiv-independent); for
// demand_by, PARTY/DEMAND with each part resolved. Throws QueryError naming the facet and
// the closest known ids when nothing matches.
std::string resolve_facet_value(const Xapian::Database& db, schema::Facet facet,
                                std::string_view text);

// The display name of `id` in `facet`: the gazetteer's, else the id itself.
std::string display_name(schema::Facet facet, std::string_view id);

// One facet value and the number of matching articles that carry it.
struct FacetCount {
  std::string id;
  std::string name;
  Xapian::doccount count = 0;
};

// Counts facet values over every document an Enquire matches: one ValueCountMatchSpy per
// facet on its value slot (works unchanged over Xapian's remote backend), each counted
// combination split on the client. Register before get_mset(), read after.
class FacetCounter {
 public:
  explicit FacetCounter(const std::vector<schema::Facet>& facets);
  void attach(Xapian::Enquire& enquire);

  // Values of `facet` ordered by count, then id; each article counted once per value.
  std::vector<FacetCount> counts(schema::Facet facet) const;

 private:
  std::vector<schema::Facet> facets_;
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
};

enum class TimelineUnit { kDay, kWeek, kMonth, kYear };

// Parses "day", "week", "month" or "year". Throws QueryError for anything else.
TimelineUnit parse_timeline_unit(std::string_view text);
std::string_view timeline_unit_name(TimelineUnit unit);

// The period a YYYYMMDD date falls in: "2025-05-17", "2025-W20" (ISO week), "2025-05", "2025".
std::string period_of(std::string_view yyyymmdd, TimelineUnit unit);

// Matching articles per period, in time order; articles without a date are left out.
struct Period {
  std::string period;
  Xapian::doccount count = 0;
};
std::vector<Period> timeline(const Xapian::ValueCountMatchSpy& dates, TimelineUnit unit);

// Every value of `facet` in the index with its number of articles, ordered by count then id.
std::vector<FacetCount> list_values(const Xapian::Database& db, schema::Facet facet);

}  // namespace parley
