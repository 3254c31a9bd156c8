// Many searches at once while indexing runs commit: no search fails, and every result matches
// what a quiet index gives. CI runs 4 searchers x 100 queries; scripts/load.sh runs the full
// 8 x 1,000 (PARLEY_LOAD_SEARCHERS, PARLEY_LOAD_QUERIES) and prints the figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "support.h"

namespace fs = std::filesystem;
using parley::test::Run;
using parley::test::run;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

const std::string kIndexBin = PARLEY_INDEX_BIN;
const std::string kSearchBin = PARLEY_SEARCH_BIN;

std::size_t setting(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::stoul(v) : fallback;
}

// What must not change while unrelated articles are added: the exit code, the totals, the
// matching ids and the facet counts (scores move with the collection's statistics).
std::string essence(const Run& r) {
  if (r.exit_code != 0 && r.exit_code != 1) return "exit " + std::to_string(r.exit_code);
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  if (j.is_discarded()) return "bad JSON";
  std::vector<std::string> ids = parley::test::hit_ids(j);
  std::sort(ids.begin(), ids.end());
  nlohmann::json e = {{"exit", r.exit_code},
                      {"total", j["total"]},
                      {"articles", j["articles"]},
                      {"ids", ids},
                      {"facets", j["facets"]}};
  return e.dump();
}

// Filler text of words no query uses and no gazetteer entry names.
std::string filler(std::size_t n) {
  static const char* const kWords[] = {"lorem",      "ipsum", "dolor", "amet",    "consectetur",
                                       "adipiscing", "elit",  "sed",   "eiusmod", "tempor"};
  std::string text = "Lorem ipsum report " + std::to_string(n) + "\n\n";
  for (std::size_t i = 0; i < 200; ++i)
    text += std::string(kWords[(i * 7 + n) % 10]) + (i % 12 == 11 ? ". " : " ");
  return text;
}

}  // namespace

TEST_CASE("load: searches at once while indexing commits all succeed and match a quiet run",
          "[load]") {
  const std::size_t searchers = setting("PARLEY_LOAD_SEARCHERS", 4);
  const std::size_t per_searcher = setting("PARLEY_LOAD_QUERIES", 100);
  TempDir dir;
  std::string index = (dir / "index").string();
  fs::path extra = dir / "extra";
  fs::create_directories(extra);
  Run first = run(
      {kIndexBin, "-q", "--index", index, parley::test::sample_corpus().string(), extra.string()});
  REQUIRE(first.exit_code == 0);

  const std::vector<std::vector<std::string>> queries = {
      {"talks"},
      {"\"weapons of mass destruction\""},
      {"--match", "any", "ceasefire", "withdrawal"},
      {"--region", "Zaporozhye", "--party", "Kremlin"},
      {"--sort", "-date", "--limit", "3", "talks"},
      {"Russia AND (ceasefire OR truce) -Istanbul"},
      {"neutral*"},
      {"--demand-by", "russia/territorial-withdrawal"},
      {"nosuchwordanywhere"},
      {"--person", "zelenskiy", "--timeline", "month"}};
  auto search = [&](const std::vector<std::string>& q) {
    std::vector<std::string> argv = {kSearchBin, "--index", index, "--json"};
    argv.insert(argv.end(), q.begin(), q.end());
    return run(argv);
  };
  std::vector<std::string> quiet;
  for (const auto& q : queries)
    quiet.push_back(essence(search(q)));

  // The indexer: new unrelated articles, one run (and commit) after another.
  std::atomic<bool> done{false};
  std::atomic<std::size_t> index_runs{0}, index_failures{0};
  std::thread indexer([&] {
    for (std::size_t n = 0; !done; ++n) {
      for (std::size_t k = 0; k < 20; ++k)
        write_file(extra / ("f" + std::to_string(n * 20 + k) + ".txt"), filler(n * 20 + k));
      Run r = run({kIndexBin, "-q", "--index", index, parley::test::sample_corpus().string(),
                   extra.string()});
      if (r.exit_code != 0) ++index_failures;
      ++index_runs;
    }
  });
  // Let the first indexing run get going before the searches start.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));

  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::size_t> failed(searchers), differed(searchers);
  std::vector<std::string> first_problem(searchers);
  std::vector<std::thread> threads;
  for (std::size_t s = 0; s < searchers; ++s) {
    threads.emplace_back([&, s] {
      for (std::size_t i = 0; i < per_searcher; ++i) {
        std::size_t qi = (i + s) % queries.size();
        Run r = search(queries[qi]);
        std::string got = essence(r);
        if (r.exit_code >= 2)
          ++failed[s];
        else if (got != quiet[qi])
          ++differed[s];
        if (got != quiet[qi] && first_problem[s].empty())
          first_problem[s] = queries[qi][0] + ": " + got + " / " + r.err;
      }
    });
  }
  for (std::thread& t : threads)
    t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::size_t commits_during = index_runs;
  done = true;
  indexer.join();

  std::size_t total_failed = 0, total_differed = 0;
  for (std::size_t s = 0; s < searchers; ++s) {
    total_failed += failed[s];
    total_differed += differed[s];
    INFO(first_problem[s]);
    CHECK(first_problem[s].empty());
  }
  std::printf(
      "load: %zu searchers x %zu queries = %zu searches in %.1f s (%.0f/s); %zu failed, %zu "
      "differed from the quiet run; %zu indexing runs committed meanwhile, %zu failed\n",
      searchers, per_searcher, searchers * per_searcher, seconds,
      static_cast<double>(searchers * per_searcher) / seconds, total_failed, total_differed,
      commits_during, index_failures.load());
  CHECK(total_failed == 0);
  CHECK(total_differed == 0);
  CHECK(index_failures == 0);
  CHECK(commits_during >= 1);
}
