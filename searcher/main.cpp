// parley-search: ranked, fielded search over Parley's index from the command line.
#include <unistd.h>

#include <xapian.h>
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "common/database.h"
#include "searcher/render.h"
#include "searcher/request.h"
#include "searcher/search.h"

namespace {

constexpr int kExitHits = 0;
constexpr int kExitNoHits = 1;
constexpr int kExitError = 2;

constexpr const char* kFooter = R"(
Query syntax: words (all must match; --match any for one of them), "exact phrases",
OR, NOT, AND, (groups), +required, -excluded, wild*, and fields:
title:ceasefire  date:2025-05  date:2025-05-01..2025-05-31  date:2025..
region:donetsk  place:istanbul  person:vladimir-putin  party:russia  demand:ceasefire
demand_by:russia/ceasefire  source:reuters  agency:tass  format:md  id:PATH

Exit codes:
  0  at least one article matched
  1  no article matched
  2  error (bad query or options, missing or unusable index)
Environment:
  PARLEY_INDEX   the index location when --index is not given
                 (default $XDG_DATA_HOME/parley/index, else ~/.local/share/parley/index)
  NO_COLOR       no colour in the text output)";

void error(const std::string& message) {
  std::cerr << "parley-search: error: " << message << "\n";
}

bool use_color(const std::string& when, bool json) {
  if (json || when == "never") return false;
  if (when == "always") return true;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Search Parley's index of conflict news.", "parley-search"};
  app.footer(kFooter);
  std::vector<std::string> words;
  std::string index_path, match = "all", sort, color = "auto";
  bool json = false;
  parley::SearchRequest request;
  app.add_option("query", words, "Query words and operators")->type_name("QUERY");
  app.add_option("--index", index_path, "Index folder (default: $PARLEY_INDEX, see below)")
      ->type_name("DIR");
  app.add_flag("--json", json, "Print one JSON object (docs/json.md)");
  app.add_option("-n,--limit", request.limit, "Hits to show")->capture_default_str();
  app.add_option("--offset", request.offset, "Hits to skip (paging)")->capture_default_str();
  app.add_option("--match", match, "all: every word must match; any: at least one")
      ->check(CLI::IsMember({"all", "any"}))
      ->capture_default_str();
  app.add_option("--sort", sort,
                 "relevance, date (oldest first) or -date (newest first); default relevance, "
                 "newest first without words")
      ->check(CLI::IsMember({"relevance", "date", "-date"}));
  app.add_option("--color,--colour", color, "Colour the text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.set_version_flag("--version", "parley-search 0.1.0");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitHits;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return kExitHits;
  } catch (const CLI::ParseError& e) {
    error(e.what());
    std::cerr << "Run 'parley-search --help' for usage.\n";
    return kExitError;
  }

  for (const std::string& w : words) {
    if (!request.query.empty()) request.query += ' ';
    request.query += w;
  }
  request.match = match == "any" ? parley::MatchMode::kAny : parley::MatchMode::kAll;
  if (sort == "relevance") request.sort = parley::SortOrder::kRelevance;
  if (sort == "date") request.sort = parley::SortOrder::kDateAscending;
  if (sort == "-date") request.sort = parley::SortOrder::kDateDescending;
  std::filesystem::path index =
      index_path.empty() ? parley::default_index_path() : std::filesystem::path(index_path);

  try {
    Xapian::Database db = parley::open_for_search(index);
    parley::SearchResult result;
    // A writer committing meanwhile can invalidate what we read: reopen and try again.
    for (int attempt = 0;; ++attempt) {
      try {
        result = parley::run_search(db, request);
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 3) throw;
        db.reopen();
      }
    }
    if (json) {
      std::cout << parley::result_json(request, result).dump(2) << "\n";
    } else {
      parley::render_text(std::cout, request, result, use_color(color, json));
    }
    std::cout.flush();
    return result.total > 0 ? kExitHits : kExitNoHits;
  } catch (const parley::QueryError& e) {
    error(e.what());
    return kExitError;
  } catch (const parley::IndexError& e) {
    error(e.what());
    return kExitError;
  } catch (const Xapian::DatabaseCorruptError& e) {
    error("the index at " + index.string() + " is damaged (" + e.get_msg() +
          "): move it aside and index the corpus again with parley-index");
    return kExitError;
  } catch (const Xapian::Error& e) {
    error("index " + index.string() + ": " + e.get_description());
    return kExitError;
  } catch (const std::exception& e) {
    error(e.what());
    return kExitError;
  }
}
