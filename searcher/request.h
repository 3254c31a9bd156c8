// A search as the user asked for it, and turning it into a Xapian::Query through the schema's
// field table.
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema.h"

namespace parley {

enum class MatchMode { kAll, kAny };  // default operator between words: AND or OR
enum class SortOrder { kRelevance, kDateAscending, kDateDescending };

struct SearchRequest {
  std::string query;  // the user's words; empty lists every article
  MatchMode match = MatchMode::kAll;
  std::optional<SortOrder> sort;  // default: relevance, or newest first with no words
  std::size_t offset = 0;
  std::size_t limit = 10;

  // Filters as typed (--region Zaporozhye): values of one facet OR together, facets AND
  // together; they never change scores. Resolved to ids by build_filter().
  std::array<std::vector<std::string>, schema::kFacetCount> filters;
  std::string date_from, date_to;  // YYYY, YYYY-MM or YYYY-MM-DD; empty: open

  std::vector<schema::Facet> facets;       // facets to count
  std::optional<std::size_t> facet_limit;  // values shown per facet (text: 5, JSON: all)
  std::optional<std::string> timeline;     // "day", "week", "month" or "year"
  bool collapse = true;                    // one hit per near-duplicate group
  std::string like;                        // an article id: find articles like it
  bool spelling = true;                    // suggest corrections for unknown words
};

// A query the user must fix; what() echoes the query and says what is wrong.
class QueryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Limits on what a user can type, so a pasted page or a stray wildcard cannot make a search
// run for minutes. Past them a search is a QueryError that says so.
inline constexpr std::size_t kMaxQueryBytes = 10000;
inline constexpr std::size_t kMaxWildcards = 10;          // each expands to up to 1,000 terms
inline constexpr std::size_t kMaxFilterValueBytes = 200;  // --region VALUE and the like

// Text as typed made safe to parse and to echo: invalid UTF-8 replaced (U+FFFD), control
// characters (C0, DEL, C1: terminal escapes among them) turned into spaces.
std::string clean_query_text(std::string_view text);

// Checks what Xapian's parser would silently reinterpret: unbalanced quotes or parentheses and
// unknown `field:` names; and the limits above. Throws QueryError.
void lint_query(const std::string& query);

// A QueryParser set up for Parley: English stems, the field table's prefixes, date ranges,
// phrases, boolean operators, +/-, and wildcards (bounded expansion). `db` is used for
// wildcard expansion and must outlive the parser. A field value that cannot be resolved (an
// unknown region:, a bad date:) matches nothing and its message is stored in `errors`
// (first one only), for the caller to report after parsing.
Xapian::QueryParser make_query_parser(const Xapian::Database& db, MatchMode match,
                                      std::shared_ptr<std::string> errors);

// The Xapian query for `request`'s words: MatchAll when there are none. With `corrected`,
// sets it to the query with unknown words replaced by the closest known ones (Xapian's
// spelling data), or empty when there is nothing to correct. Throws QueryError.
Xapian::Query build_query(const SearchRequest& request, const Xapian::Database& db,
                          std::string* corrected = nullptr);

// The filter of `request`'s --facet and --from/--to options with every value resolved to its
// id (resolve_facet_value), or an empty query when there is none. Appends each resolved value
// to `resolved` when given. Throws QueryError.
Xapian::Query build_filter(const SearchRequest& request, const Xapian::Database& db,
                           std::vector<std::pair<schema::Facet, std::string>>* resolved = nullptr);

// The query with its words lower-cased, the boolean operators (AND, OR, NOT, XOR, NEAR, ADJ)
// left as they are.
std::string lower_words(std::string_view query);

// Parses a date or a date range as the date: field takes it: "2025", "2025-05", "2025-05-17",
// "2025-05-01..2025-05-31", "2025-05..", "..2025". Returns inclusive YYYYMMDD bounds (empty for
// an open end). Throws QueryError for anything else.
std::pair<std::string, std::string> parse_date_range(const std::string& text);

}  // namespace parley
