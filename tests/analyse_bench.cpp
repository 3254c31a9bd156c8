// Micro-benchmark of entity extraction: tokenizing + gazetteer matching alone, and the whole of
// analyse(), over the articles of a JSON Lines file (records with "title" and "text").
//
//   cmake --build build --target parley_analyse_bench
//   build/tests/parley_analyse_bench ukraine_media_2022.jsonl
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/analyse.h"
#include "common/gazetteer.h"
#include "common/tokens.h"

using namespace parley;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE.jsonl\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  std::vector<Article> articles;
  std::size_t bytes = 0;
  for (std::string line; std::getline(in, line);) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    Article a;
    a.title = j.value("title", "");
    a.body = j.value("text", "");
    bytes += a.title.size() + a.body.size();
    articles.push_back(std::move(a));
  }
  const Gazetteer& gazetteer = Gazetteer::builtin();
  (void)analyse(Article{});  // load the rules outside the timings

  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  std::size_t tokens = 0, mentions = 0;
  for (const Article& a : articles) {
    std::vector<Token> t = tokenize(a.title + "\n" + a.body);
    tokens += t.size();
    mentions += gazetteer.match(t).size();
  }
  double match_s = seconds_since(start);
  double match_cpu = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;

  start = std::chrono::steady_clock::now();
  cpu = std::clock();
  std::size_t values = 0;
  for (const Article& a : articles) {
    Entities e = analyse(a);
    for (const auto& v : e.values)
      values += v.size();
  }
  double analyse_s = seconds_since(start);
  double analyse_cpu = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;

  double mb = static_cast<double>(bytes) / 1e6;
  auto n = static_cast<double>(articles.size());
  std::printf("%zu articles, %.1f MB, %zu tokens, %zu mentions, %zu facet values\n",
              articles.size(), mb, tokens, mentions, values);
  // CPU time as well as wall time: on a shared machine the wall time counts other work too.
  std::printf("tokenize+match: %.2f s (%.2f s CPU)  %.0f articles/s  %.1f MB/s\n", match_s,
              match_cpu, n / match_s, mb / match_s);
  std::printf("analyse:        %.2f s (%.2f s CPU)  %.0f articles/s  %.1f MB/s\n", analyse_s,
              analyse_cpu, n / analyse_s, mb / analyse_s);
  return 0;
}
