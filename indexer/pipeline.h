// The indexing run: scan the corpus folders; one thread reads files (records of JSON Lines and
// CSV exports in bounded chunks), worker threads clean and analyse them, and one writer thread
// per shard owns its WritableDatabase. Bounded queues between them keep memory flat.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/analyse.h"
#include "common/corpus.h"

namespace parley {

struct IndexOptions {
  std::filesystem::path index;
  std::vector<std::filesystem::path> roots;
  unsigned jobs = 0;                            // worker threads; 0 means all cores
  std::uintmax_t max_file_bytes = 64ull << 20;  // larger files are reported and skipped
  bool dry_run = false;  // read the corpus and the index, write nothing, list the changes
  bool rebuild = false;  // build a fresh database and switch the index to it atomically
  bool plain = false;    // create the index as one plain database, without a stub
  // Shards of a new (or rebuilt) index; 0: as many as the index has, 1 for a new one. Each
  // article goes to the shard its id hashes to; each shard has its own writer thread.
  unsigned shards = 0;
  // The writers commit when the documents written since the last commit are estimated to take
  // this many bytes (text, terms, positions), so memory stays flat whatever the corpus size.
  std::size_t commit_bytes = 64ull << 20;
  bool follow_symlinks = false;  // follow symbolic links (loops are detected and reported)
};

// How far a run has come, for a progress line.
struct Progress {
  std::size_t files_done = 0;
  std::size_t files_total = 0;
};

// What a run did. Article counts are per article, file counts per file.
struct RunRecord {
  std::string started;   // ISO 8601 UTC
  std::string finished;  // ISO 8601 UTC
  double seconds = 0;
  std::size_t files_seen = 0;
  std::size_t added = 0;      // articles new to the index
  std::size_t updated = 0;    // articles whose content changed
  std::size_t unchanged = 0;  // articles whose file or content did not change
  std::size_t removed = 0;    // articles whose file or record is gone
  std::size_t skipped = 0;    // files of formats Parley does not read
  std::size_t failed = 0;     // files that could not be read or parsed
  std::vector<FileProblem> failures;
  std::vector<FileProblem> warnings;
  struct Change {
    std::string action;  // "add", "update" or "remove"
    std::string id;
  };
  std::vector<Change> changes;  // in a dry run: what a run would do

  nlohmann::json to_json() const;
};

// One file read and analysed, as an indexing run and --inspect both do it.
struct AnalysedFile {
  std::vector<std::pair<Article, Entities>> articles;
  std::string error;  // non-empty: the file was not read, with the reason
  std::vector<std::string> warnings;
};

// Reads `file` (at most `max_bytes`), parses its articles and analyses each. Never throws
// for bad input.
AnalysedFile analyse_file(const CorpusFile& file, std::uintmax_t max_bytes);

// The corpus files under `path`: every readable file under a folder (as an indexing run scans
// it), or the file itself with its name as id. Throws std::runtime_error for a missing path
// and for a single file of a format Parley does not read.
ScanResult scan_path(const std::filesystem::path& path);

// Runs one indexing pass. Per-file problems are recorded, never thrown. Throws IndexError
// (cannot open or write the index), Xapian::DatabaseLockError (another writer holds it) and
// std::runtime_error (a corpus folder is missing).
RunRecord run_indexing(const IndexOptions& options,
                       const std::function<void(const Progress&)>& on_progress = {});

// Identifies the analysis that produced a document: the schema version and every embedded
// data file (rules, gazetteer, cues). Part of every content hash, so changing a rule reindexes what
// it may change.
std::uint64_t analysis_fingerprint();

}  // namespace parley
