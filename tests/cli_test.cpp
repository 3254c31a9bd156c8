// End to end: the built parley-index and parley-search on the bundled corpus, parsing JSON.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support.h"

using parley::test::hit_ids;
using parley::test::Run;
using parley::test::run;
using parley::test::sample_corpus;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

const std::string kIndex = PARLEY_INDEX_BIN;
const std::string kSearch = PARLEY_SEARCH_BIN;

// One index of the sample corpus for the whole file.
const std::string& sample_index() {
  static TempDir dir;
  static std::string path = [] {
    std::string p = (dir / "index").string();
    Run r = run({kIndex, "--index", p, sample_corpus().string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return p;
  }();
  return path;
}

nlohmann::json search_json(const std::vector<std::string>& args, int want_exit = 0) {
  return parley::test::search_json(sample_index(), args, want_exit);
}

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TEST_CASE("cli: indexing the sample corpus prints a summary and exits 0", "[cli]") {
  TempDir dir;
  Run r = run({kIndex, "--index", (dir / "idx").string(), sample_corpus().string()});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("5 added") != std::string::npos);
  Run again = run({kIndex, "--index", (dir / "idx").string(), sample_corpus().string()});
  CHECK(again.err.find("5 unchanged") != std::string::npos);
  Run quiet = run({kIndex, "-q", "--index", (dir / "idx").string(), sample_corpus().string()});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.err.empty());
}

TEST_CASE("cli: the phrase finds exactly the articles that contain it", "[cli]") {
  nlohmann::json j = search_json({"\"weapons of mass destruction\""});
  CHECK(j["version"] == 1);
  CHECK(j["total"] == 1);
  CHECK(j["total_exact"] == true);
  CHECK(hit_ids(j) == std::vector<std::string>{"000_1ab1a1e8cfb25cf6.txt"});
  const auto& hit = j["hits"][0];
  CHECK(hit["date"] == "2025-05-17");
  CHECK(lower(hit["snippet"]).find("weapons of mass destruction") != std::string::npos);
  for (const char* key : {"id", "path", "title", "date", "source", "url", "score", "snippet",
                          "highlights", "facets"}) {
    CHECK(hit.contains(key));
  }
  CHECK(hit["facets"]["region"].is_array());
}

TEST_CASE("cli: a stemmed query finds other forms of the word", "[cli]") {
  nlohmann::json j = search_json({"withdrawing"});
  CHECK(j["total"] == 5);  // every seed article speaks of a withdrawal or withdrawing
  for (const auto& h : j["hits"]) {
    CHECK(lower(h["snippet"]).find("withdr") != std::string::npos);
  }
}

TEST_CASE("cli: the seed articles' boilerplate is not searchable", "[cli]") {
  for (const char* word : {"SmackDown", "iPhone", "\"Share This Article\"", "\"Skip to main\"",
                           "\"Min Read\"", "\"Estimated reading time\"", "\"full archive\""}) {
    CAPTURE(word);
    nlohmann::json j = search_json({word}, 1);
    CHECK(j["total"] == 0);
  }
}

TEST_CASE("cli: titles, sources and credits from the seed articles", "[cli]") {
  nlohmann::json j = search_json({"--limit", "10"});
  REQUIRE(j["total"] == 5);
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& h : j["hits"])
    by_id[h["id"]] = h;
  CHECK(by_id["001_c333ee95ef820b2f.txt"]["title"] ==
        "Russia Demands Major Concessions from Ukraine in Peace Talks, Kyiv Holds Firm");
  CHECK(by_id["001_c333ee95ef820b2f.txt"]["facets"]["source"] ==
        nlohmann::json::array({"scoop-hub"}));
  CHECK(by_id["002_518838d92e935527.txt"]["title"].is_null());
  CHECK(by_id["002_518838d92e935527.txt"]["facets"]["agency"] ==
        nlohmann::json::array({"reuters"}));
  CHECK(by_id["004_de9879953fbf6be7.txt"]["title"].is_null());
  CHECK(lower(by_id["003_31b07caf7277be3d.txt"]["title"]).rfind("russia outlines demands", 0) == 0);
}

TEST_CASE("cli: no hits exits 1, a broken query exits 2 and echoes it", "[cli]") {
  nlohmann::json none = search_json({"xylophone"}, 1);
  CHECK(none["total"] == 0);
  CHECK(none["hits"].empty());

  Run broken = run({kSearch, "--index", sample_index(), "\"weapons of mass"});
  CHECK(broken.exit_code == 2);
  CHECK(broken.out.empty());
  CHECK(broken.err.find("parley-search: error:") == 0);
  CHECK(broken.err.find("\"weapons of mass") != std::string::npos);

  Run field = run({kSearch, "--index", sample_index(), "colour:red"});
  CHECK(field.exit_code == 2);
  CHECK(field.err.find("unknown field") != std::string::npos);
}

TEST_CASE("cli: paging gives the next hits and keeps the total", "[cli]") {
  nlohmann::json first = search_json({"--limit", "2", "russia"});
  nlohmann::json second = search_json({"--limit", "2", "--offset", "2", "russia"});
  CHECK(first["total"] == second["total"]);
  REQUIRE(first["hits"].size() == 2);
  REQUIRE(!second["hits"].empty());
  CHECK(second["hits"][0]["rank"] == 3);
  CHECK(first["hits"][0]["id"] != second["hits"][0]["id"]);
}

TEST_CASE("cli: errors are one clear line with the documented exit code", "[cli]") {
  TempDir dir;
  Run missing = run({kSearch, "--index", (dir / "none").string(), "talks"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no index at") != std::string::npos);

  Run no_corpus = run({kIndex, "--index", (dir / "idx").string(), (dir / "nope").string()});
  CHECK(no_corpus.exit_code == 2);
  CHECK(no_corpus.err.find("does not exist") != std::string::npos);

  Run bad_option = run({kSearch, "--limit", "many", "talks"});
  CHECK(bad_option.exit_code == 2);  // never CLI11's own codes
  Run bad_match = run({kSearch, "--match", "some", "talks"});
  CHECK(bad_match.exit_code == 2);

  Run help = run({kSearch, "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Exit codes") != std::string::npos);
}

TEST_CASE("cli: a file that fails is reported and the run exits 1", "[cli]") {
  TempDir dir;
  write_file(dir / "c/good.txt", "Talks in Istanbul resumed\n\nBoth sides met on Friday.\n");
  write_file(dir / "c/bad.txt", std::string("\0\0\0binary", 9));
  Run r = run({kIndex, "--index", (dir / "idx").string(), (dir / "c").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("bad.txt: binary content") != std::string::npos);
  CHECK(r.err.find("1 added") != std::string::npos);
}

TEST_CASE("cli: PARLEY_INDEX is the default index for both programs", "[cli]") {
  TempDir dir;
  std::string env = "PARLEY_INDEX=" + (dir / "envidx").string();
  Run idx = run({kIndex, sample_corpus().string()}, {env});
  REQUIRE(idx.exit_code == 0);
  Run s = run({kSearch, "--json", "istanbul"}, {env});
  CHECK(s.exit_code == 0);
  CHECK(nlohmann::json::parse(s.out)["total"] == 2);
}

TEST_CASE("cli: colour only when asked or on a terminal", "[cli]") {
  Run plain = run({kSearch, "--index", sample_index(), "istanbul"});
  CHECK(plain.out.find("\033[") == std::string::npos);
  Run colour = run({kSearch, "--index", sample_index(), "--color=always", "istanbul"});
  CHECK(colour.out.find("\033[1;33m") != std::string::npos);
  Run no_color =
      run({kSearch, "--index", sample_index(), "--color=auto", "istanbul"}, {"NO_COLOR=1"});
  CHECK(no_color.out.find("\033[") == std::string::npos);
}

TEST_CASE("cli: --inspect prints each article's facets, the same the index stores", "[cli]") {
  Run inspect = run({kIndex, "--inspect", sample_corpus().string()});
  REQUIRE(inspect.exit_code == 0);
  std::map<std::string, nlohmann::json> printed;
  std::istringstream lines(inspect.out);
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    for (const char* key : {"id", "path", "title", "date", "source", "agency", "region", "place",
                            "person", "party", "demand", "demand_by"}) {
      CHECK(j.contains(key));
    }
    printed[j["id"]] = j;
  }
  REQUIRE(printed.size() == 5);
  CHECK(printed["001_c333ee95ef820b2f.txt"]["source"] == "scoop-hub");
  CHECK(printed["002_518838d92e935527.txt"]["place"] ==
        nlohmann::json::array({"belgorod-city", "moscow"}));

  nlohmann::json all = search_json({"--limit", "10"});
  REQUIRE(all["hits"].size() == 5);
  for (const auto& hit : all["hits"]) {
    const nlohmann::json& p = printed.at(hit["id"].get<std::string>());
    CAPTURE(hit["id"]);
    for (const char* facet :
         {"agency", "region", "place", "person", "party", "demand", "demand_by"}) {
      CHECK(hit["facets"][facet] == p[facet]);
    }
    nlohmann::json source = hit["facets"]["source"];
    CHECK(source ==
          (p["source"].is_null() ? nlohmann::json::array() : nlohmann::json::array({p["source"]})));
  }
  // Facet fields filter on the stored values.
  nlohmann::json belgorod = search_json({"region:belgorod"});
  CHECK(hit_ids(belgorod) == std::vector<std::string>{"002_518838d92e935527.txt"});
}

TEST_CASE("cli: --inspect takes single files and reports bad ones", "[cli]") {
  TempDir dir;
  write_file(dir / "a.jsonl",
             "{\"id\":\"r1\",\"title\":\"Strikes on Kharkiv\",\"text\":\"Russian missiles hit "
             "Kharkiv overnight, the governor said.\"}\n{broken\n");
  write_file(dir / "empty.txt", "");
  Run r = run({kIndex, "--inspect", (dir / "a.jsonl").string(), (dir / "empty.txt").string()});
  CHECK(r.exit_code == 1);
  nlohmann::json j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  CHECK(j["id"] == "a.jsonl#r1");
  CHECK(j["region"] == nlohmann::json::array({"kharkiv"}));
  CHECK(r.err.find("line 2: not valid JSON") != std::string::npos);
  CHECK(r.err.find("empty.txt: empty file") != std::string::npos);
}

TEST_CASE("cli: Erdogan and Erdoğan find each other and the snippet keeps the original", "[cli]") {
  for (const char* q : {"Erdogan", "erdoğan", "\"Recep Tayyip Erdogan\""}) {
    CAPTURE(q);
    nlohmann::json j = search_json({q});
    REQUIRE(hit_ids(j) == std::vector<std::string>{"001_c333ee95ef820b2f.txt"});
    std::string snippet = j["hits"][0]["snippet"];
    CHECK(snippet.find("Erdoğan’s") != std::string::npos);
    REQUIRE(j["hits"][0]["highlights"].size() >= 1);
  }
  // A capitalised word finds its possessive too.
  CHECK(search_json({"Medinsky"})["total"] == 1);
}

TEST_CASE("cli: every seed article is found by its must_match phrases and not by its boilerplate",
          "[cli]") {
  // From seed-gold.jsonl's must_match and must_not_match.
  struct Seed {
    const char* id;
    std::vector<const char*> must_match, must_not_match;
  };
  const Seed seeds[] = {
      {"000_1ab1a1e8cfb25cf6.txt",
       {"Russian-claimed territories", "maximalist demands", "weapons of mass destruction",
        "behind closed doors", "war damage compensation"},
       {}},
      {"001_c333ee95ef820b2f.txt",
       {"memorandum", "glorification of Nazism", "satellite intelligence", "12,000 fallen troops",
        "within 100 days"},
       {"Subscribe", "Leave a comment", "full archive", "Share This Article", "Min Read"}},
      {"002_518838d92e935527.txt",
       {"non-starter", "cynical attempt to shift blame", "back-channel talks", "diplomatic trap",
        "10 million Ukrainians"},
       {"Skip to main content"}},
      {"003_31b07caf7277be3d.txt",
       {"root causes", "think tank", "comprehensive agreement", "critical first step",
        "regroup its forces"},
       {"RECOMMENDED STORIES", "SmackDown", "Ted Lasso", "Cooper Kupp", "iPhone",
        "Estimated reading time"}},
      {"004_de9879953fbf6be7.txt",
       {"unhindered and safe withdrawal", "10-point plan", "Foreign Ministry", "pre-2014 borders",
        "more stringent"},
       {}},
  };
  for (const Seed& seed : seeds) {
    for (const char* phrase : seed.must_match) {
      CAPTURE(seed.id, phrase);
      nlohmann::json j = search_json({"--limit", "10", std::string("\"") + phrase + "\""});
      std::vector<std::string> ids = hit_ids(j);
      CHECK(std::find(ids.begin(), ids.end(), seed.id) != ids.end());
    }
    for (const char* phrase : seed.must_not_match) {
      CAPTURE(seed.id, phrase);
      Run r = run({kSearch, "--index", sample_index(), "--json", "--limit", "10",
                   std::string("\"") + phrase + "\""});
      nlohmann::json j = nlohmann::json::parse(r.out);
      std::vector<std::string> ids = hit_ids(j);
      CHECK(std::find(ids.begin(), ids.end(), seed.id) == ids.end());
    }
  }
}
