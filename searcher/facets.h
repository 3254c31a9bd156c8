// Facet values in the searcher: resolving what users type to ids, counting facet values and
// dates exactly over a whole match set, and listing every value an index holds.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <optional>
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

enum class TimelineUnit { kDay, kWeek, kMonth, kYear };

// Parses "day", "week", "month" or "year". Throws QueryError for anything else.
TimelineUnit parse_timeline_unit(std::string_view text);
std::string_view timeline_unit_name(TimelineUnit unit);

// The period a YYYYMMDD date falls in: "2025-05-17", "2025-W20" (ISO week), "2025-05", "2025".
std::string period_of(std::string_view yyyymmdd, TimelineUnit unit);

// The counted values of one facet.
struct FacetCounts {
  schema::Facet facet;
  std::vector<FacetCount> values;  // the most frequent first: all, or as many as asked for
  std::size_t distinct = 0;        // values with a count, listed or not
};

// Matching articles in one period.
struct Period {
  std::string period;
  Xapian::doccount count = 0;
};

// Counts over every document an Enquire matches, from the values each stores in
// schema::kSlotCounts: the values of the facets asked for, the near-duplicate groups and the
// dates, with one value read per document. Locally with a MatchSpy of Parley's own; with
// `remote` (some shard served by xapian-tcpsrv, whose server runs only Xapian's own spies)
// with a ValueCountMatchSpy on the slot, each counted combination split on the client: the
// same counts either way. Register before get_mset(), read after.
class MatchCounter {
 public:
  MatchCounter(const std::vector<schema::Facet>& facets, bool groups, bool dates, bool remote);
  ~MatchCounter();
  MatchCounter(const MatchCounter&) = delete;
  MatchCounter& operator=(const MatchCounter&) = delete;

  // Adds the spy to `enquire` (none when nothing is counted).
  void attach(Xapian::Enquire& enquire);

  // Values of `facet` ordered by count, then id, the first `limit` of them (all without one);
  // each article counted once per value.
  FacetCounts counts(schema::Facet facet, std::optional<std::size_t> limit = {}) const;
  // The matching documents.
  Xapian::doccount documents() const;
  // The distinct near-duplicate groups among them (a document without one is its own).
  std::size_t groups() const;
  // The matching documents of `group`.
  Xapian::doccount group_size(std::string_view group) const;
  // Matching articles per period, in time order; articles without a date are left out.
  std::vector<Period> timeline(TimelineUnit unit) const;

  struct Tally;

 private:
  const Tally& tally() const;

  std::unique_ptr<Tally> tally_;
  std::unique_ptr<Xapian::MatchSpy> spy_;
  bool remote_;
  bool counting_;
};

// Every value of `facet` in the index with its number of articles, ordered by count then id.
std::vector<FacetCount> list_values(const Xapian::Database& db, schema::Facet facet);

}  // namespace parley
