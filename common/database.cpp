#include "common/database.h"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>

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
                     ": move it aside and index the corpus again with parley-index");
  }
}

Xapian::Database open_for_search(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw IndexError("no index at " + path.string() +
                     ": build one with parley-index (or set PARLEY_INDEX / --index)");
  }
  Xapian::Database db;
  try {
    db = Xapian::Database(path.string());
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw IndexError("cannot open the index at " + path.string() + ": " + e.get_msg());
  }
  check_schema(db, path);
  return db;
}

Xapian::WritableDatabase open_for_writing(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    throw IndexError("cannot create the index folder " + path.string() + ": " + ec.message());
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
