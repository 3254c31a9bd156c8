// Faceted search end to end: filters, exact counts, the timeline, listing values, collapsing
// near-duplicates, spelling suggestions and --like, through the built programs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "common/gazetteer.h"
#include "searcher/facets.h"
#include "support.h"

using parley::test::Run;
using parley::test::run;
using parley::test::sample_corpus;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

const std::string kIndexBin = PARLEY_INDEX_BIN;
const std::string kSearchBin = PARLEY_SEARCH_BIN;

// A corpus of dated articles, two of them copies of one wire story, plus the seeds.
const std::string& fixture_index() {
  static TempDir dir;
  static std::string path = [] {
    std::string wire;
    for (int i = 0; i < 12; ++i) {
      wire += "Russian shelling hit district " + std::to_string(i) + " of Kharkiv overnight and " +
              std::to_string(i * 3) + " homes burned, the governor said. ";
    }
    write_file(
        dir / "c/kharkiv-a.md",
        "---\ntitle: Kharkiv shelled overnight\ndate: 2022-03-02\nsource: BBC\n---\n" + wire);
    write_file(
        dir / "c/kharkiv-b.md",
        "---\ntitle: Shelling in Kharkiv burns homes\ndate: 2022-03-03\nsource: CNN\n---\n" + wire);
    write_file(dir / "c/talks.md",
               "---\ntitle: Talks in Istanbul\ndate: 2022-03-29\nsource: Reuters\n---\n"
               "Ukrainian and Russian negotiators met in Istanbul. Ukraine proposed a neutral "
               "status in exchange for security guarantees, officials said.\n");
    write_file(dir / "c/mariupol.md",
               "---\ntitle: Siege of Mariupol\ndate: 2022-04-12\nsource: CNN\n---\n"
               "Russian forces pressed the siege of Mariupol as civilians fled the city. "
               "Zelenskyy asked for more weapons.\n");
    parley::test::copy_sample_corpus(dir / "c");
    std::string p = (dir / "idx").string();
    Run r = run({kIndexBin, "-q", "--index", p, (dir / "c").string()});
    REQUIRE(r.exit_code == 0);
    return p;
  }();
  return path;
}

nlohmann::json search(const std::vector<std::string>& args, int want_exit = 0) {
  return parley::test::search_json(fixture_index(), args, want_exit);
}

std::vector<std::string> ids(const nlohmann::json& j) {
  std::vector<std::string> out = parley::test::hit_ids(j);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("facets: filter values resolve through aliases, in options and in the query",
          "[facets]") {
  nlohmann::json by_alias = search({"--limit", "20", "--region", "Zaporozhye"});
  nlohmann::json by_id = search({"--limit", "20", "--region", "zaporizhzhia"});
  nlohmann::json in_query = search({"--limit", "20", "region:Zaporozhye"});
  CHECK(by_alias["total"] == 4);
  CHECK(ids(by_alias) == ids(by_id));
  CHECK(ids(by_alias) == ids(in_query));
  CHECK(by_alias["filters"]["region"] == nlohmann::json::array({"zaporizhzhia"}));
  CHECK(search({"--person", "zelenskiy", "--limit", "20"})["total"] == 5);
  CHECK(search({"--party", "Kremlin", "--limit", "20"})["filters"]["party"] ==
        nlohmann::json::array({"russia"}));
  CHECK(search({"--source", "BBC"})["filters"]["source"] == nlohmann::json::array({"bbc"}));
}

TEST_CASE("facets: values of one facet OR, facets AND, and filters keep scores", "[facets]") {
  auto total = [](std::vector<std::string> args) -> std::size_t {
    args.insert(args.begin(), "--no-collapse");
    return search(args, -1)["total"];
  };
  std::size_t kharkiv = total({"--region", "kharkiv"});
  std::size_t donetsk = total({"--region", "donetsk"});
  std::size_t both = total({"--region", "kharkiv", "region:donetsk"});
  CHECK(kharkiv > 0);
  CHECK(donetsk > 0);
  CHECK(total({"--region", "kharkiv", "--region", "donetsk"}) == kharkiv + donetsk - both);
  CHECK(search({"--region", "kharkiv", "--place", "istanbul"}, 1)["total"] == 0);

  nlohmann::json plain = search({"--no-collapse", "ceasefire"});
  nlohmann::json filtered = search({"--no-collapse", "--party", "russia", "ceasefire"});
  std::map<std::string, double> scores;
  for (const auto& h : plain["hits"])
    scores[h["id"]] = h["score"];
  for (const auto& h : filtered["hits"])
    CHECK(h["score"] == scores.at(h["id"]));
}

TEST_CASE("facets: counts are exact and equal what filtering by the value returns", "[facets]") {
  for (std::vector<std::string> query :
       {std::vector<std::string>{}, {"russia"}, {"ceasefire", "OR", "shelling"}}) {
    std::vector<std::string> args = {"--no-collapse", "--limit", "0"};
    args.insert(args.end(), query.begin(), query.end());
    nlohmann::json all = search(args);
    for (auto& [facet, values] : all["facets"].items()) {
      for (const auto& v : values) {
        CAPTURE(facet, v["id"]);
        std::vector<std::string> filtered = {
            "--no-collapse",
            "--limit",
            "0",
            "--facets",
            "none",
            "--" + std::string(facet == "demand_by" ? "demand-by" : facet),
            v["id"]};
        filtered.insert(filtered.end(), query.begin(), query.end());
        CHECK(search(filtered)["total"] == v["count"]);
      }
    }
  }
}

TEST_CASE("facets: unknown values are errors that list the closest ids", "[facets]") {
  Run r = run({kSearchBin, "--index", fixture_index(), "--region", "Zaporozh"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown region 'Zaporozh'") != std::string::npos);
  CHECK(r.err.find("zaporizhzhia") != std::string::npos);
  Run q = run({kSearchBin, "--index", fixture_index(), "person:nobody-at-all"});
  CHECK(q.exit_code == 2);
  CHECK(q.err.find("unknown person") != std::string::npos);
}

TEST_CASE("facets: the timeline counts matching articles per period", "[facets]") {
  nlohmann::json month = search({"--no-collapse", "--timeline", "month"});
  REQUIRE(month["timeline"]["unit"] == "month");
  std::map<std::string, int> periods;
  for (const auto& p : month["timeline"]["periods"])
    periods[p["period"]] = p["count"];
  CHECK(periods == std::map<std::string, int>{{"2022-03", 3}, {"2022-04", 1}, {"2025-05", 1}});
  nlohmann::json day = search({"--timeline", "day", "--region", "kharkiv", "--no-collapse"});
  CHECK(day["timeline"]["periods"].size() == 2);
  CHECK(parley::period_of("20220303", parley::TimelineUnit::kWeek) == "2022-W09");
  CHECK(parley::period_of("20230101", parley::TimelineUnit::kWeek) == "2022-W52");

  Run text = run({kSearchBin, "--index", fixture_index(), "--timeline", "year"});
  CHECK(text.out.find("Timeline by year") != std::string::npos);
  CHECK(text.out.find("2022") != std::string::npos);
}

TEST_CASE("facets: browsing with filters lists newest first with the exact total", "[facets]") {
  nlohmann::json j = search({"--no-collapse", "--source", "cnn"});
  CHECK(j["sort"] == "-date");
  std::vector<std::string> order;
  for (const auto& h : j["hits"])
    order.push_back(h["date"]);
  CHECK(order == std::vector<std::string>{"2022-04-12", "2022-03-03"});
  CHECK(search({"--no-collapse", "--sort", "date", "--source", "cnn"})["hits"][0]["date"] ==
        "2022-03-03");
}

TEST_CASE("facets: --list shows every value with its article count", "[facets]") {
  nlohmann::json j = search({"--list", "source"});
  std::map<std::string, int> counts;
  for (const auto& v : j["values"])
    counts[v["id"]] = v["count"];
  CHECK(counts ==
        std::map<std::string, int>{{"bbc", 1}, {"cnn", 2}, {"reuters", 1}, {"scoop-hub", 1}});
  Run text = run({kSearchBin, "--index", fixture_index(), "--list", "region"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("zaporizhzhia") != std::string::npos);
  CHECK(text.out.find("Zaporizhzhia") != std::string::npos);
  CHECK(run({kSearchBin, "--index", fixture_index(), "--list", "colour"}).exit_code == 2);
}

TEST_CASE("facets: near-duplicates are collapsed into one hit unless asked", "[facets]") {
  nlohmann::json collapsed = search({"kharkiv", "shelling"});
  CHECK(collapsed["total"] == 1);
  CHECK(collapsed["articles"] == 2);
  CHECK(collapsed["hits"][0]["duplicates"] == 1);
  nlohmann::json all = search({"--no-collapse", "kharkiv", "shelling"});
  CHECK(all["total"] == 2);
  CHECK(ids(all) == std::vector<std::string>{"kharkiv-a.md", "kharkiv-b.md"});
}

TEST_CASE("facets: a misspelt word gets a suggestion", "[facets]") {
  nlohmann::json j = search({"ceasfire"}, 1);
  CHECK(j["suggestion"] == "ceasefire");
  CHECK(search({"ceasefire"})["suggestion"].is_null());
  // Words the index knows are left alone, inside phrases too.
  CHECK(search({"\"weapons of mass destruction\""})["suggestion"].is_null());
}

TEST_CASE("facets: --like finds articles like a given one, with filters", "[facets]") {
  nlohmann::json like = search({"--no-collapse", "--like", "kharkiv-a.md"});
  std::vector<std::string> found = ids(like);
  CHECK(std::find(found.begin(), found.end(), "kharkiv-a.md") == found.end());
  CHECK(like["hits"][0]["id"] == "kharkiv-b.md");
  nlohmann::json filtered =
      search({"--no-collapse", "--like", "kharkiv-a.md", "--source", "bbc"}, 1);
  CHECK(filtered["total"] == 0);
  CHECK(run({kSearchBin, "--index", fixture_index(), "--like", "nope.txt"}).exit_code == 2);
}

TEST_CASE("facets: display names are the gazetteer's, without building its matcher", "[facets]") {
  std::size_t checked = 0;
  for (const parley::Entity& e : parley::Gazetteer::builtin().entities()) {
    INFO(e.id);
    CHECK(parley::display_name(e.facet, e.id) == e.display);
    ++checked;
  }
  CHECK(checked > 500);
  CHECK(parley::display_name(parley::schema::Facet::kPerson, "nobody-known") == "nobody-known");
  CHECK(parley::display_name(parley::schema::Facet::kDemandBy, "russia/ceasefire") ==
        "Russia: ceasefire");
}
