#include "common/database.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <thread>

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
constexpr int kOpenAttempts = 5;
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

fs::path live_database(const fs::path& index) {
  std::ifstream in(index / kStubFile);
  std::string backend, rel;
  if (in >> backend >> rel) return index / rel;
  return index;
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
    out << "auto " << database.filename().string() << "\n";
    out.flush();
    if (!out) throw IndexError("cannot write " + tmp.string());
  }
  // rename() replaces the stub in one step: a search opens the old database or the new one.
  std::error_code ec;
  fs::rename(tmp, index / kStubFile, ec);
  if (ec)
    throw IndexError("cannot switch " + index.string() + " to the new database: " + ec.message());
}

Xapian::WritableDatabase open_for_writing(const fs::path& path, bool plain) {
  std::error_code ec;
  bool fresh = !fs::exists(path, ec) || fs::is_empty(path, ec);
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
  Xapian::WritableDatabase db;
  try {
    db = Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw;
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw IndexError("cannot open the index at " + path.string() + " for writing: " + e.get_msg());
  }
  check_schema(db, path);
  // Say who holds the lock, for a second indexer's message.
  {
    std::ofstream pid(path / kLockNote, std::ios::trunc);
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char since[32];
    std::strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
    pid << "pid " << ::getpid() << " since " << since << "\n";
  }
  if (db.get_metadata(std::string(schema::kMetaSchemaVersion)).empty()) {
    db.set_metadata(std::string(schema::kMetaSchemaVersion),
                    std::to_string(schema::kSchemaVersion));
  }
  return db;
}

}  // namespace parley
