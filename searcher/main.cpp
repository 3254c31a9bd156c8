// parley-search: ranked, fielded search over Parley's index from the command line.
#include <unistd.h>

#include <xapian.h>
#include <CLI/CLI.hpp>
#include <array>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include "common/analysis_data.h"
#include "common/crash.h"
#include "common/database.h"
#include "searcher/facets.h"
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
Facet values may be ids or any alias: region:Zaporozhye, --person zelenskiy, --party Kremlin.

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

constexpr int kSearchAttempts = 5;

}  // namespace

int main(int argc, char** argv) {
  parley::install_crash_report("parley-search");
  CLI::App app{"Search Parley's index of conflict news.", "parley-search"};
  app.footer(kFooter);
  std::vector<std::string> words;
  std::string index_path, data_dir, match = "all", sort, color = "auto";
  bool json = false;
  parley::SearchRequest request;
  app.add_option("query", words, "Query words and operators")->type_name("QUERY");
  app.add_option("--index", index_path, "Index folder (default: $PARLEY_INDEX, see below)")
      ->type_name("DIR");
  app.add_flag("--json", json, "Print one JSON object (docs/json.md)");
  app.add_option("--data", data_dir,
                 "Resolve facet values through the gazetteer in DIR (as parley-index --data)")
      ->type_name("DIR");
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
  std::array<std::vector<std::string>, parley::schema::kFacetCount> filters;
  for (const parley::schema::FacetInfo& f : parley::schema::kFacets) {
    std::string option = "--" + std::string(f.option);
    app.add_option(option, filters[static_cast<int>(f.facet)],
                   "Only articles with this " + std::string(f.name) +
                       " (repeat for any of several; aliases accepted)")
        ->type_name("VALUE")
        ->type_size(1)
        ->allow_extra_args(false)  // one value per option: the words after it stay words
        ->group("Filters");
  }
  app.add_option("--from", request.date_from, "Only articles dated on or after (YYYY[-MM[-DD]])")
      ->group("Filters");
  app.add_option("--to", request.date_to, "Only articles dated on or before (YYYY[-MM[-DD]])")
      ->group("Filters");
  std::string facets_option, list_facet, timeline;
  std::size_t facet_limit = 0;
  bool no_collapse = false;
  app.add_option("--facets", facets_option,
                 "Facets to count, comma-separated, or none (default: all)")
      ->group("Facets");
  app.add_option("--facet-limit", facet_limit, "Values shown per facet (text default 5)")
      ->group("Facets");
  app.add_option("--timeline", timeline, "Matching articles per day, week, month or year")
      ->check(CLI::IsMember({"day", "week", "month", "year"}))
      ->group("Facets");
  app.add_option("--list", list_facet, "List every value of a facet in the index, with counts")
      ->type_name("FACET")
      ->group("Facets");
  app.add_flag("--no-collapse", no_collapse, "Show near-duplicates instead of folding them");
  app.add_option("--like", request.like, "Articles like the one with this id")->type_name("ID");
  std::vector<std::string> remotes;
  bool allow_partial = false;
  app.add_option("--remote", remotes,
                 "Also search the shard a xapian-tcpsrv serves there (repeatable)")
      ->type_name("HOST:PORT")
      ->type_size(1)
      ->allow_extra_args(false)
      ->group("Shards");
  app.add_flag("--allow-partial", allow_partial,
               "Answer from the shards that can be reached when some cannot (with a warning)")
      ->group("Shards");
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

  if (!data_dir.empty()) {
    try {
      parley::use_analysis_data(data_dir);
    } catch (const std::exception& e) {
      error(e.what());
      return kExitError;
    }
  }
  // What was typed, made safe to parse and to echo (no terminal escapes, valid UTF-8).
  for (const std::string& w : words) {
    if (!request.query.empty()) request.query += ' ';
    request.query += parley::clean_query_text(w);
  }
  for (auto& values : filters) {
    for (std::string& v : values)
      v = parley::clean_query_text(v);
  }
  request.date_from = parley::clean_query_text(request.date_from);
  request.date_to = parley::clean_query_text(request.date_to);
  request.like = parley::clean_query_text(request.like);
  facets_option = parley::clean_query_text(facets_option);
  list_facet = parley::clean_query_text(list_facet);
  request.match = match == "any" ? parley::MatchMode::kAny : parley::MatchMode::kAll;
  if (sort == "relevance") request.sort = parley::SortOrder::kRelevance;
  if (sort == "date") request.sort = parley::SortOrder::kDateAscending;
  if (sort == "-date") request.sort = parley::SortOrder::kDateDescending;
  request.filters = filters;
  request.collapse = !no_collapse;
  if (!timeline.empty()) request.timeline = timeline;
  if (facet_limit > 0) {
    request.facet_limit = facet_limit;
  } else if (!json) {
    request.facet_limit = parley::kTextFacetLimit;  // JSON lists every value
  }
  if (facets_option != "none") {
    if (facets_option.empty() || facets_option == "all") {
      for (const parley::schema::FacetInfo& f : parley::schema::kFacets) {
        request.facets.push_back(f.facet);
      }
    } else {
      std::stringstream names(facets_option);
      for (std::string name; std::getline(names, name, ',');) {
        std::optional<parley::schema::Facet> f = parley::schema::facet_by_name(name);
        if (!f) {
          error("unknown facet '" + name +
                "' in --facets: region, place, person, party, demand, demand_by, source, agency");
          return kExitError;
        }
        request.facets.push_back(*f);
      }
    }
  }
  std::filesystem::path index =
      index_path.empty() ? parley::default_index_path() : std::filesystem::path(index_path);

  auto open = [&] {
    parley::SearchIndex opened = parley::open_shards_for_search(index, remotes, allow_partial);
    for (const std::string& m : opened.missing) {
      std::cerr << "parley-search: warning: shard " << m
                << " cannot be reached; answering from the others\n";
    }
    return opened;
  };
  try {
    parley::SearchIndex opened = open();
    Xapian::Database db = opened.db;
    if (!list_facet.empty()) {
      std::optional<parley::schema::Facet> f = parley::schema::facet_by_name(list_facet);
      if (!f) {
        error("unknown facet '" + list_facet +
              "': region, place, person, party, demand, demand_by, source, agency");
        return kExitError;
      }
      std::vector<parley::FacetCount> values = parley::list_values(db, *f);
      if (json) {
        nlohmann::ordered_json out = {{"version", parley::kJsonVersion},
                                      {"facet", std::string(parley::schema::facet_info(*f).name)},
                                      {"values", nlohmann::ordered_json::array()}};
        for (const parley::FacetCount& v : values) {
          out["values"].push_back({{"id", v.id}, {"name", v.name}, {"count", v.count}});
        }
        std::cout << out.dump(2) << "\n";
      } else {
        parley::render_values(std::cout, *f, values, use_color(color, json));
      }
      return values.empty() ? kExitNoHits : kExitHits;
    }
    parley::SearchResult result;
    // A writer committing meanwhile can invalidate what we read, and --rebuild can switch the
    // index to a new database and remove the old one while we read it: open it again and
    // search again.
    for (int attempt = 0;; ++attempt) {
      try {
        result = parley::run_search(db, request, opened.remote);
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= kSearchAttempts) throw;
        db.reopen();
      } catch (const Xapian::DatabaseOpeningError&) {
        if (attempt >= kSearchAttempts) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        opened = open();
        db = opened.db;
      } catch (const Xapian::NetworkError&) {
        // A remote shard went away after opening: opening again names it (or, with
        // --allow-partial, leaves it out).
        if (attempt >= kSearchAttempts) throw;
        opened = open();
        db = opened.db;
      }
    }
    if (json) {
      nlohmann::ordered_json out = parley::result_json(request, result);
      out["missing_shards"] = opened.missing;
      std::cout << out.dump(2) << "\n";
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
          "): rebuild it with parley-index --rebuild CORPUS_DIR...");
    return kExitError;
  } catch (const Xapian::DatabaseError& e) {
    // Truncated or overwritten tables, found while reading them.
    error("the index at " + index.string() + " cannot be read (" + e.get_msg() +
          "): rebuild it with parley-index --rebuild CORPUS_DIR...");
    return kExitError;
  } catch (const Xapian::Error& e) {
    error("index " + index.string() + ": " + e.get_description());
    return kExitError;
  } catch (const std::exception& e) {
    error(e.what());
    return kExitError;
  }
}
