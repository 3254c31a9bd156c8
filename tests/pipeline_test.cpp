// The indexing pipeline: record files split into chunks of whole records (pure), and runs whose
// result must not depend on the number of workers, the memory budget or the thread timing.
#include <catch2/catch.hpp>

#include <map>

#include "common/database.h"
#include "common/readers.h"
#include "common/schema.h"
#include "indexer/pipeline.h"
#include "support.h"

using namespace parley;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

// Reads `bytes` as a record file through RecordChunker, fed `block` bytes at a time, and
// returns what the chunks give together (error set when the chunker rejects the file).
ReadResult read_chunked(Format format, const std::string& bytes, std::size_t block,
                        std::size_t chunk_bytes, std::size_t max_record = 1 << 20,
                        std::size_t* chunk_count = nullptr) {
  RecordChunker chunker(format, chunk_bytes, max_record);
  std::vector<RecordChunk> chunks;
  for (std::size_t at = 0;; at += block) {
    bool end = at + block >= bytes.size();
    chunker.feed(std::string_view(bytes).substr(std::min(at, bytes.size()), block), end, chunks);
    if (end) break;
  }
  ReadResult all;
  all.error = chunker.error();
  if (chunk_count) *chunk_count = chunks.size();
  for (const RecordChunk& c : chunks) {
    ReadResult r = read_record_chunk("feed", c);
    for (Article& a : r.articles)
      all.articles.push_back(std::move(a));
    all.warnings.insert(all.warnings.end(), r.warnings.begin(), r.warnings.end());
    all.skipped += r.skipped;
  }
  return all;
}

std::vector<std::string> ids_of(const ReadResult& r) {
  std::vector<std::string> out;
  for (const Article& a : r.articles)
    out.push_back(a.id);
  return out;
}

std::string jsonl_line(int i, const std::string& text) {
  return R"({"id":"r)" + std::to_string(i) + R"(","title":"Report )" + std::to_string(i) +
         R"(","text":")" + text + "\"}\n";
}

}  // namespace

TEST_CASE("chunks of a record file give what reading it whole gives", "[pipeline]") {
  std::string jsonl;
  for (int i = 0; i < 40; ++i) {
    jsonl += i == 7 ? "{broken\n"
                    : jsonl_line(i, "Shelling near Kharkiv, report " + std::to_string(i) + ".");
  }
  std::string last = jsonl_line(99, "No newline at the end.");
  last.pop_back();
  jsonl += last;
  std::string csv = "id,title,text\n";
  for (int i = 0; i < 30; ++i) {
    csv += std::to_string(i) + ",Title " + std::to_string(i) + ",\"Talks in Geneva,\nline two of " +
           std::to_string(i) + "\"\n";
  }
  csv += "31,Empty,\n";
  struct Case {
    Format format;
    std::string bytes;
  };
  for (const Case& c : {Case{Format::kJsonLines, jsonl}, Case{Format::kCsv, csv}}) {
    ReadResult whole =
        c.format == Format::kCsv ? read_csv("feed", c.bytes) : read_jsonl("feed", c.bytes);
    REQUIRE(whole.error.empty());
    for (std::size_t block : {1, 7, 64, 100000}) {
      for (std::size_t chunk : {1, 200, 1 << 20}) {
        CAPTURE(format_name(c.format), block, chunk);
        std::size_t chunks = 0;
        ReadResult chunked = read_chunked(c.format, c.bytes, block, chunk, 1 << 20, &chunks);
        CHECK(chunked.error.empty());
        CHECK(ids_of(chunked) == ids_of(whole));
        CHECK(chunked.warnings == whole.warnings);  // line and row numbers too
        CHECK(chunked.skipped == whole.skipped);
        if (chunk == 1) CHECK(chunks >= whole.articles.size());
      }
    }
  }
}

TEST_CASE("a record file the chunker rejects says why", "[pipeline]") {
  struct Row {
    Format format;
    std::string bytes;
    std::string error;
  };
  const Row rows[] = {
      {Format::kJsonLines, "", "empty file"},
      {Format::kJsonLines, "  \n\n", "empty file"},
      {Format::kJsonLines, std::string("{\"id\":1}\n\0\0\0", 12), "binary content, not text"},
      {Format::kCsv, "id,title\n1,Talks\n",
       "the header row names no text column (text, body or "
       "content)"},
      {Format::kCsv, "id,title,text\n",
       "no records (a CSV file needs a header row and at least "
       "one row)"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.bytes);
    CHECK(read_chunked(r.format, r.bytes, 4, 100).error == r.error);
  }
  CHECK(no_records_error(Format::kJsonLines, 2) == "no readable record (2 broken lines)");
  CHECK(no_records_error(Format::kJsonLines, 0) == "no records");
}

TEST_CASE("a record over the size limit is skipped with a warning, the others kept", "[pipeline]") {
  std::string big(300, 'x');
  std::string jsonl = jsonl_line(1, "Short one.") + jsonl_line(2, big) + jsonl_line(3, "Short.");
  ReadResult r = read_chunked(Format::kJsonLines, jsonl, 16, 64, 200);
  CHECK(ids_of(r) == std::vector<std::string>{"feed#r1", "feed#r3"});
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].rfind("line 2: over 200 bytes", 0) == 0);
  std::string csv = "id,text\n1,Short one.\n2," + big + "\n3,Short.\n";
  ReadResult rc = read_chunked(Format::kCsv, csv, 16, 64, 200);
  CHECK(ids_of(rc) == std::vector<std::string>{"feed#1", "feed#3"});
  REQUIRE(rc.warnings.size() == 1);
  CHECK(rc.warnings[0].rfind("row 3: over 200 bytes", 0) == 0);
}

namespace {

// Every article's document id and near-duplicate group in the index at `index`.
std::map<std::string, std::string> groups(const std::filesystem::path& index) {
  Xapian::Database db = open_for_search(index);
  std::map<std::string, std::string> out;
  for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
    Xapian::docid id = *db.postlist_begin(*t);
    out[*t] = db.get_document(id).get_value(schema::kSlotDuplicateGroup);
  }
  return out;
}

// A corpus of loose files and a big JSON Lines export, with syndicated copies among them.
void write_corpus(const std::filesystem::path& dir) {
  std::string wire;
  for (int i = 0; i < 30; ++i) {
    wire += "Shelling hit district " + std::to_string(i) + " of Kharkiv, where " +
            std::to_string(i * 3) + " homes burned overnight, the regional governor said. ";
  }
  std::string feed;
  for (int i = 0; i < 300; ++i) {
    std::string text = i % 50 == 0 ? wire.substr(0, wire.size() - static_cast<std::size_t>(i))
                                   : "Negotiators met for round " + std::to_string(i) +
                                         " in Istanbul and agreed on " + std::to_string(i * 7) +
                                         " prisoners to exchange, officials said.";
    feed += jsonl_line(i, text);
  }
  write_file(dir / "feed.jsonl", feed);
  for (int i = 0; i < 20; ++i) {
    write_file(dir / ("a" + std::to_string(i) + ".txt"),
               "Kharkiv shelled, copy " + std::to_string(i) + "\n\n" +
                   (i % 4 == 0 ? wire : "Grain ships left Odesa on day " + std::to_string(i)));
  }
}

// write_corpus() written into DIR/c, and the options of a run over it into DIR/idx.
IndexOptions corpus_run(const std::filesystem::path& dir, unsigned jobs) {
  write_corpus(dir / "c");
  IndexOptions o;
  o.index = dir / "idx";
  o.roots = {dir / "c"};
  o.jobs = jobs;
  return o;
}

}  // namespace

TEST_CASE("articles and groups do not depend on workers or the commit budget", "[pipeline]") {
  TempDir dir;
  write_corpus(dir / "c");
  // A full build with several workers writes one part each and merges them, so document ids
  // follow the parts; the articles and their groups are the same whatever the layout.
  std::map<std::string, std::string> first;
  int n = 0;
  for (unsigned jobs : {1u, 3u}) {
    for (std::size_t budget : {std::size_t{20000}, std::size_t{1} << 30}) {
      CAPTURE(jobs, budget);
      IndexOptions o;
      o.index = dir / ("idx" + std::to_string(n++));
      o.roots = {dir / "c"};
      o.jobs = jobs;
      o.commit_bytes = budget;
      RunRecord r = run_indexing(o);
      CHECK(r.added == 320);
      CHECK(r.failed == 0);
      auto got = groups(o.index);
      if (first.empty()) {
        first = got;
        continue;
      }
      CHECK(got == first);
    }
  }
  // Copies of the wire story share one group, across the export and the loose files, whether
  // the copy was committed before or still pending.
  std::string group = first[schema::id_term("a0.txt")];
  CHECK(first[schema::id_term("feed.jsonl#r0")] == group);
  CHECK(first[schema::id_term("feed.jsonl#r250")] == group);
  CHECK(first[schema::id_term("a4.txt")] == group);
  CHECK(first[schema::id_term("a1.txt")] != group);
}

TEST_CASE("a full build with several workers is one database merged from its parts", "[pipeline]") {
  TempDir dir;
  IndexOptions o = corpus_run(dir.path(), 3);
  REQUIRE(run_indexing(o).added == 320);
  std::filesystem::path live = live_database(o.index);
  CHECK(shard_paths(o.index) == std::vector<std::filesystem::path>{live});  // no shards
  for (const auto& entry : std::filesystem::directory_iterator(o.index))
    CHECK(entry.path().extension() != ".parts");  // the parts are gone
  Xapian::Database db(live.string());
  CHECK(db.get_doccount() == 320);
  // The meta part's file records, run record and spelling data came along.
  CHECK_FALSE(db.get_metadata(std::string(schema::kMetaLastRun)).empty());
  CHECK(db.get_spelling_suggestion("negotiaters") == "negotiators");
  RunRecord again = run_indexing(o);
  CHECK(again.added == 0);
  CHECK(again.unchanged == 320);
  // An incremental run writes into the merged database, in place.
  write_file(dir / "c/late.txt", "title: Late\n\nA late story about the grain corridor.\n");
  CHECK(run_indexing(o).added == 1);
  CHECK(live_database(o.index) == live);
  CHECK(Xapian::Database(live.string()).get_doccount() == 321);
}

TEST_CASE("a changed export rewrites only its changed records, in any number of chunks",
          "[pipeline]") {
  TempDir dir;
  IndexOptions o = corpus_run(dir.path(), 2);
  o.commit_bytes = 20000;
  REQUIRE(run_indexing(o).added == 320);
  std::string feed;
  for (int i = 1; i < 300; ++i) {  // r0 gone, r5 changed
    feed += jsonl_line(i, i == 5 ? "Changed."
                                 : "Negotiators met for round " + std::to_string(i) +
                                       " in Istanbul and agreed on " + std::to_string(i * 7) +
                                       " prisoners to exchange, officials said.");
  }
  write_file(dir / "c/feed.jsonl", feed);
  RunRecord r = run_indexing(o);
  CHECK(r.removed == 1);
  CHECK(r.updated == 6);  // r5, and the five wire copies the feed no longer carries
  CHECK(r.added == 0);
  CHECK(open_for_search(o.index).get_doccount() == 319);
}
