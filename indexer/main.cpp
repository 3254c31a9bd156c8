// parley-index: builds and updates Parley's index from corpus folders.
#include <unistd.h>

#include <xapian.h>
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common/analysis_data.h"
#include "common/crash.h"
#include "common/database.h"
#include "indexer/inspect.h"
#include "indexer/pipeline.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitError = 2;
constexpr int kExitLocked = 3;

constexpr const char* kExitCodes = R"(
Exit codes:
  0  done
  1  done, but some files could not be read or indexed (each is reported)
  2  could not run (bad options, missing corpus folder, unusable index)
  3  another parley-index holds the index's lock
Environment:
  PARLEY_INDEX   the index location when --index is not given
                 (default $XDG_DATA_HOME/parley/index, else ~/.local/share/parley/index))";

void error(const std::string& message) {
  std::cerr << "parley-index: error: " << message << "\n";
}

// parley-index --status: the index's size, article count and last run.
int print_status(const std::filesystem::path& index, bool json) {
  try {
    Xapian::Database db = parley::open_for_search(index);
    nlohmann::json last = nlohmann::json::parse(db.get_metadata("parley.last_run"), nullptr, false);
    if (last.is_discarded()) last = nullptr;
    nlohmann::ordered_json out = {{"version", 1},
                                  {"index", index.string()},
                                  {"articles", db.get_doccount()},
                                  {"shards", parley::shard_count(index)},
                                  {"bytes", parley::index_size(index)},
                                  {"schema_version", db.get_metadata("parley.schema_version")},
                                  {"last_run", last}};
    if (json) {
      std::cout << out.dump(2) << "\n";
      return kExitOk;
    }
    std::printf("index      %s\narticles   %u\nshards     %u\nsize       %.1f MB\nschema     %s\n",
                index.c_str(), db.get_doccount(), parley::shard_count(index),
                static_cast<double>(parley::index_size(index)) / 1e6,
                db.get_metadata("parley.schema_version").c_str());
    if (last.is_object()) {
      std::printf("last run   %s to %s (%.1f s)\n", last.value("started", "").c_str(),
                  last.value("finished", "").c_str(), last.value("seconds", 0.0));
      std::printf("           %zu added, %zu updated, %zu unchanged, %zu removed, %zu failed\n",
                  last.value("added", std::size_t{0}), last.value("updated", std::size_t{0}),
                  last.value("unchanged", std::size_t{0}), last.value("removed", std::size_t{0}),
                  last.value("failed", std::size_t{0}));
      for (const auto& f : last.value("failures", nlohmann::json::array())) {
        std::printf("           failed: %s: %s\n", f.value("path", "").c_str(),
                    f.value("reason", "").c_str());
      }
    } else {
      std::printf("last run   none recorded\n");
    }
    return kExitOk;
  } catch (const parley::IndexError& e) {
    error(e.what());
    return kExitError;
  } catch (const Xapian::Error& e) {
    error("index " + index.string() + ": " + e.get_description());
    return kExitError;
  }
}

}  // namespace

int main(int argc, char** argv) {
  parley::install_crash_report("parley-index");
  CLI::App app{"Build or update Parley's search index from folders of articles.", "parley-index"};
  app.footer(kExitCodes);
  std::string index_path, data_dir;
  std::vector<std::string> corpus_dirs;
  unsigned jobs = 0;
  std::uintmax_t max_file_size = 64ull << 20;
  bool quiet = false, progress_flag = false, json = false, inspect = false, with_text = false;
  bool with_evidence = false;
  bool status = false, dry_run = false, rebuild = false, follow_symlinks = false;
  app.add_option("corpus", corpus_dirs, "Corpus folders to index (recursively)")
      ->type_name("CORPUS_DIR");
  app.add_option("--index", index_path, "Index folder (default: $PARLEY_INDEX, see below)")
      ->type_name("DIR");
  unsigned shards = 0;
  std::size_t commit_mb = 64;
  unsigned changesets = 0;
  app.add_option("-j,--jobs", jobs, "Worker threads (default: all cores)");
  app.add_option("--shards", shards,
                 "Shards of a new index (or with --rebuild), each written by its own thread "
                 "(default: as the index has, 1 for a new one)")
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--commit-mb", commit_mb,
                 "Commit when the articles written since the last commit take about this many "
                 "MB of index")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  app.add_option("--changesets", changesets,
                 "Keep the changes of the last N commits, so that xapian-replicate brings "
                 "replicas up to date by sending only what changed (docs/deployment.md)")
      ->check(CLI::Range(1u, 1000u));
  app.add_option("--max-file-size", max_file_size, "Skip files larger than this many bytes")
      ->capture_default_str();
  app.add_flag("--follow-symlinks", follow_symlinks,
               "Follow symbolic links to files and folders (default: passed over, with a "
               "warning); a link back to a folder already scanned is not followed again");
  app.add_flag("-q,--quiet", quiet, "Print nothing on success");
  app.add_flag("--progress", progress_flag, "Show progress even when stderr is not a terminal");
  app.add_flag("--json", json, "Print the run record as JSON on stdout");
  CLI::Option* inspect_option =
      app.add_flag("--inspect", inspect,
                   "Write no index: print each article's metadata and facets as a JSON line "
                   "(the arguments may be files or folders)");
  app.add_option("--data", data_dir,
                 "Read the gazetteer, cue and demand files found in DIR (gazetteer.tsv, "
                 "demand_cues.txt, ...: docs/facets.md) instead of the built-in copies")
      ->type_name("DIR");
  app.add_flag("--text", with_text, "With --inspect, include the cleaned text");
  app.add_flag("--evidence", with_evidence,
               "With --inspect, quote the phrase and sentence behind each facet value")
      ->needs(inspect_option);
  app.add_flag("--status", status,
               "Print the index's article count, size and last run (with --json, as JSON)");
  app.add_flag("--rebuild", rebuild,
               "Build a fresh index beside the live one and switch to it atomically (searches "
               "see the old index or the new one, never a half-built one)");
  app.add_flag("-n,--dry-run", dry_run,
               "Write nothing: list the articles a run would add, update and remove");
  app.set_version_flag("--version", "parley-index 0.1.0");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    error(e.what());
    std::cerr << "Run 'parley-index --help' for usage.\n";
    return kExitError;
  }

  parley::IndexOptions options;
  options.index =
      index_path.empty() ? parley::default_index_path() : std::filesystem::path(index_path);
  options.jobs = jobs;
  options.max_file_bytes = max_file_size;
  options.dry_run = dry_run;
  options.rebuild = rebuild;
  options.shards = shards;
  options.commit_bytes = commit_mb << 20;
  options.follow_symlinks = follow_symlinks;
  if (status) return print_status(options.index, json);
  // Xapian reads this when a writer commits; it is the only way to ask for changesets.
  if (changesets) ::setenv("XAPIAN_MAX_CHANGESETS", std::to_string(changesets).c_str(), 1);
  if (corpus_dirs.empty()) {
    if (const char* env = std::getenv("PARLEY_CORPUS"); env && *env) corpus_dirs.push_back(env);
  }
  if (corpus_dirs.empty()) {
    error("no corpus folder given: parley-index CORPUS_DIR... (or set PARLEY_CORPUS)");
    return kExitError;
  }
  for (const auto& d : corpus_dirs)
    options.roots.emplace_back(d);
  if (!data_dir.empty()) {
    try {
      parley::use_analysis_data(data_dir);
    } catch (const std::exception& e) {
      error(e.what());
      return kExitError;
    }
  }

  if (inspect) {
    std::size_t failed = 0;
    try {
      parley::inspect_paths(
          options.roots, options.max_file_bytes, with_evidence,
          [&](const parley::Article& a, const parley::Entities& e, const parley::Evidence* ev) {
            std::cout << parley::inspect_record(a, e, with_text, ev).dump() << "\n";
          },
          [&](const parley::FileProblem& p) {
            if (p.reason.rfind("warning: ", 0) == 0) {
              if (!quiet) std::cerr << "parley-index: " << p.path << ": " << p.reason << "\n";
              return;
            }
            ++failed;
            std::cerr << "parley-index: " << p.path << ": " << p.reason << " (skipped)\n";
          });
    } catch (const std::exception& e) {
      error(e.what());
      return kExitError;
    }
    return failed > 0 ? kExitSomeFailed : kExitOk;
  }

  bool show_progress = !quiet && (progress_flag || ::isatty(STDERR_FILENO));
  auto on_progress = [&](const parley::Progress& p) {
    if (!show_progress) return;
    std::fprintf(stderr, "\rparley-index: %zu/%zu files", p.files_done, p.files_total);
    std::fflush(stderr);
  };

  try {
    parley::RunRecord run = parley::run_indexing(options, on_progress);
    if (show_progress) std::fputs("\r\033[K", stderr);
    for (const auto& w : run.warnings) {
      if (!quiet) std::cerr << "parley-index: warning: " << w.path << ": " << w.reason << "\n";
    }
    for (const auto& f : run.failures) {
      std::cerr << "parley-index: " << f.path << ": " << f.reason << " (skipped)\n";
    }
    if (json) std::cout << run.to_json().dump(2) << "\n";
    if (dry_run && !json) {
      for (const auto& c : run.changes)
        std::cout << c.action << "\t" << c.id << "\n";
    }
    if (!quiet || run.failed > 0) {
      std::fprintf(stderr,
                   "parley-index: %zu added, %zu updated, %zu unchanged, %zu removed; %zu files "
                   "skipped, %zu failed; %.2f s (%s)\n",
                   run.added, run.updated, run.unchanged, run.removed, run.skipped, run.failed,
                   run.seconds, options.index.c_str());
    }
    return run.failed > 0 ? kExitSomeFailed : kExitOk;
  } catch (const Xapian::DatabaseLockError&) {
    std::string holder = parley::lock_holder(options.index);
    error("the index at " + options.index.string() + " is locked: another parley-index" +
          (holder.empty() ? "" : " (" + holder + ")") +
          " is writing it; try again when it has finished");
    return kExitLocked;
  } catch (const parley::IndexError& e) {
    error(e.what());
    return kExitError;
  } catch (const Xapian::Error& e) {
    error("index " + options.index.string() + ": " + e.get_description());
    return kExitError;
  } catch (const std::exception& e) {
    error(e.what());
    return kExitError;
  }
}
