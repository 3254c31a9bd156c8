// A broken index: missing, unreadable, truncated, corrupted, of another schema version, and a
// disk that fills while indexing. parley-search says what is wrong and exits 2, never crashes;
// a failed indexing run leaves the last committed index as it was.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "common/database.h"
#include "common/schema.h"
#include "fault_support.h"
#include "support.h"

namespace fs = std::filesystem;
using parley::test::Run;
using parley::test::run;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

const std::string kIndexBin = PARLEY_INDEX_BIN;
const std::string kSearchBin = PARLEY_SEARCH_BIN;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A fresh index of the sample corpus at `dir`/index.
fs::path sample_index(const TempDir& dir) {
  fs::path index = dir / "index";
  Run r = run({kIndexBin, "-q", "--index", index.string(), parley::test::sample_corpus().string()});
  REQUIRE(r.exit_code == 0);
  return index;
}

Run search(const fs::path& index, const std::vector<std::string>& args = {"talks"}) {
  std::vector<std::string> argv = {kSearchBin, "--index", index.string(), "--facets", "none"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

// Exit 2 with one line that names the index.
void check_index_error(const Run& r, const fs::path& index, const std::string& message) {
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "parley-search: error: "));
  CHECK(contains(r.err, index.string()));
  CHECK(contains(r.err, message));
  CHECK(r.err.find('\n') == r.err.size() - 1);
}

void overwrite(const fs::path& file, std::uintmax_t offset, const std::string& bytes) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("index fault: a missing index or a folder that is not one", "[indexfault]") {
  TempDir dir;
  check_index_error(search(dir / "none"), dir / "none", "no index at");
  fs::create_directories(dir / "empty");
  check_index_error(search(dir / "empty"), dir / "empty", "cannot open the index");
  write_file(dir / "junk/XAPIANDB", "auto db-7\n");
  check_index_error(search(dir / "junk"), dir / "junk", "cannot open the index");
  write_file(dir / "file", "not an index");
  check_index_error(search(dir / "file"), dir / "file", "cannot open the index");
}

TEST_CASE("index fault: an index without read permission", "[indexfault]") {
  TempDir dir;
  fs::path index = sample_index(dir);
  fs::path live = parley::live_database(index);
  fs::permissions(live / "postlist.glass", fs::perms::none);
  Run r = parley::test::run_limited({kSearchBin, "--index", index.string(), "talks"},
                                    {.uid = parley::test::unprivileged_uid()});
  check_index_error(r, index, "cannot open the index");
}

TEST_CASE("index fault: truncated tables", "[indexfault]") {
  for (const char* table : {"postlist.glass", "termlist.glass", "docdata.glass", "iamglass"}) {
    TempDir dir;
    fs::path index = sample_index(dir);
    fs::path file = parley::live_database(index) / table;
    fs::resize_file(file, fs::file_size(file) / 3);
    INFO(table);
    Run r = search(index);
    check_index_error(r, index, "rebuild it with parley-index --rebuild");
  }
}

TEST_CASE("index fault: corrupted tables never crash the searcher", "[indexfault]") {
  std::mt19937 random(20261123);
  for (const char* table :
       {"postlist.glass", "termlist.glass", "docdata.glass", "position.glass", "iamglass"}) {
    TempDir dir;
    fs::path index = sample_index(dir);
    fs::path file = parley::live_database(index) / table;
    std::uintmax_t size = fs::file_size(file);
    std::string garbage(std::min<std::uintmax_t>(size, 2048), '\0');
    for (char& c : garbage)
      c = static_cast<char>(random());
    overwrite(file, 0, garbage);
    overwrite(file, size / 2, garbage.substr(0, std::min<std::uintmax_t>(size - size / 2, 512)));
    for (const std::vector<std::string>& args : {std::vector<std::string>{"talks"},
                                                 {"--json", "\"weapons of mass destruction\""},
                                                 {"--list", "region"},
                                                 {"--like", "000_1ab1a1e8cfb25cf6.txt"},
                                                 {"--timeline", "month"}}) {
      INFO(table << " " << args.back());
      Run r = search(index, args);
      INFO(r.err);
      CHECK(r.exit_code <= 2);  // never a signal
      if (r.exit_code == 2) CHECK(contains(r.err, index.string()));
    }
  }
}

TEST_CASE("index fault: an index of another schema version is refused with what to do",
          "[indexfault]") {
  TempDir dir;
  fs::path index = sample_index(dir);
  {
    Xapian::WritableDatabase db(index.string(), Xapian::DB_OPEN);
    db.set_metadata(std::string(parley::schema::kMetaSchemaVersion), "999");
    db.commit();
  }
  check_index_error(search(index), index, "has schema version 999");
  Run indexing =
      run({kIndexBin, "--index", index.string(), parley::test::sample_corpus().string()});
  CHECK(indexing.exit_code == 2);
  CHECK(contains(indexing.err, "--rebuild"));
}

TEST_CASE("index fault: a disk that fills while indexing leaves the last commit intact",
          "[indexfault]") {
  TempDir dir;
  fs::path index = sample_index(dir);
  Run before = search(index, {"--json", "--limit", "100", "talks"});
  REQUIRE(before.exit_code == 0);
  // Much more to write: the tables must grow past the size limit.
  for (int i = 0; i < 300; ++i) {
    std::string text = "Report number " + std::to_string(i) + " on grain shipments\n\n";
    for (int k = 0; k < 60; ++k)
      text += "Freighters w" + std::to_string(i * 100 + k) + " left Odesa with wheat. ";
    write_file(dir / "more" / ("r" + std::to_string(i) + ".txt"), text);
  }
  std::uintmax_t largest = 0;
  for (const auto& e : fs::recursive_directory_iterator(index))
    if (e.is_regular_file()) largest = std::max(largest, e.file_size());
  Run full =
      parley::test::run_limited({kIndexBin, "--index", index.string(),
                                 parley::test::sample_corpus().string(), (dir / "more").string()},
                                {.max_file_bytes = largest + 8192});
  INFO(full.err);
  CHECK(full.exit_code == 2);
  CHECK(contains(full.err, "parley-index: error: "));
  CHECK(contains(full.err, "File too large"));

  // The last committed index answers exactly as before.
  Run after = search(index, {"--json", "--limit", "100", "talks"});
  INFO(after.err);
  CHECK(after.exit_code == 0);
  auto drop_timing = [](nlohmann::json j) {
    j.erase("seconds");
    return j;
  };
  CHECK(drop_timing(nlohmann::json::parse(after.out)) ==
        drop_timing(nlohmann::json::parse(before.out)));
  CHECK(search(index, {"freighters"}).exit_code == 1);

  // With room again, the next run finishes the work.
  Run again = run({kIndexBin, "--index", index.string(), parley::test::sample_corpus().string(),
                   (dir / "more").string()});
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(contains(again.err, "300 added"));
  CHECK(search(index, {"freighters"}).exit_code == 0);
}
