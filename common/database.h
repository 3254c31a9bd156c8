// Parley's index on disk: where it lives, opening it for searching or writing, and the
// metadata it carries (schema version, the last run's record).
#pragma once

#include <xapian.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace parley {

// A problem with the index a user can act on; what() says what and what to do.
class IndexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The index location: $PARLEY_INDEX when set, else $XDG_DATA_HOME/parley/index, else
// ~/.local/share/parley/index.
std::filesystem::path default_index_path();

// Opens the index for searching. Throws IndexError when there is none at `path` or it was
// written under another schema version.
Xapian::Database open_for_search(const std::filesystem::path& path);

// Opens (creating when absent) the index for writing, stamping a new one with the schema
// version. A new index is a folder whose stub file (XAPIANDB) names its live database
// (db-1, db-2, ...); with `plain`, a new index is one database folder (for --rebuild's fresh
// database). Throws IndexError for an index of another schema version; lets
// Xapian::DatabaseLockError through when another writer holds it.
Xapian::WritableDatabase open_for_writing(const std::filesystem::path& path, bool plain = false);

// The live database of an index: the folder its stub file names, or the index itself when it
// has no stub (one plain database).
std::filesystem::path live_database(const std::filesystem::path& index);

// True when the index is a folder with a stub file, which --rebuild can switch.
bool has_stub(const std::filesystem::path& index);

// The folder for the index's next database (db-N, one past the highest there).
std::filesystem::path next_database(const std::filesystem::path& index);

// Points the index's stub file at `database` (a folder inside it) in one rename, so a search
// opens either the old database or the new one, whole.
void switch_live_database(const std::filesystem::path& index,
                          const std::filesystem::path& database);

// Who holds the write lock of the index at `path`, as the holder wrote it down when it took
// the lock ("pid 1234 since 2026-11-23T02:00:00Z"), or "" when unknown.
std::string lock_holder(const std::filesystem::path& path);

// The bytes the index's files take on disk.
std::uintmax_t index_size(const std::filesystem::path& path);

// Throws IndexError when `db` was written under another schema version than this program's.
void check_schema(const Xapian::Database& db, const std::filesystem::path& path);

}  // namespace parley
