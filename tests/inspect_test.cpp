// End to end: parley-index --inspect --evidence, and --data replacing the embedded analysis data
// in parley-index and parley-search.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support.h"

using parley::test::Run;
using parley::test::run;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

const std::string kIndex = PARLEY_INDEX_BIN;
const std::string kSearch = PARLEY_SEARCH_BIN;

std::string read_source_file(const std::string& rel) {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    lines.push_back(nlohmann::json::parse(line));
  return lines;
}

const char* const kArticle =
    "{\"id\":\"r1\",\"source\":\"Kyiv Post\",\"title\":\"Moscow insists on withdrawal\","
    "\"text\":\"Russian shelling hit Mariupol overnight. Moscow insists that Ukraine withdraw "
    "its troops from Donetsk before any ceasefire, Kremlin spokesman Dmitry Peskov told "
    "Reuters.\\nTalks may resume in Istanbul next week.\"}\n";

}  // namespace

TEST_CASE("inspect: --evidence quotes the phrase and sentence behind every value", "[cli]") {
  TempDir dir;
  write_file(dir / "a.jsonl", kArticle);
  Run plain = run({kIndex, "--inspect", (dir / "a.jsonl").string()});
  Run with = run({kIndex, "--inspect", "--evidence", (dir / "a.jsonl").string()});
  REQUIRE(plain.exit_code == 0);
  REQUIRE(with.exit_code == 0);
  nlohmann::json p = json_lines(plain.out).at(0), j = json_lines(with.out).at(0);
  CHECK_FALSE(p.contains("evidence"));
  REQUIRE(j.contains("evidence"));
  // The flag adds a key and changes nothing else.
  nlohmann::json without = j;
  without.erase("evidence");
  CHECK(without == p);

  const nlohmann::json& ev = j["evidence"];
  for (const char* facet :
       {"source", "agency", "region", "place", "person", "party", "demand", "demand_by"}) {
    CAPTURE(facet);
    REQUIRE(ev.contains(facet));
    nlohmann::json values = nlohmann::json::array();
    if (std::string(facet) == "source") {
      values.push_back(j["source"]);
    } else {
      values = j[facet];
    }
    CHECK(ev[facet].size() == values.size());
    for (const auto& value : values) {
      CAPTURE(value);
      const nlohmann::json& quotes = ev[facet].at(value.get<std::string>());
      REQUIRE(!quotes.empty());
      CHECK(quotes.size() <= 3);
      for (const auto& q : quotes) {
        if (q["sentence"].is_null()) continue;
        std::string sentence = q["sentence"], phrase = q["phrase"];
        CHECK(sentence.find(phrase) != std::string::npos);
      }
    }
  }
  // A region through its city, a capital read as the government, a demand and its speaker.
  CHECK(ev["region"]["donetsk"][0]["phrase"] == "Mariupol");
  CHECK(ev["region"]["donetsk"][0]["sentence"] == "Russian shelling hit Mariupol overnight.");
  CHECK(ev["place"]["istanbul"][0]["sentence"] == "Talks may resume in Istanbul next week.");
  CHECK(ev["party"]["russia"][0]["phrase"] == "Moscow");
  CHECK(ev["party"]["russia"][0]["sentence"] == "Moscow insists on withdrawal");
  REQUIRE(ev["demand_by"].contains("russia/territorial-withdrawal"));
  std::string demand = ev["demand_by"]["russia/territorial-withdrawal"][0]["sentence"];
  CHECK(demand.starts_with("Moscow insists that Ukraine withdraw"));
  // Without --inspect, --evidence is a usage error.
  Run alone = run({kIndex, "--evidence", "--index", (dir / "index").string(), dir.path().string()});
  CHECK(alone.exit_code == 2);
  CHECK(alone.err.find("--inspect") != std::string::npos);
  // Metadata: the phrase is the metadata's text, with no sentence.
  CHECK(ev["source"]["kyiv-post"][0]["phrase"] == "Kyiv Post");
  CHECK(ev["source"]["kyiv-post"][0]["sentence"].is_null());
}

TEST_CASE("inspect: --evidence cuts a long sentence around the phrase", "[cli]") {
  TempDir dir;
  std::string filler;
  for (int i = 0; i < 40; ++i)
    filler += "and then the officials talked ";
  write_file(dir / "a.jsonl", "{\"id\":\"r1\",\"text\":\"The mayor of Kharkiv said " + filler +
                                  "until the evening without any result.\"}\n");
  Run r = run({kIndex, "--inspect", "--evidence", (dir / "a.jsonl").string()});
  REQUIRE(r.exit_code == 0);
  nlohmann::json j = json_lines(r.out).at(0);
  std::string sentence = j["evidence"]["region"]["kharkiv"][0]["sentence"];
  CHECK(sentence.starts_with("The mayor of Kharkiv said"));
  CHECK(sentence.ends_with("\xE2\x80\xA6"));
  CHECK(sentence.size() < 300);
}

TEST_CASE("inspect: --data reads the gazetteer from a folder instead of the built-in one",
          "[cli]") {
  TempDir dir;
  write_file(dir / "corpus" / "a.txt",
             "Strikes on Kharkiv\n\nRussian missiles hit Zorkograd and Kharkiv overnight.\n");
  std::string gazetteer = read_source_file("common/data/gazetteer.tsv");
  REQUIRE(gazetteer.find("kharkiv-city") != std::string::npos);
  write_file(dir / "data" / "gazetteer.tsv",
             gazetteer + "zorkograd\tplace\tZorkograd\tZorkograd|Zorkohrad\t\tkharkiv\t\n");
  std::string corpus = (dir / "corpus").string(), data = (dir / "data").string();

  Run builtin = run({kIndex, "--inspect", corpus});
  REQUIRE(builtin.exit_code == 0);
  CHECK(json_lines(builtin.out).at(0)["place"] == nlohmann::json::array({"kharkiv-city"}));
  Run custom = run({kIndex, "--inspect", "--data", data, corpus});
  INFO(custom.err);
  REQUIRE(custom.exit_code == 0);
  CHECK(json_lines(custom.out).at(0)["place"] ==
        nlohmann::json::array({"kharkiv-city", "zorkograd"}));

  // Indexing with other data reindexes what it read; the searcher resolves the new alias
  // through the same folder.
  std::string index = (dir / "index").string();
  Run first = run({kIndex, "--index", index, "--json", "-q", corpus});
  REQUIRE(first.exit_code == 0);
  CHECK(nlohmann::json::parse(first.out)["added"] == 1);
  Run again = run({kIndex, "--index", index, "--json", "-q", "--data", data, corpus});
  REQUIRE(again.exit_code == 0);
  CHECK(nlohmann::json::parse(again.out)["updated"] == 1);
  Run same = run({kIndex, "--index", index, "--json", "-q", "--data", data, corpus});
  CHECK(nlohmann::json::parse(same.out)["unchanged"] == 1);
  Run found = run({kSearch, "--index", index, "--json", "--data", data, "--place", "Zorkohrad"});
  CHECK(found.exit_code == 0);
  CHECK(nlohmann::json::parse(found.out)["total"] == 1);
  Run unknown = run({kSearch, "--index", index, "--json", "--place", "Zorkohrad"});
  CHECK(unknown.exit_code == 2);
}

TEST_CASE("inspect: a bad entry in --data names its file and line", "[cli]") {
  TempDir dir;
  write_file(dir / "a.txt", "Strikes on Kharkiv overnight.\n");
  struct Case {
    const char* file;
    std::string content;
    std::string message;  // after "DIR/"
  };
  const Case cases[] = {
      {"gazetteer.tsv", "# c\nkharkiv\tregion\tKharkiv\tKharkiv\t\t\t\nx\tcity\tX\tX\t\t\t\n",
       "gazetteer.tsv line 3: unknown facet \"city\""},
      {"context_cues.txt", "[belligerents]\nrussia\n[locativ]\nin _\n",
       "context_cues.txt line 4: in unknown section [locativ]"},
      {"context_cues.txt", "[belligerents]\natlantis\n",
       "context_cues.txt line 2: \"atlantis\" is not a party id of the gazetteer"},
      {"agency_cues.txt", "[cues]\ntold _\nreported by\n", "agency_cues.txt line 3:"},
      {"demand_cues.txt", "# c\n[nonsense]\nx\n",
       "demand_cues.txt line 3: unknown section [nonsense]"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.file, c.content);
    TempDir data;
    write_file(data / c.file, c.content);
    Run r = run({kIndex, "--inspect", "--data", data.path().string(), (dir / "a.txt").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("parley-index: error: " + (data / c.message).string()) != std::string::npos);
  }
  // A folder with none of the files is an error too, not a silent fallback.
  TempDir empty;
  Run r = run({kIndex, "--inspect", "--data", empty.path().string(), (dir / "a.txt").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("holds none of the data files") != std::string::npos);
}
