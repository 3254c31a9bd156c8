// bench-fts5-index: indexes a folder of article files with SQLite FTS5 (porter tokenizer over
// unicode61), one row per file: its path, its title (from front matter, when there is one) and
// its whole text. The peer a user would reach for when Xapian is not at hand.
//
//   bench-fts5-index DB_FILE CORPUS_DIR
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Rows written between commits.
constexpr int kBatch = 5000;

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "bench-fts5-index: %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(2);
  }
}

void exec(sqlite3* db, const char* sql) {
  check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
}

// The front matter's title line, or "".
std::string front_matter_title(const std::string& text) {
  if (!text.starts_with("---\n")) return {};
  std::size_t end = text.find("\n---\n", 3);
  std::size_t at = text.find("\ntitle: ", 3);
  if (at == std::string::npos || at > end) return {};
  at += 8;
  return text.substr(at, text.find('\n', at) - at);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench-fts5-index DB_FILE CORPUS_DIR\n");
    return 2;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(argv[2])) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());

  fs::remove(argv[1]);
  sqlite3* db = nullptr;
  check(sqlite3_open(argv[1], &db), db, "open");
  exec(db, "PRAGMA journal_mode=WAL");
  exec(db, "PRAGMA synchronous=NORMAL");
  exec(db,
       "CREATE VIRTUAL TABLE articles USING fts5(path UNINDEXED, title, body, "
       "tokenize='porter unicode61 remove_diacritics 2')");
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO articles(path, title, body) VALUES (?, ?, ?)", -1,
                           &insert, nullptr),
        db, "prepare");
  exec(db, "BEGIN");
  std::size_t bytes = 0;
  int in_batch = 0;
  for (const fs::path& p : files) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string text = ss.str();
    bytes += text.size();
    std::string title = front_matter_title(text);
    std::string rel = fs::relative(p, argv[2]).string();
    sqlite3_bind_text(insert, 1, rel.c_str(), static_cast<int>(rel.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, title.c_str(), static_cast<int>(title.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 3, text.c_str(), static_cast<int>(text.size()), SQLITE_STATIC);
    check(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
    if (++in_batch == kBatch) {
      exec(db, "COMMIT");
      exec(db, "BEGIN");
      in_batch = 0;
    }
  }
  exec(db, "COMMIT");
  sqlite3_finalize(insert);
  exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close(db);
  std::printf("%zu files, %zu bytes\n", files.size(), bytes);
  return 0;
}
