#include <catch2/catch.hpp>

#include "common/dates.h"

using namespace parley;

TEST_CASE("normalise_date reads the ways pages write dates", "[dates]") {
  struct Row {
    const char* in;
    const char* want;  // nullptr: not a date
  };
  const Row rows[] = {
      {"2025-05-17", "2025-05-17"},
      {"2025/05/17", "2025-05-17"},
      {"2025-05-17T09:30:00Z", "2025-05-17"},
      {"20250517", "2025-05-17"},
      {"May 17, 2025", "2025-05-17"},
      {"17 May 2025", "2025-05-17"},
      {"Sat, 17 May 2025 09:00:00 +0000", "2025-05-17"},
      {"Sept. 3, 2022", "2022-09-03"},
      {"17/05/2025", "2025-05-17"},
      {"05/17/2025", "2025-05-17"},
      {"2024-02-29", "2024-02-29"},
      {"2025-02-29", nullptr},
      {"2025-13-01", nullptr},
      {"yesterday", nullptr},
      {"", nullptr},
      {"May 2025", nullptr},
  };
  for (const Row& r : rows) {
    CAPTURE(r.in);
    auto got = normalise_date(r.in);
    if (r.want) {
      REQUIRE(got);
      CHECK(*got == r.want);
    } else {
      CHECK_FALSE(got);
    }
  }
}

TEST_CASE("is_iso_date takes only a valid YYYY-MM-DD as it stands", "[dates]") {
  CHECK(is_iso_date("2022-02-24"));
  CHECK_FALSE(is_iso_date("2022-02-30"));
  CHECK_FALSE(is_iso_date("20220224"));
  CHECK_FALSE(is_iso_date(" 2022-02-24"));
  CHECK_FALSE(is_iso_date("Feb 24, 2022"));
  CHECK_FALSE(is_iso_date(""));
}

TEST_CASE("month_from_name knows names and abbreviations", "[dates]") {
  CHECK(month_from_name("May") == 5);
  CHECK(month_from_name("sept.") == 9);
  CHECK(month_from_name("Dec") == 12);
  CHECK(month_from_name("Mayday") == 0);
}
