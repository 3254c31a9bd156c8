// bench-query: times a list of queries, warm, through one engine's library in-process, or as
// whole processes. Prints one JSON object: per query, its hit count and every timing in ms.
//
//   bench-query parley INDEX QUERIES [--facets all|none] [--filter FACET=VALUE]
//                                                 (INDEX may be a stub of shards, also remote)
//   bench-query xapian DATABASE QUERIES           plain Xapian (omindex's database)
//   bench-query fts5 DB_FILE QUERIES              SQLite FTS5, bm25 order, top 10
//   bench-query exec QUERIES -- PROGRAM ARGS...   whole processes; "{}" in ARGS is the query
// Common options: --rounds N (timed passes over the list, after one warm-up pass).
//
// QUERIES has one query a line, "kind<TAB>query"; '#' starts a comment. Queries use the syntax
// all three engines share: words (all must match) and "phrases".
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/database.h"
#include "common/document.h"
#include "searcher/render.h"
#include "searcher/search.h"

extern char** environ;

namespace {

struct Query {
  std::string kind, text;
  std::size_t hits = 0;
  std::vector<double> ms;
};

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Query> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) throw std::runtime_error("no tab in query line: " + line);
    out.push_back({line.substr(0, tab), line.substr(tab + 1), 0, {}});
  }
  return out;
}

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Runs `one` on every query: a warm-up pass, then `rounds` timed passes.
template <typename F>
void time_queries(std::vector<Query>& queries, int rounds, F one) {
  for (Query& q : queries)
    q.hits = one(q.text);
  for (int r = 0; r < rounds; ++r) {
    for (Query& q : queries) {
      auto start = Clock::now();
      one(q.text);
      q.ms.push_back(ms_since(start));
    }
  }
}

// Parley's searcher, as parley-search calls it, without the process around it.
void run_parley(const std::string& index, std::vector<Query>& queries, int rounds,
                const std::string& facets, const std::string& filter) {
  // As parley-search opens it: one database, or the shards its stub lists, local or remote.
  parley::SearchIndex opened = parley::open_shards_for_search(index, {}, false);
  const Xapian::Database& db = opened.db;
  parley::SearchRequest base;
  if (facets == "all") {
    for (const parley::schema::FacetInfo& f : parley::schema::kFacets)
      base.facets.push_back(f.facet);
    // Every value is counted; the top ones are listed, as parley-search shows them.
    base.facet_limit = parley::kTextFacetLimit;
  }
  if (!filter.empty()) {
    std::size_t eq = filter.find('=');
    auto f = parley::schema::facet_by_name(filter.substr(0, eq));
    if (!f || eq == std::string::npos) throw std::runtime_error("bad --filter " + filter);
    base.filters[static_cast<int>(*f)].push_back(filter.substr(eq + 1));
  }
  time_queries(queries, rounds, [&](const std::string& text) {
    parley::SearchRequest request = base;
    request.query = text;
    return parley::run_search(db, request, opened.remote).total;
  });
}

// Plain Xapian on omindex's database: its QueryParser with the English stemmer, all words
// required, BM25, the top 10 with their stored data (what a hit list shows).
void run_xapian(const std::string& path, std::vector<Query>& queries, int rounds) {
  Xapian::Database db(path);
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  time_queries(queries, rounds, [&](const std::string& text) {
    Xapian::Enquire enquire(db);
    enquire.set_query(qp.parse_query(text));
    Xapian::MSet mset = enquire.get_mset(0, 10);
    std::size_t bytes = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it)
      bytes += it.get_document().get_data().size();
    (void)bytes;
    return static_cast<std::size_t>(mset.get_matches_estimated());
  });
}

// FTS5: MATCH, ordered by bm25, the top 10 rows with their path and title.
void run_fts5(const std::string& path, std::vector<Query>& queries, int rounds) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot open " + path);
  }
  sqlite3_stmt* stmt = nullptr;
  const char* sql =
      "SELECT path, title FROM articles WHERE articles MATCH ? ORDER BY bm25(articles) LIMIT 10";
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
  time_queries(queries, rounds, [&](const std::string& text) {
    sqlite3_bind_text(stmt, 1, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    std::size_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
      ++rows;
    if (rc != SQLITE_DONE) throw std::runtime_error(text + ": " + sqlite3_errmsg(db));
    sqlite3_reset(stmt);
    return rows;
  });
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

// Whole processes: the program with "{}" replaced by the query, its output to /dev/null.
void run_exec(std::vector<Query>& queries, int rounds, const std::vector<std::string>& command) {
  time_queries(queries, rounds, [&](const std::string& text) {
    std::vector<std::string> args = command;
    for (std::string& a : args) {
      for (std::size_t at; (at = a.find("{}")) != std::string::npos;)
        a.replace(at, 2, text);
    }
    std::vector<char*> argv;
    for (std::string& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot run " + args[0]);
    }
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    waitpid(pid, &status, 0);
    return static_cast<std::size_t>(WIFEXITED(status) ? WEXITSTATUS(status) : 255);
  });
}

int usage() {
  std::cerr << "usage: bench-query parley INDEX QUERIES [--facets all|none] [--filter F=V]\n"
               "       bench-query xapian DATABASE QUERIES\n"
               "       bench-query fts5 DB_FILE QUERIES\n"
               "       bench-query exec QUERIES -- PROGRAM ARGS...   ({} is the query)\n"
               "       common: --rounds N\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc), positional, command;
  int rounds = 5;
  std::string facets = "none", filter;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      command.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (args[i] == "--rounds" && i + 1 < args.size()) {
      rounds = std::stoi(args[++i]);
    } else if (args[i] == "--facets" && i + 1 < args.size()) {
      facets = args[++i];
    } else if (args[i] == "--filter" && i + 1 < args.size()) {
      filter = args[++i];
    } else {
      positional.push_back(args[i]);
    }
  }
  if (positional.empty()) return usage();
  const std::string& engine = positional[0];
  try {
    std::vector<Query> queries;
    if (engine == "exec" && positional.size() == 2 && !command.empty()) {
      queries = read_queries(positional[1]);
      run_exec(queries, rounds, command);
    } else if (positional.size() == 3) {
      queries = read_queries(positional[2]);
      if (engine == "parley") {
        run_parley(positional[1], queries, rounds, facets, filter);
      } else if (engine == "xapian") {
        run_xapian(positional[1], queries, rounds);
      } else if (engine == "fts5") {
        run_fts5(positional[1], queries, rounds);
      } else {
        return usage();
      }
    } else {
      return usage();
    }
    nlohmann::ordered_json out = {{"engine", engine}, {"rounds", rounds}, {"queries", {}}};
    for (const Query& q : queries) {
      out["queries"].push_back(
          {{"kind", q.kind}, {"query", q.text}, {"hits", q.hits}, {"ms", q.ms}});
    }
    std::cout << out.dump() << "\n";
  } catch (const Xapian::Error& e) {
    std::cerr << "bench-query: " << e.get_description() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "bench-query: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
