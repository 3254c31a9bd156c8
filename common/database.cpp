#include "common/database.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <xxhash.h>

#include "common/schema.h"

namespace fs = std::filesystem;

namespace parley {

fs::path default_index_path() {
  if (const char* env = std::getenv("PARLEY_INDEX"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    return fs::path(xdg) / "parley" / "index";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return fs::path(home) / ".local" / "share" / "parley" / "index";
  }
  return fs::path("parley-index-data");
}

namespace {
constexpr const char* kLockNote = "parley-index.pid";
constexpr const char* kStubFile = "XAPIANDB";  // Xapian opens a folder holding one as a stub
constexpr const char* kShardPrefix = "shard-";
constexpr const char* kMetaFolder = "meta";
constexpr int kOpenAttempts = 5;

// The shard-0 ... shard-N-1 folders of a sharded database folder, in order; empty for a plain
// database.
std::vector<fs::path> shard_folders(const fs::path& database) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (unsigned i = 0;; ++i) {
    fs::path p = database / (kShardPrefix + std::to_string(i));
    if (!fs::is_directory(p, ec)) break;
    out.push_back(p);
  }
  return out;
}

// Says who holds the lock, for a second indexer's message.
void write_lock_note(const fs::path& index) {
  std::ofstream pid(index / kLockNote, std::ios::trunc);
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char since[32];
  std::strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
  pid << "pid " << ::getpid() << " since " << since << "\n";
}

Xapian::WritableDatabase open_database_for_writing(const fs::path& database,
                                                   const fs::path& index) {
  try {
    return Xapian::WritableDatabase(database.string(), Xapian::DB_CREATE_OR_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw;
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw IndexError("cannot open the index at " + index.string() + " for writing: " + e.get_msg());
  }
}

void stamp_schema(Xapian::WritableDatabase& db) {
  if (db.get_metadata(std::string(schema::kMetaSchemaVersion)).empty()) {
    db.set_metadata(std::string(schema::kMetaSchemaVersion),
                    std::to_string(schema::kSchemaVersion));
  }
}

}  // namespace

std::string lock_holder(const fs::path& path) {
  std::ifstream in(path / kLockNote);
  std::string line;
  std::getline(in, line);
  return line;
}

std::uintmax_t index_size(const fs::path& path) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(path, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

void check_schema(const Xapian::Database& db, const fs::path& path) {
  std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
  if (version.empty()) {
    if (db.get_doccount() == 0) return;
    throw IndexError(path.string() + " is not a Parley index (no schema version)");
  }
  if (version != std::to_string(schema::kSchemaVersion)) {
    throw IndexError("the index at " + path.string() + " has schema version " + version +
                     ", this Parley writes version " + std::to_string(schema::kSchemaVersion) +
                     ": rebuild it with parley-index --rebuild CORPUS_DIR...");
  }
}

Xapian::Database open_for_search(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw IndexError("no index at " + path.string() +
                     ": build one with parley-index (or set PARLEY_INDEX / --index)");
  }
  Xapian::Database db;
  for (int attempt = 0;; ++attempt) {
    try {
      db = Xapian::Database(path.string());
      break;
    } catch (const Xapian::DatabaseOpeningError& e) {
      // A --rebuild may have removed the database the stub named a moment ago: read the
      // stub again.
      if (attempt < kOpenAttempts && has_stub(path)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      throw IndexError("cannot open the index at " + path.string() + ": " + e.get_msg());
    }
  }
  check_schema(db, path);
  return db;
}

std::vector<fs::path> shard_paths(const fs::path& index) {
  std::ifstream in(index / kStubFile);
  if (!in) return {index};
  std::vector<fs::path> out;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string backend, rel;
    if (!(words >> backend >> rel) || backend == "remote" || backend[0] == '#') continue;
    fs::path p(rel);
    out.push_back(p.is_absolute() ? p : index / p);
  }
  return out;
}

void merge_shards(const fs::path& sharded, const fs::path& target) {
  Xapian::Database all((sharded / kMetaFolder).string());
  for (const fs::path& shard : shard_folders(sharded))
    all.add_database(Xapian::Database(shard.string()));
  // The metadata keys every part holds (the schema version) are the same in each; Xapian keeps
  // the first.
  all.compact(target.string());
}

unsigned shard_count(const fs::path& index) {
  unsigned n = 0;
  for (const fs::path& p : shard_paths(index))
    n += p.filename() != kMetaFolder;
  return std::max(1u, n);
}

unsigned shard_of(std::string_view id, unsigned shards) {
  if (shards <= 1) return 0;
  return static_cast<unsigned>(XXH3_64bits(id.data(), id.size()) % shards);
}

namespace {

// Opens one shard named by a stub line's argument or the command line: "HOST:PORT" (a
// xapian-tcpsrv), or a local path.
Xapian::Database open_shard(const std::string& where, bool remote) {
  if (!remote) return Xapian::Database(where);
  std::size_t colon = where.rfind(':');
  if (colon == std::string::npos || colon + 1 == where.size() ||
      where.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    throw IndexError("remote shard '" + where + "' is not HOST:PORT");
  }
  std::string host = colon == 0 ? "127.0.0.1" : where.substr(0, colon);
  return Xapian::Remote::open(host, static_cast<unsigned>(std::stoul(where.substr(colon + 1))));
}

// Why a shard could not be opened, and what to do: an index of one local database is
// "the index"; a damaged table (not a missing or unreadable one) needs a rebuild.
IndexError shard_error(const fs::path& index, const std::string& where, bool remote, bool only,
                       const Xapian::Error& e) {
  std::string what = only && !remote
                         ? "cannot open the index at " + index.string()
                         : "cannot open the shard " + where + " of the index at " + index.string();
  what += ": " + e.get_msg();
  if (remote) {
    what += " (is its xapian-tcpsrv running? --allow-partial searches the other shards)";
  } else if (std::string_view type = e.get_type();
             type == "DatabaseCorruptError" || type == "DatabaseError") {
    what += ": the index is damaged; rebuild it with parley-index --rebuild CORPUS_DIR...";
  }
  return IndexError(what);
}

}  // namespace

SearchIndex open_shards_for_search(const fs::path& path, const std::vector<std::string>& remotes,
                                   bool allow_partial) {
  std::error_code ec;
  bool local = fs::exists(path, ec);
  if (!local && remotes.empty()) return {open_for_search(path), {path.string()}, {}};
  // What to open: the stub's lines (Xapian's own syntax), or the plain database.
  std::vector<std::pair<std::string, bool>> wanted;  // where, remote
  if (local && has_stub(path)) {
    std::ifstream in(path / kStubFile);
    for (std::string line; std::getline(in, line);) {
      std::istringstream words(line);
      std::string backend, arg;
      if (!(words >> backend >> arg) || backend[0] == '#') continue;
      if (backend == "remote") {
        wanted.emplace_back(arg, true);
      } else {
        fs::path p(arg);
        wanted.emplace_back((p.is_absolute() ? p : path / p).string(), false);
      }
    }
  } else if (local) {
    wanted.emplace_back(path.string(), false);
  }
  for (const std::string& r : remotes)
    wanted.emplace_back(r, true);

  for (int attempt = 0;; ++attempt) {
    SearchIndex out;
    bool retry = false;
    for (const auto& [where, remote] : wanted) {
      out.shards.push_back(where);
      try {
        out.db.add_database(open_shard(where, remote));
        out.remote |= remote;
      } catch (const Xapian::Error& e) {
        // A --rebuild may have removed the database the stub named a moment ago.
        if (!remote && attempt < kOpenAttempts && local && has_stub(path)) {
          retry = true;
          break;
        }
        if (!allow_partial) throw shard_error(path, where, remote, wanted.size() == 1, e);
        out.missing.push_back(where);
      }
    }
    if (retry) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    if (out.missing.size() == out.shards.size()) {
      throw IndexError("no shard of the index at " + path.string() + " could be opened");
    }
    check_schema(out.db, path);
    return out;
  }
}

fs::path live_database(const fs::path& index) {
  if (!has_stub(index)) return index;
  std::vector<fs::path> paths = shard_paths(index);
  if (paths.empty()) return index;
  fs::path first = paths.front();
  std::string name = first.filename().string();
  if (name == kMetaFolder || name.rfind(kShardPrefix, 0) == 0) return first.parent_path();
  return first;
}

bool is_new_index(const fs::path& index) {
  std::error_code ec;
  return !fs::exists(index, ec) || fs::is_empty(index, ec);
}

bool has_stub(const fs::path& index) {
  std::error_code ec;
  return fs::exists(index / kStubFile, ec);
}

fs::path next_database(const fs::path& index) {
  int last = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(index, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("db-", 0) == 0) last = std::max(last, std::atoi(name.c_str() + 3));
  }
  return index / ("db-" + std::to_string(last + 1));
}

void switch_live_database(const fs::path& index, const fs::path& database) {
  fs::path tmp = index / (std::string(kStubFile) + ".new");
  {
    std::ofstream out(tmp, std::ios::trunc);
    std::string name = database.filename().string();
    std::vector<fs::path> shards = shard_folders(database);
    if (shards.empty()) out << "auto " << name << "\n";
    if (!shards.empty()) out << "auto " << name << "/" << kMetaFolder << "\n";
    for (const fs::path& shard : shards)
      out << "auto " << name << "/" << shard.filename().string() << "\n";
    out.flush();
    if (!out) throw IndexError("cannot write " + tmp.string());
  }
  // rename() replaces the stub in one step: a search opens the old database or the new one.
  std::error_code ec;
  fs::rename(tmp, index / kStubFile, ec);
  if (ec)
    throw IndexError("cannot switch " + index.string() + " to the new database: " + ec.message());
  // The link follows the stub. Searches read the stub, so a link that could not be made
  // costs only replicas their stable name, and the run goes on.
  fs::path link_tmp = index / (std::string(kLiveLink) + ".new");
  fs::remove(link_tmp, ec);
  fs::create_directory_symlink(database.filename(), link_tmp, ec);
  if (!ec) fs::rename(link_tmp, index / kLiveLink, ec);
  if (ec) {
    std::cerr << "parley-index: warning: " << (index / kLiveLink).string()
              << ": cannot point it at " << database.filename().string() << ": " << ec.message()
              << "\n";
  }
}

Xapian::WritableDatabase open_for_writing(const fs::path& path, bool plain) {
  bool fresh = is_new_index(path);
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    throw IndexError("cannot create the index folder " + path.string() + ": " + ec.message());
  }
  if (fresh && !plain) {
    // A new index is a folder with a stub file naming its live database, so that --rebuild
    // can switch to a fresh one atomically.
    fs::path first = next_database(path);
    Xapian::WritableDatabase(first.string(), Xapian::DB_CREATE).close();
    switch_live_database(path, first);
  }
  Xapian::WritableDatabase db = open_database_for_writing(path, path);
  check_schema(db, path);
  write_lock_note(path);
  stamp_schema(db);
  return db;
}

WritableShards open_shards_for_writing(const fs::path& path, unsigned shards, bool plain) {
  bool fresh = is_new_index(path);
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    throw IndexError("cannot create the index folder " + path.string() + ": " + ec.message());
  }
  if (fresh) {
    // A new index is a folder with a stub file naming its live database (or the shards it
    // holds), so that --rebuild can switch to a fresh one atomically.
    fs::path database = plain ? path : next_database(path);
    unsigned n = std::max(1u, shards);
    if (n > 1) {
      fs::create_directories(database, ec);
      Xapian::WritableDatabase((database / kMetaFolder).string(), Xapian::DB_CREATE).close();
      for (unsigned i = 0; i < n; ++i) {
        fs::path shard = database / (kShardPrefix + std::to_string(i));
        Xapian::WritableDatabase(shard.string(), Xapian::DB_CREATE).close();
      }
    } else if (!plain) {
      Xapian::WritableDatabase(database.string(), Xapian::DB_CREATE).close();
    }
    if (!plain) switch_live_database(path, database);
  }
  WritableShards out;
  if (has_stub(path)) {
    out.paths = shard_paths(path);
  } else {
    out.paths = shard_folders(path);
    if (out.paths.empty()) {
      out.paths.push_back(path);
    } else {
      out.paths.insert(out.paths.begin(), path / kMetaFolder);
    }
  }
  bool has_meta = out.paths.size() > 1 && out.paths.front().filename() == kMetaFolder;
  std::size_t count = out.paths.size() - (has_meta ? 1 : 0);
  if (shards != 0 && count != shards) {
    throw IndexError("the index at " + path.string() + " has " + std::to_string(count) + " shard" +
                     (count == 1 ? "" : "s") + ": to change that, index it " +
                     "again with --rebuild --shards " + std::to_string(shards));
  }
  for (const fs::path& p : out.paths) {
    Xapian::WritableDatabase db = open_database_for_writing(p, path);
    check_schema(db, path);
    if (p == out.paths.front()) write_lock_note(path);
    stamp_schema(db);
    db.commit();
    if (has_meta && !out.meta) {
      out.meta = std::move(db);
    } else {
      out.shards.push_back(std::move(db));
    }
  }
  return out;
}

}  // namespace parley
