// The bad-input matrix, end to end through parley-index: each case is reported on one line
// naming the file and the reason, the run goes on, and the exit code says whether files failed.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "common/corpus.h"
#include "fault_support.h"
#include "indexer/pipeline.h"
#include "support.h"

namespace fs = std::filesystem;
using parley::test::Run;
using parley::test::run;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

const std::string kIndexBin = PARLEY_INDEX_BIN;
const std::string kGood = "Talks in Istanbul resumed\n\nBoth sides met on Friday in Istanbul.\n";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A corpus folder with one good article, an index beside it.
struct Corpus {
  TempDir dir;
  fs::path corpus = dir / "c";
  fs::path index = dir / "idx";

  Corpus() { write_file(corpus / "good.txt", kGood); }

  std::vector<std::string> argv(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> a = {kIndexBin, "--index", index.string()};
    a.insert(a.end(), extra.begin(), extra.end());
    a.push_back(corpus.string());
    return a;
  }
  Run index_run(const std::vector<std::string>& extra = {}) const { return run(argv(extra)); }

  // Articles matching `query` (0 when none).
  std::size_t total(const std::string& query) const {
    return parley::test::search_json(index.string(), {query}, -1)["total"];
  }
};

}  // namespace

TEST_CASE("badinput: an empty file is reported and skipped, the run goes on", "[badinput]") {
  Corpus c;
  write_file(c.corpus / "empty.txt", "");
  write_file(c.corpus / "blank.md", "  \n\n\t\n");
  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "empty.txt: empty file (skipped)"));
  CHECK(contains(r.err, "blank.md: empty file (skipped)"));
  CHECK(contains(r.err, "1 added"));
  CHECK(contains(r.err, "2 failed"));
  CHECK(c.total("istanbul") == 1);
}

TEST_CASE("badinput: binary files under text names are reported and skipped", "[badinput]") {
  Corpus c;
  write_file(c.corpus / "nul.txt", std::string("Talks\0\0\0resumed", 15));
  // A 1x1 PNG image.
  const unsigned char png[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
      0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
      0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
      0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
      0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  write_file(c.corpus / "photo.txt", std::string(reinterpret_cast<const char*>(png), sizeof png));
  write_file(c.corpus / "photo.html", std::string(reinterpret_cast<const char*>(png), sizeof png));
  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "nul.txt: binary content, not text (skipped)"));
  CHECK(contains(r.err, "photo.txt: binary content, not text (skipped)"));
  CHECK(contains(r.err, "photo.html: binary content, not text (skipped)"));
  CHECK(c.total("istanbul") == 1);
}

TEST_CASE("badinput: invalid UTF-8 is repaired with a warning and the article indexed",
          "[badinput]") {
  Corpus c;
  write_file(c.corpus / "latin1.txt",
             "Grain corridor extended\n\nThe grain corridor from Odesa was extended \xff\xfe "
             "for caf\xe9 owners \xc3 and ports.\n");
  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "warning: "));
  CHECK(contains(r.err, "latin1.txt: 4 invalid UTF-8 byte(s) replaced"));
  CHECK(c.total("corridor") == 1);
  CHECK(c.total("ports") == 1);
}

TEST_CASE("badinput: a 100 MB file is over the size limit, reported and skipped", "[badinput]") {
  Corpus c;
  { std::ofstream(c.corpus / "huge.txt") << "Talks in Geneva\n"; }
  fs::resize_file(c.corpus / "huge.txt", 100u << 20);  // sparse: no 100 MB written
  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(
      r.err, "huge.txt: file is 104857600 bytes, over the limit of 67108864 (--max-file-size)"));
  CHECK(c.total("istanbul") == 1);
}

TEST_CASE("badinput: a 10 MB single line is indexed, or skipped under a lower --max-file-size",
          "[badinput]") {
  Corpus c;
  std::string line = "Ceasefire talks in Geneva";
  while (line.size() < (10u << 20))
    line += " negotiators met again in Geneva and talked about prisoners";
  write_file(c.corpus / "line.txt", line);
  Run limited = c.index_run({"--max-file-size", "1000000"});
  INFO(limited.err);
  CHECK(limited.exit_code == 1);
  CHECK(contains(limited.err, "line.txt: file is " + std::to_string(line.size()) +
                                  " bytes, over the limit of 1000000 (--max-file-size)"));
  CHECK(c.total("geneva") == 0);

  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(c.total("prisoners") == 1);
}

TEST_CASE("badinput: words, ids and names longer than Xapian's term limit", "[badinput]") {
  Corpus c;
  std::string word(300, 'w'), huge_word(5000, 'x');
  write_file(c.corpus / "long-word.txt", "Prisoner exchange agreed\n\nThe " + word +
                                             " exchange of prisoners " + huge_word +
                                             " was agreed in Abu Dhabi.\n");
  write_file(c.corpus / "long-source.md",
             "---\ntitle: Energy truce holds\nsource: " + std::string(400, 's') +
                 "\n---\nThe energy truce held overnight.\n");
  write_file(c.corpus / "long-id.jsonl", "{\"id\": \"" + std::string(400, 'i') +
                                             "\", \"title\": \"Drone attack\", \"text\": \"A "
                                             "drone attack hit the refinery.\"}\n");
  // A path past the term limit: folders of 100 bytes each.
  fs::path deep = c.corpus;
  for (int i = 0; i < 3; ++i)
    deep /= std::string(100, static_cast<char>('a' + i));
  write_file(deep / "deep-article.txt", "Mine clearing resumed\n\nDemining teams resumed work.\n");
  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code <= 1);
  CHECK(!contains(r.err, "error:"));
  CHECK(c.total("exchange") == 1);
  CHECK(c.total("truce") == 1);
  CHECK(c.total("refinery") == 1);
  CHECK(c.total("istanbul") == 1);
  CHECK(c.total("demining") == 1);  // a path past the metadata key limit
}

TEST_CASE("badinput: HTML nested 100,000 deep is read without its structure", "[badinput]") {
  Corpus c;
  std::string divs, bolds;
  for (int i = 0; i < 100000; ++i) {
    divs += "<div>";
    bolds += "<b><i>";
  }
  write_file(c.corpus / "divs.html",
             "<html><body>" + divs + "<p>Shelling near Kherson continued.</p></body></html>");
  write_file(c.corpus / "bold.html",
             "<html><body>" + bolds + "<p>Evacuations from Pokrovsk continued.</p>");
  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "divs.html: elements nested over"));
  CHECK(c.total("kherson") == 1);
  CHECK(c.total("pokrovsk") == 1);
}

TEST_CASE("badinput: a JSON Lines file with broken lines, wrong types and no ids", "[badinput]") {
  Corpus c;
  write_file(c.corpus / "export.jsonl",
             "{\"id\": \"a1\", \"title\": \"Talks in Riyadh\", \"text\": \"Delegations met in "
             "Riyadh.\"}\n"
             "{\"id\": \"a2\", \"title\": \"Broken\n"
             "[1, 2, 3]\n"
             "{\"id\": 7, \"title\": {\"nested\": true}, \"text\": \"Drones struck Sumy.\"}\n"
             "{\"id\": 2.5, \"text\": [\"Shelling\", \"in Nikopol.\"], \"date\": false}\n"
             "{\"title\": \"No id here\", \"text\": \"Grain left Chornomorsk.\"}\n"
             "{\"id\": \"a3\", \"text\": null}\n"
             "\x01\x02\x03\n"
             "\"just a string\"\n");
  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code == 0);  // the file was read; its bad lines are warnings
  CHECK(contains(r.err, "export.jsonl: line 2: not valid JSON (skipped)"));
  CHECK(contains(r.err, "export.jsonl: line 3: not a JSON object (skipped)"));
  CHECK(contains(r.err, "export.jsonl: line 4: field 'title' is a object, not text (ignored)"));
  CHECK(contains(r.err, "export.jsonl: line 7: no text"));
  CHECK(c.total("riyadh") == 1);
  CHECK(c.total("sumy") == 1);
  CHECK(c.total("nikopol") == 1);
  CHECK(c.total("chornomorsk") == 1);

  // Nothing readable at all: the file fails.
  write_file(c.corpus / "broken.jsonl", "{not json\n[]\n");
  Run all_bad = c.index_run();
  CHECK(all_bad.exit_code == 1);
  CHECK(contains(all_bad.err, "broken.jsonl: no readable record (2 broken lines) (skipped)"));
}

TEST_CASE("badinput: a file or folder without read permission is reported, the rest indexed",
          "[badinput]") {
  Corpus c;
  write_file(c.corpus / "locked.txt", kGood);
  write_file(c.corpus / "closed/inside.txt", kGood);
  int uid = parley::test::unprivileged_uid();
  parley::test::give_to(c.dir.path(), uid);
  fs::permissions(c.corpus / "locked.txt", fs::perms::none);
  fs::permissions(c.corpus / "closed", fs::perms::none);
  Run r = parley::test::run_limited(c.argv(), {.uid = uid});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "locked.txt: cannot open: Permission denied (skipped)"));
  CHECK(contains(r.err, "closed: cannot read folder: Permission denied (skipped)"));
  CHECK(contains(r.err, "1 added"));
}

TEST_CASE("badinput: symbolic links are not followed unless asked, and loops end", "[badinput]") {
  Corpus c;
  write_file(c.dir / "outside/secret.txt", "Outside the corpus\n\nSanctions on Rosneft widened.\n");
  write_file(c.corpus / "sub/inner.txt", "Inner article here\n\nThe Black Sea fleet moved.\n");
  fs::create_directory_symlink(c.corpus, c.corpus / "sub/loop");      // a folder loop
  fs::create_directory_symlink(c.dir / "outside", c.corpus / "out");  // outside the corpus
  fs::create_symlink(c.dir / "outside/secret.txt", c.corpus / "secret-link.txt");
  fs::create_symlink(c.corpus / "self.txt", c.corpus / "self.txt");  // a file loop
  fs::create_symlink(c.corpus / "gone.txt", c.corpus / "dangling.txt");

  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "sub/loop: symbolic link, not followed (--follow-symlinks"));
  CHECK(contains(r.err, "out: symbolic link, not followed"));
  CHECK(contains(r.err, "self.txt: symbolic link, not followed"));
  CHECK(c.total("rosneft") == 0);
  CHECK(c.total("fleet") == 1);

  Run followed = c.index_run({"--follow-symlinks"});
  INFO(followed.err);
  CHECK(followed.exit_code == 1);  // self.txt and dangling.txt cannot be read
  CHECK(contains(followed.err, "sub/loop: symbolic link to a folder already scanned"));
  CHECK(contains(followed.err,
                 "self.txt: cannot follow symbolic link: Too many levels of symbolic links"));
  CHECK(contains(followed.err, "dangling.txt: broken symbolic link"));
  CHECK(c.total("rosneft") == 2);  // through out/ and secret-link.txt
  CHECK(c.total("fleet") == 1);    // once: the loop is not followed again
}

TEST_CASE("badinput: a FIFO with a text name is passed over, never read", "[badinput]") {
  Corpus c;
  REQUIRE(::mkfifo((c.corpus / "pipe.txt").c_str(), 0644) == 0);
  Run r = c.index_run();
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "pipe.txt: not a regular file"));
  CHECK(c.total("istanbul") == 1);
}

TEST_CASE("badinput: a file that vanishes or changes after the scan is reported", "[badinput]") {
  Corpus c;
  write_file(c.corpus / "gone.txt", kGood);
  write_file(c.corpus / "grows.txt", kGood);
  parley::ScanResult scan = parley::scan_corpus(c.corpus);
  REQUIRE(scan.files.size() == 3);
  fs::remove(c.corpus / "gone.txt");
  parley::AnalysedFile gone = parley::analyse_file(scan.files[0], 1 << 20);
  CHECK(gone.error == "vanished before it could be read");
  // A file that changed after the scan is read as it is now.
  write_file(c.corpus / "grows.txt", kGood + "More talks are planned.\n");
  parley::AnalysedFile grown = parley::analyse_file(scan.files[2], 1 << 20);
  CHECK(grown.error.empty());
  REQUIRE(grown.articles.size() == 1);
  CHECK(contains(grown.articles[0].first.body, "More talks"));
}

TEST_CASE("badinput: files rewritten and removed while indexing never break a run", "[badinput]") {
  Corpus c;
  for (int i = 0; i < 20; ++i) {
    write_file(c.corpus / ("n" + std::to_string(i) + ".txt"), kGood);
  }
  // A scraper at work: rewrites files in place (in pieces) and removes and recreates them.
  pid_t writer = ::fork();
  REQUIRE(writer >= 0);
  if (writer == 0) {
    std::string piece(16 << 10, 'z');
    for (int round = 0;; ++round) {
      std::string name = (c.corpus / ("n" + std::to_string(round % 20) + ".txt")).string();
      if (round % 3 == 0) {
        ::unlink(name.c_str());
        continue;
      }
      FILE* f = std::fopen(name.c_str(), "w");
      if (!f) continue;
      std::fputs("Talks in Istanbul resumed\n\n", f);
      for (int k = 0; k < 8; ++k) {
        std::fwrite(piece.data(), 1, piece.size(), f);
        std::fputc(' ', f);
        std::fflush(f);
      }
      std::fclose(f);
    }
  }
  std::vector<Run> runs;
  for (int i = 0; i < 4; ++i)
    runs.push_back(c.index_run({"-j", "2"}));
  ::kill(writer, SIGKILL);
  ::waitpid(writer, nullptr, 0);
  for (const Run& r : runs) {
    INFO(r.err);
    CHECK((r.exit_code == 0 || r.exit_code == 1));
    CHECK(!contains(r.err, "error:"));
    // Every failure line is one of the expected reasons.
    std::size_t pos = 0;
    while ((pos = r.err.find("(skipped)", pos)) != std::string::npos) {
      std::size_t start = r.err.rfind('\n', pos);
      std::string line = r.err.substr(start == std::string::npos ? 0 : start + 1,
                                      pos - (start == std::string::npos ? 0 : start + 1));
      CHECK((contains(line, "changed while being read") || contains(line, "vanished") ||
             contains(line, "empty file")));
      ++pos;
    }
  }
  Run last = c.index_run();
  CHECK((last.exit_code == 0 || last.exit_code == 1));
  CHECK(c.total("istanbul") >= 1);
}

TEST_CASE("badinput: a file name that is not UTF-8 is reported, the JSON record stays valid",
          "[badinput]") {
  Corpus c;
  write_file(c.corpus / "caf\xe9-talks.txt", kGood);
  write_file(c.corpus / "dir\xff/inside.txt", kGood);
  Run r = c.index_run({"--json"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "caf\\xE9-talks.txt: file name is not valid UTF-8: rename it to index it"));
  CHECK(contains(r.err, "dir\\xFF/inside.txt: file name is not valid UTF-8"));
  nlohmann::json record = nlohmann::json::parse(r.out);
  CHECK(record["failed"] == 2);
  CHECK(record["added"] == 1);
  Run status = run({kIndexBin, "--status", "--json", "--index", c.index.string()});
  CHECK(status.exit_code == 0);
  CHECK(nlohmann::json::parse(status.out)["last_run"]["failed"] == 2);
}
