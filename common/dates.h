// Publication dates: recognising the ways articles and metadata write them and normalising
// them to YYYY-MM-DD. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parley {

// Normalises a date written as metadata or in a page: "2025-05-17", "2025/05/17",
// "2025-05-17T09:30:00Z", "20250517", "May 17, 2025", "17 May 2025", "Sat, 17 May 2025 ...".
// Returns YYYY-MM-DD, or nullopt when `text` holds no complete, valid calendar date.
std::optional<std::string> normalise_date(std::string_view text);

// YYYY-MM-DD for a date of valid_date().
std::string format_date(int year, int month, int day);

// True when `text` is exactly a valid date written YYYY-MM-DD, as the data files write the day
// a rule or an affiliation ends ("until 2022-02-24").
bool is_iso_date(std::string_view text);

// True for a valid calendar date (Gregorian, years 1900-2199).
bool valid_date(int year, int month, int day);

// The month number for an English month name or its abbreviation ("may", "Sept."), or 0.
int month_from_name(std::string_view name);

}  // namespace parley
