// The index schema: term prefixes, value slots, the field table and the schema version.
//
// This is the one place they are defined; the indexer and the query parser both read them from
// here. DO NOT CHANGE a prefix, a slot or a field's meaning without bumping kSchemaVersion:
// an index written under another version must be rebuilt (parley-index --rebuild).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace parley::schema {

// 2: near-duplicate fingerprints and groups. 3: text indexed without diacritics.
// 4: possessives blanked in the indexed text. 5: kSlotDateOrder. 6: document data is a JSON
// header, a newline and the text; everything counted in one slot, kSlotCounts.
inline constexpr int kSchemaVersion = 6;

// Term prefixes (Xapian's conventions: Q unique id, S title, X... our own boolean terms).
inline constexpr std::string_view kIdPrefix = "Q";
inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kYearPrefix = "Y";          // Y2025
inline constexpr std::string_view kMonthPrefix = "M";         // M202505
inline constexpr std::string_view kDayPrefix = "D";           // D20250517
inline constexpr std::string_view kFormatPrefix = "XF";       // XFtxt, XFmd, ...
inline constexpr std::string_view kNearDupBandPrefix = "XH";  // XH07a1b2c3d4: an LSH band

// Value slots.
inline constexpr unsigned kSlotDate = 0;            // "YYYYMMDD", empty when the article has none
inline constexpr unsigned kSlotContentHash = 1;     // hex XXH3 of the article's source bytes
inline constexpr unsigned kSlotDuplicateGroup = 2;  // near-duplicate group key (16 hex)
inline constexpr unsigned kSlotFingerprint = 3;     // MinHash fingerprint, empty when too short
// "YYYYMMDD" (00000000 when undated) then the content hash: sorting on it orders by date with
// ties in an order that does not depend on document ids (which differ between one database and
// shards), in one value, as Xapian's remote backend can sort (it cannot run a KeyMaker).
inline constexpr unsigned kSlotDateOrder = 4;
// What a search counts over its whole match set, in one value so that one read per matching
// document serves every count: entries of a code byte and a value, joined by kValueSeparator.
// The codes are each facet's `code` (FacetInfo), kCountGroup before the near-duplicate group
// key and kCountDate before the date (YYYYMMDD). Counted with a MatchSpy of Parley's own, or,
// over Xapian's remote backend (whose server runs only Xapian's own spies), with a
// ValueCountMatchSpy whose counted combinations are split on the client: exact either way.
inline constexpr unsigned kSlotCounts = 5;
inline constexpr char kCountGroup = 'G';
inline constexpr char kCountDate = 'T';
inline constexpr char kValueSeparator = '\x1f';

// The entity facets. Each has a boolean term prefix for filtering and a code for its entries in
// kSlotCounts.
enum class Facet { kRegion, kPlace, kPerson, kParty, kDemand, kDemandBy, kSource, kAgency };
inline constexpr std::size_t kFacetCount = 8;

struct FacetInfo {
  Facet facet;
  std::string_view name;    // key in JSON and in the query language: "demand_by"
  std::string_view option;  // command-line filter: "--demand-by"
  std::string_view label;   // heading in text output
  std::string_view prefix;  // boolean term prefix
  char code;                // the code of its entries in kSlotCounts
};

inline constexpr std::array<FacetInfo, kFacetCount> kFacets = {{
    {Facet::kRegion, "region", "region", "Regions", "XR", 'R'},
    {Facet::kPlace, "place", "place", "Places", "XL", 'L'},
    {Facet::kPerson, "person", "person", "People", "XP", 'P'},
    {Facet::kParty, "party", "party", "Parties", "XY", 'Y'},
    {Facet::kDemand, "demand", "demand", "Demands", "XD", 'D'},
    {Facet::kDemandBy, "demand_by", "demand-by", "Demands by party", "XB", 'B'},
    {Facet::kSource, "source", "source", "Sources", "XS", 'S'},
    {Facet::kAgency, "agency", "agency", "Agencies", "XA", 'A'},
}};

inline constexpr const FacetInfo& facet_info(Facet f) {
  return kFacets[static_cast<int>(f)];
}

// Returns the facet called `name` ("region", "demand_by" or "demand-by"), or nullopt.
std::optional<Facet> facet_by_name(std::string_view name);

// The field table: what `name:` means in a query.
enum class FieldKind {
  kText,     // free text under a prefix, stemmed, positional (title:ceasefire)
  kBoolean,  // exact filter terms under a prefix (region:donetsk)
  kDate,     // a date or a range over kSlotDate (date:2025-05, date:2025-05-01..2025-05-31)
};

struct Field {
  std::string_view name;
  FieldKind kind;
  std::string_view prefix;  // empty for kDate
};

inline constexpr std::array<Field, 4 + kFacetCount> kFields = {{
    {"title", FieldKind::kText, kTitlePrefix},
    {"id", FieldKind::kBoolean, kIdPrefix},
    {"format", FieldKind::kBoolean, kFormatPrefix},
    {"date", FieldKind::kDate, ""},
    {"region", FieldKind::kBoolean, "XR"},
    {"place", FieldKind::kBoolean, "XL"},
    {"person", FieldKind::kBoolean, "XP"},
    {"party", FieldKind::kBoolean, "XY"},
    {"demand", FieldKind::kBoolean, "XD"},
    {"demand_by", FieldKind::kBoolean, "XB"},
    {"source", FieldKind::kBoolean, "XS"},
    {"agency", FieldKind::kBoolean, "XA"},
}};

// Returns the field called `name`, or nullptr.
const Field* field_by_name(std::string_view name);

// The unique id term for an article id. Ids longer than Xapian's term limit are shortened
// with a hash of the whole id, so every id maps to one term.
std::string id_term(std::string_view id);

// Database metadata keys.
inline constexpr std::string_view kMetaSchemaVersion = "parley.schema_version";
inline constexpr std::string_view kMetaLastRun = "parley.last_run";  // JSON run record

}  // namespace parley::schema
