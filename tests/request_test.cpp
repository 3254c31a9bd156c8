#include <catch2/catch.hpp>

#include "searcher/request.h"

using namespace parley;

TEST_CASE("lint_query rejects what the parser would silently reinterpret", "[request]") {
  struct Row {
    const char* query;
    const char* complaint;  // nullptr: accepted
  };
  const Row rows[] = {
      {"\"weapons of mass", "never closed"},
      {"(ceasefire OR truce", "never closed"},
      {"ceasefire)", "never opened"},
      {"bogus:thing", "unknown field 'bogus:'"},
      {"title:ceasefire region:donetsk", nullptr},
      {"-region:donetsk talks", nullptr},
      {"\"a: b\" talks", nullptr},
      {"https://example.org", nullptr},
      {"10:30 talks", nullptr},
      {"demand-by:russia/ceasefire", nullptr},
  };
  for (const Row& r : rows) {
    CAPTURE(r.query);
    if (r.complaint) {
      CHECK_THROWS_WITH(lint_query(r.query),
                        Catch::Contains(r.complaint) && Catch::Contains(std::string(r.query)));
    } else {
      CHECK_NOTHROW(lint_query(r.query));
    }
  }
}

TEST_CASE("parse_date_range reads years, months, days and ranges", "[request]") {
  using P = std::pair<std::string, std::string>;
  CHECK(parse_date_range("2025") == P{"20250101", "20251231"});
  CHECK(parse_date_range("2024-02") == P{"20240201", "20240229"});
  CHECK(parse_date_range("2025-05-17") == P{"20250517", "20250517"});
  CHECK(parse_date_range("2025-05-01..2025-05-31") == P{"20250501", "20250531"});
  CHECK(parse_date_range("2025-05..") == P{"20250501", ""});
  CHECK(parse_date_range("..2022") == P{"", "20221231"});
  CHECK_THROWS_AS(parse_date_range("2025-13"), QueryError);
  CHECK_THROWS_AS(parse_date_range("2025-02-30"), QueryError);
  CHECK_THROWS_AS(parse_date_range("soon"), QueryError);
  CHECK_THROWS_AS(parse_date_range(".."), QueryError);
  CHECK_THROWS_WITH(parse_date_range("2025-06..2025-05"), Catch::Contains("ends before"));
}

TEST_CASE("build_query maps fields through the schema", "[request]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto describe = [&](const std::string& q) {
    SearchRequest r;
    r.query = q;
    return build_query(r, db).get_description();
  };
  CHECK(describe("title:ceasefire").find("ZSceasefir") != std::string::npos);
  CHECK(describe("region:donetsk talks").find("XRdonetsk") != std::string::npos);
  CHECK(describe("demand_by:russia/ceasefire").find("XBrussia/ceasefire") != std::string::npos);
  CHECK(describe("date:2025-05").find("VALUE_RANGE 0 20250501 20250531") != std::string::npos);
  CHECK(describe("talks date:2025-05-01..2025-05-31").find("20250501 20250531") !=
        std::string::npos);
  SearchRequest blank;
  CHECK(build_query(blank, db).get_type() == Xapian::Query::LEAF_MATCH_ALL);
  SearchRequest any;
  any.query = "ceasefire truce";
  any.match = MatchMode::kAny;
  CHECK(build_query(any, db).get_description().find(" OR ") != std::string::npos);
  // Stop words are dropped, unless nothing else is left.
  CHECK(describe("the ceasefire").find("Zthe") == std::string::npos);
  CHECK(describe("the of").find("Zthe") != std::string::npos);
  SearchRequest punctuation;
  punctuation.query = "!!! ,,,";
  CHECK_THROWS_WITH(build_query(punctuation, db), Catch::Contains("no words"));
  SearchRequest bad_date;
  bad_date.query = "date:2025-99";
  CHECK_THROWS_AS(build_query(bad_date, db), QueryError);
}

TEST_CASE("lower_words lower-cases words and keeps operators", "[request]") {
  CHECK(lower_words("Putin AND Zelensky") == "putin AND zelensky");
  CHECK(lower_words("\"Weapons of Mass\" OR Ukraine NEAR/3 Crimea") ==
        "\"weapons of mass\" OR ukraine NEAR/3 crimea");
  CHECK(lower_words("ÉLYSÉE NOT Macron") == "élysée NOT macron");
  CHECK(lower_words("title:Ceasefire") == "title:ceasefire");
}

TEST_CASE("a capitalised word is stemmed like any other", "[request]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  SearchRequest r;
  r.query = "Putin";
  CHECK(build_query(r, db).get_description().find("Zputin") != std::string::npos);
}
