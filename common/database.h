// Parley's index on disk: where it lives, opening it for searching or writing, and the
// metadata it carries (schema version, the last run's record).
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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

// A search's index: the databases the index's stub lists, local ("auto PATH") and remote
// ("remote HOST:PORT", served by xapian-tcpsrv), and remote shards given by the caller, searched
// together by Xapian.
struct SearchIndex {
  Xapian::Database db;
  std::vector<std::string> shards;   // every shard tried, by path or HOST:PORT, in order
  std::vector<std::string> missing;  // shards left out because they could not be opened
  bool remote = false;               // some shard opened is served by xapian-tcpsrv
};

// Opens the index at `path` (which may be absent when `remotes` are given) with the remote
// shards `remotes` ("HOST:PORT") added. A shard that cannot be opened is an IndexError naming
// it; with `allow_partial` it is left out and named in `missing` instead, unless none is left.
// Throws IndexError like open_for_search.
SearchIndex open_shards_for_search(const std::filesystem::path& path,
                                   const std::vector<std::string>& remotes, bool allow_partial);

// Opens (creating when absent) the index for writing, stamping a new one with the schema
// version. A new index is a folder whose stub file (XAPIANDB) names its live database
// (db-1, db-2, ...); with `plain`, a new index is one database folder (for --rebuild's fresh
// database). Throws IndexError for an index of another schema version; lets
// Xapian::DatabaseLockError through when another writer holds it.
Xapian::WritableDatabase open_for_writing(const std::filesystem::path& path, bool plain = false);

// An index opened for writing. An index of one shard is one database holding everything. An
// index of N shards is a folder (db-K) holding shard-0 ... shard-N-1, which hold the articles,
// and meta, which holds no article but the metadata (file records, the last run) and the
// spelling data: small enough to copy to every search host, so that shards served remotely
// (whose protocol carries no spelling data) still give "did you mean". The stub lists meta
// first, so Xapian reads metadata from it.
struct WritableShards {
  std::vector<Xapian::WritableDatabase> shards;  // the articles' databases, in shard order
  std::optional<Xapian::WritableDatabase> meta;  // metadata and spelling; none for one shard
  std::vector<std::filesystem::path> paths;      // every database, meta (if any) first
};

// Opens (creating when absent) the index at `path` for writing. A new index gets `shards`
// shards (0 means 1); an existing one keeps what it has, and asking for another number is an
// IndexError (that takes --rebuild). With `plain`, `path` is a fresh database folder for
// --rebuild, not an index folder with a stub. Every database is stamped with the schema
// version and committed, so it can be read at once. Throws like open_for_writing; the
// databases are locked in the stub's order, so two indexers meet at the first.
WritableShards open_shards_for_writing(const std::filesystem::path& path, unsigned shards,
                                       bool plain = false);

// The local databases an index is made of, in the order its stub lists them (meta first): the
// index itself when it has no stub. Remote shards ("remote ..." lines) are not included.
std::vector<std::filesystem::path> shard_paths(const std::filesystem::path& index);

// Merges the sharded database folder `sharded` (meta, shard-0 ... shard-N-1, as a --shards
// build writes it) into one new database at `target` with Xapian's compaction: every
// article, the metadata and the spelling data, in compact tables. Document ids follow the
// shards' order. Throws Xapian::Error when it cannot be written.
void merge_shards(const std::filesystem::path& sharded, const std::filesystem::path& target);

// How many shards (databases of articles) the index at `index` has locally: 1 for one database.
unsigned shard_count(const std::filesystem::path& index);

// The shard an article belongs to among `shards`: a stable hash of its id, so a reindex finds
// the article where it put it.
unsigned shard_of(std::string_view id, unsigned shards);

// The live database of an index: the folder its stub file names (for shards, the folder that
// holds them), or the index itself when it has no stub (one plain database).
std::filesystem::path live_database(const std::filesystem::path& index);

// True when nothing is at `index` yet, or an empty folder: a run there starts a new index.
bool is_new_index(const std::filesystem::path& index);

// True when the index is a folder with a stub file, which --rebuild can switch.
bool has_stub(const std::filesystem::path& index);

// The symbolic link in an index folder that names its live database (see switch_live_database).
inline constexpr const char* kLiveLink = "live";

// The folder for the index's next database (db-N, one past the highest there).
std::filesystem::path next_database(const std::filesystem::path& index);

// Points the index's stub file at `database` (a folder inside it: one database, or the
// shard-0 ... shard-N-1 databases it holds) in one rename, so a search opens either the old
// database or the new one, whole. Then points the symbolic link `live` at it the same way, so
// replicas can name their master `live` (or live/shard-I, live/meta) across rebuilds.
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
