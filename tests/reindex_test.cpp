// Nightly reindexing through the built programs: a kill -9 at any moment leaves the last
// committed index searchable and the next run completes the work; --dry-run and --status.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include <xapian.h>

#include "common/crash.h"
#include "common/database.h"
#include "support.h"

using parley::test::Run;
using parley::test::run;
using parley::test::sample_corpus;
using parley::test::spawn;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

const std::string kIndexBin = PARLEY_INDEX_BIN;
const std::string kSearchBin = PARLEY_SEARCH_BIN;

std::size_t total(const std::string& index, const std::string& query) {
  return parley::test::search_json(
      index, {"--no-collapse", "--facets", "none", "--limit", "0", query}, -1)["total"];
}

// A corpus big enough that indexing it takes a while: `n` articles in one JSON Lines file.
void write_feed(const std::filesystem::path& path, int n) {
  std::string feed;
  for (int i = 0; i < n; ++i) {
    feed += R"({"id":"r)" + std::to_string(i) + R"(","title":"Report )" + std::to_string(i) +
            R"(","text":")";
    for (int k = 0; k < 40; ++k) {
      feed += "Shelling near Kharkiv district " + std::to_string(i * 40 + k) +
              " was reported by the governor. ";
    }
    feed += "\"}\n";
  }
  write_file(path, feed);
}

}  // namespace

// A sanitizer's own report replaces Parley's in a sanitizer build.
#if PARLEY_CRASH_REPORTS
TEST_CASE("reindex: a crash mid-run reports the signal and the stack, and keeps its exit status",
          "[reindex]") {
  TempDir dir;
  std::filesystem::path index = dir / "idx";
  write_feed(dir / "c/feed.jsonl", 12000);
  std::filesystem::path err = dir / "err.txt";
  int pid = spawn({kIndexBin, "-q", "--index", index.string(), (dir / "c").string()}, err.string());
  // The lock note is written once the index is open, well after the report is installed.
  for (int i = 0; i < 500 && !std::filesystem::exists(index / "parley-index.pid"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ::kill(pid, SIGSEGV);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGSEGV);
  std::ifstream in(err);
  std::string report((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  INFO(report);
  CHECK(report.find("parley-index: crashed (SIGSEGV)") != std::string::npos);
  CHECK(report.find("parley-index(") != std::string::npos);  // a frame of the program
}
#endif

TEST_CASE("reindex: a kill -9 mid-run leaves the last index searchable and the next run finishes",
          "[reindex]") {
  TempDir dir;
  std::string index = (dir / "idx").string();
  parley::test::copy_sample_corpus(dir / "c");
  REQUIRE(run({kIndexBin, "-q", "--index", index, (dir / "c").string()}).exit_code == 0);
  REQUIRE(total(index, "istanbul") == 2);

  write_feed(dir / "c/feed.jsonl", 12000);
  for (int delay_ms : {100, 400, 1200, 2500}) {
    CAPTURE(delay_ms);
    int pid = spawn({kIndexBin, "-q", "--index", index, (dir / "c").string()});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    // Whatever was committed is whole: the seeds are still there and searchable.
    CHECK(total(index, "istanbul") == 2);
    std::size_t partial = total(index, "shelling");
    CHECK(partial <= 12000);
  }
  Run finish = run({kIndexBin, "--index", index, (dir / "c").string()});
  INFO(finish.err);
  CHECK(finish.exit_code == 0);
  CHECK(total(index, "shelling") == 12000);
  CHECK(total(index, "istanbul") == 2);
  // And nothing is left to do.
  Run again = run({kIndexBin, "--index", index, (dir / "c").string()});
  CHECK(again.err.find(" 0 added, 0 updated, 12005 unchanged, 0 removed") != std::string::npos);
}

TEST_CASE("reindex: --dry-run lists the changes and writes nothing", "[reindex]") {
  TempDir dir;
  std::string index = (dir / "idx").string();
  write_file(dir / "c/a.txt", "Talks resume in Istanbul\n\nBoth sides met on Friday.\n");
  write_file(dir / "c/b.txt", "Strikes on Kharkiv\n\nMissiles hit the city overnight.\n");
  REQUIRE(run({kIndexBin, "-q", "--index", index, (dir / "c").string()}).exit_code == 0);
  write_file(dir / "c/a.txt", "Talks resume in Istanbul\n\nBoth sides met on Saturday.\n");
  std::filesystem::remove(dir / "c/b.txt");
  write_file(dir / "c/new.txt", "Grain deal extended\n\nShips left Odesa.\n");
  Run dry = run({kIndexBin, "--dry-run", "--index", index, (dir / "c").string()});
  CHECK(dry.exit_code == 0);
  CHECK(dry.out == "update\ta.txt\nadd\tnew.txt\nremove\tb.txt\n");
  CHECK(total(index, "kharkiv") == 1);  // nothing written
  CHECK(total(index, "odesa") == 0);
}

TEST_CASE("reindex: --status prints the last run, in text and JSON", "[reindex]") {
  TempDir dir;
  std::string index = (dir / "idx").string();
  write_file(dir / "c/a.txt", "Talks resume in Istanbul\n\nBoth sides met on Friday.\n");
  write_file(dir / "c/bad.txt", "");
  REQUIRE(run({kIndexBin, "-q", "--index", index, (dir / "c").string()}).exit_code == 1);
  Run text = run({kIndexBin, "--status", "--index", index});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("articles   1") != std::string::npos);
  CHECK(text.out.find("failed: ") != std::string::npos);
  Run json = run({kIndexBin, "--status", "--json", "--index", index});
  nlohmann::json j = nlohmann::json::parse(json.out);
  CHECK(j["articles"] == 1);
  CHECK(j["bytes"].get<std::size_t>() > 0);
  CHECK(j["last_run"]["added"] == 1);
  CHECK(j["last_run"]["failed"] == 1);
  CHECK(j["last_run"]["failures"][0]["reason"] == "empty file");
  CHECK(run({kIndexBin, "--status", "--index", (dir / "none").string()}).exit_code == 2);
}

TEST_CASE("reindex: a second indexer on the same index exits 3 naming the holder", "[reindex]") {
  TempDir dir;
  std::string index = (dir / "idx").string();
  write_feed(dir / "c/feed.jsonl", 6000);
  int pid = spawn({kIndexBin, "-q", "--index", index, (dir / "c").string()});
  // Wait until the first one has taken the lock.
  for (int i = 0; i < 200 && !std::filesystem::exists(dir / "idx/parley-index.pid"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Run second = run({kIndexBin, "--index", index, (dir / "c").string()});
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(second.exit_code == 3);
  CHECK(second.err.find("is locked") != std::string::npos);
  CHECK(second.err.find("pid " + std::to_string(pid)) != std::string::npos);
}

TEST_CASE("reindex: --rebuild switches to a fresh index while searches keep answering",
          "[reindex]") {
  TempDir dir;
  std::string index = (dir / "idx").string();
  parley::test::copy_sample_corpus(dir / "c");
  REQUIRE(run({kIndexBin, "-q", "--index", index, (dir / "c").string()}).exit_code == 0);
  CHECK(std::filesystem::exists(dir / "idx/XAPIANDB"));
  std::filesystem::path old_live = parley::live_database(index);
  write_feed(dir / "c/feed.jsonl", 3000);

  int pid = spawn({kIndexBin, "-q", "--rebuild", "--index", index, (dir / "c").string()});
  // Searches during the rebuild see the old index, whole, or the new one, whole.
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    std::size_t istanbul = total(index, "istanbul");
    std::size_t shelling = total(index, "shelling");
    CHECK(istanbul == 2);
    CHECK((shelling == 0 || shelling == 3000));
  }
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(total(index, "shelling") == 3000);
  CHECK(total(index, "istanbul") == 2);
  // The old database is gone, the new one is live.
  std::filesystem::path new_live = parley::live_database(index);
  CHECK(new_live != old_live);
  CHECK_FALSE(std::filesystem::exists(old_live));
  CHECK(std::filesystem::exists(new_live));
}

TEST_CASE("reindex: an index of an older schema is refused, and --rebuild replaces it",
          "[reindex]") {
  TempDir dir;
  std::string index = (dir / "idx").string();
  write_file(dir / "c/a.txt", "Talks resume in Istanbul\n\nBoth sides met on Friday.\n");
  REQUIRE(run({kIndexBin, "-q", "--index", index, (dir / "c").string()}).exit_code == 0);
  {
    Xapian::WritableDatabase db(index, Xapian::DB_OPEN);
    db.set_metadata("parley.schema_version", "1");
    db.commit();
  }
  Run refused = run({kIndexBin, "--index", index, (dir / "c").string()});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--rebuild") != std::string::npos);
  Run search = run({kSearchBin, "--index", index, "istanbul"});
  CHECK(search.exit_code == 2);
  CHECK(search.err.find("--rebuild") != std::string::npos);
  Run rebuilt = run({kIndexBin, "--rebuild", "--index", index, (dir / "c").string()});
  INFO(rebuilt.err);
  CHECK(rebuilt.exit_code == 0);
  CHECK(total(index, "istanbul") == 1);
}
