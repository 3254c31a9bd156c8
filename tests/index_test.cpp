// Xapian on temporary databases: indexing fixture corpora and searching them through the
// library.
#include <catch2/catch.hpp>

#include <algorithm>

#include "common/analyse.h"
#include "common/database.h"
#include "common/document.h"
#include "common/schema.h"
#include "indexer/pipeline.h"
#include "searcher/search.h"
#include "support.h"

using namespace parley;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

std::vector<std::string> ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits)
    out.push_back(h.article.id);
  return out;
}

SearchResult search(const std::filesystem::path& index, const std::string& q,
                    MatchMode match = MatchMode::kAll) {
  Xapian::Database db = open_for_search(index);
  SearchRequest r;
  r.query = q;
  r.match = match;
  r.limit = 100;
  return run_search(db, r);
}

struct Fixture {
  TempDir dir;
  std::filesystem::path corpus = dir / "corpus";
  std::filesystem::path index = dir / "index";

  Fixture() {
    write_file(corpus / "talks.txt",
               "date 2025-05-17 Russia demands withdrawal before ceasefire\n\n"
               "Russian negotiators demanded that Ukraine withdraw its troops. Moscow wants no "
               "weapons of mass destruction in Ukraine.\n");
    write_file(corpus / "nested/strike.md",
               "---\ntitle: Drone strike on Kharkiv\ndate: 2025-06-02\nsource: Kyiv Post\n---\n"
               "A drone strike hit Kharkiv overnight. Officials said mass casualties were "
               "avoided and the destruction was limited.\n");
    write_file(corpus / "aid.txt",
               "Allies pledge more aid to Kyiv\n\nEuropean allies pledged air defence. The "
               "withdrawal of support was ruled out; ceasefire talks were not discussed.\n");
    write_file(corpus / "notes.pdf", "%PDF-1.4 not an article");
    write_file(corpus / "empty.txt", "");
  }

  RunRecord index_now() {
    IndexOptions o;
    o.index = index;
    o.roots = {corpus};
    o.jobs = 2;
    return run_indexing(o);
  }
};

}  // namespace

TEST_CASE("a document made for the index is not shared with the term generator", "[index]") {
  // The indexer's workers make documents that its writer thread writes; Xapian's reference
  // counts are not atomic, so the worker's term generator must hold no reference to them.
  Article a;
  a.id = "a1";
  a.title = "Grain talks";
  a.body = "Freighters left Odesa with wheat.";
  Xapian::TermGenerator termgen = make_term_generator();
  Xapian::Document doc = to_document(a, analyse(a), "0123", termgen);
  CHECK(doc.termlist_count() > 0);
  CHECK(termgen.get_document().termlist_count() == 0);
}

TEST_CASE("indexing counts articles and reports bad files without stopping", "[index]") {
  Fixture f;
  RunRecord run = f.index_now();
  CHECK(run.added == 3);
  CHECK(run.updated == 0);
  CHECK(run.skipped == 1);  // notes.pdf
  CHECK(run.failed == 1);   // empty.txt
  REQUIRE(run.failures.size() == 1);
  CHECK(run.failures[0].path.find("empty.txt") != std::string::npos);
  CHECK(run.failures[0].reason == "empty file");

  Xapian::Database db = open_for_search(f.index);
  CHECK(db.get_doccount() == 3);
  CHECK(db.get_metadata(std::string(schema::kMetaSchemaVersion)) ==
        std::to_string(schema::kSchemaVersion));
  auto last = nlohmann::json::parse(db.get_metadata(std::string(schema::kMetaLastRun)));
  CHECK(last["added"] == 3);
  CHECK(last["failed"] == 1);
}

TEST_CASE("reindexing never duplicates and notices changes", "[index]") {
  Fixture f;
  f.index_now();
  RunRecord again = f.index_now();
  CHECK(again.added == 0);
  CHECK(again.unchanged == 3);
  CHECK(open_for_search(f.index).get_doccount() == 3);

  write_file(f.corpus / "aid.txt", "Allies pledge more aid to Kyiv\n\nNow with tanks.\n");
  RunRecord changed = f.index_now();
  CHECK(changed.updated == 1);
  CHECK(changed.unchanged == 2);
  CHECK(ids(search(f.index, "tanks")) == std::vector<std::string>{"aid.txt"});
}

TEST_CASE("phrases match exactly and stems match word forms", "[index]") {
  Fixture f;
  f.index_now();
  CHECK(ids(search(f.index, "\"weapons of mass destruction\"")) ==
        std::vector<std::string>{"talks.txt"});
  // The words occur apart in strike.md, so AND finds both, the phrase only one.
  CHECK(search(f.index, "mass destruction").total == 2);
  auto withdrawing = ids(search(f.index, "withdrawing"));
  std::sort(withdrawing.begin(), withdrawing.end());
  CHECK(withdrawing == std::vector<std::string>{"aid.txt", "talks.txt"});
}

TEST_CASE("a title match ranks above a body match", "[index]") {
  Fixture f;
  f.index_now();
  // "ceasefire" is in talks.txt's title and in aid.txt's body only.
  SearchResult r = search(f.index, "ceasefire");
  REQUIRE(r.hits.size() == 2);
  CHECK(r.hits[0].article.id == "talks.txt");
  CHECK(ids(search(f.index, "title:ceasefire")) == std::vector<std::string>{"talks.txt"});
}

TEST_CASE("metadata, dates and operators reach the index", "[index]") {
  Fixture f;
  f.index_now();
  SearchResult strike = search(f.index, "kharkiv");
  REQUIRE(strike.hits.size() == 1);
  const StoredArticle& a = strike.hits[0].article;
  CHECK(a.id == "nested/strike.md");
  CHECK(a.title == "Drone strike on Kharkiv");
  CHECK(a.date == "2025-06-02");
  CHECK(a.source == "Kyiv Post");
  CHECK(a.entities[schema::Facet::kSource] == std::vector<std::string>{"kyiv-post"});
  CHECK(strike.hits[0].snippet.find(kHighlightStart) != std::string::npos);

  CHECK(ids(search(f.index, "date:2025-06")) == std::vector<std::string>{"nested/strike.md"});
  CHECK(search(f.index, "date:2025..").total == 2);  // aid.txt has no date
  CHECK(ids(search(f.index, "source:kyiv-post")) == std::vector<std::string>{"nested/strike.md"});
  CHECK(search(f.index, "ceasefire NOT withdraw").total == 0);
  CHECK(search(f.index, "ceasefire -mass").total == 1);
  CHECK(search(f.index, "kharkiv OR tanks OR weapons").total == 2);
  CHECK(search(f.index, "kharkiv weapons", MatchMode::kAny).total == 2);
  CHECK(search(f.index, "kharkiv weapons").total == 0);
  CHECK(search(f.index, "withdr*").total == 2);
  CHECK(search(f.index, "").total == 3);
}

TEST_CASE("browsing with no words lists the newest first, undated last", "[index]") {
  Fixture f;
  f.index_now();
  CHECK(ids(search(f.index, "")) ==
        std::vector<std::string>{"nested/strike.md", "talks.txt", "aid.txt"});
}

TEST_CASE("a missing index is an IndexError that says what to do", "[index]") {
  TempDir dir;
  CHECK_THROWS_WITH(open_for_search(dir / "nothing"), Catch::Contains("parley-index"));
}

TEST_CASE("an index of another schema version is refused with what to do", "[index]") {
  TempDir dir;
  {
    Xapian::WritableDatabase db((dir / "idx").string(), Xapian::DB_CREATE);
    db.set_metadata(std::string(schema::kMetaSchemaVersion), "999");
    db.commit();
  }
  CHECK_THROWS_WITH(open_for_search(dir / "idx"), Catch::Contains("--rebuild"));
}

TEST_CASE("syndicated copies share a duplicate group, other stories do not", "[index]") {
  TempDir dir;
  std::string wire;
  for (int i = 0; i < 30; ++i) {
    wire += "Shelling hit district " + std::to_string(i) + " of Kharkiv, where " +
            std::to_string(i * 3) + " homes burned overnight, the regional governor said. ";
  }
  std::string other;
  for (int i = 0; i < 30; ++i) {
    other += "Negotiators met for round " + std::to_string(i) + " in Istanbul and agreed on " +
             std::to_string(i * 5) + " prisoners to exchange, officials said. ";
  }
  write_file(dir / "c/outlet-a.txt", "Kharkiv shelled overnight\n\n" + wire);
  write_file(dir / "c/outlet-b.txt",
             "Shelling in Kharkiv burns homes\n\n" + wire.substr(0, wire.size() * 4 / 5));
  write_file(dir / "c/talks.txt", "Prisoner talks in Istanbul\n\n" + other);
  IndexOptions o;
  o.index = dir / "idx";
  o.roots = {dir / "c"};
  run_indexing(o);
  Xapian::Database db = open_for_search(o.index);
  auto group = [&](const std::string& id) {
    Xapian::PostingIterator p = db.postlist_begin(schema::id_term(id));
    REQUIRE(p != db.postlist_end(schema::id_term(id)));
    return db.get_document(*p).get_value(schema::kSlotDuplicateGroup);
  };
  CHECK_FALSE(group("outlet-a.txt").empty());
  CHECK(group("outlet-a.txt") == group("outlet-b.txt"));
  CHECK(group("talks.txt") != group("outlet-a.txt"));
  // Reindexing keeps the groups.
  std::string before = group("outlet-b.txt");
  write_file(dir / "c/outlet-b.txt",
             "Shelling in Kharkiv burns homes\n\n" + wire.substr(0, wire.size() * 3 / 4));
  run_indexing(o);
  db.reopen();
  CHECK(group("outlet-b.txt") == before);
}

TEST_CASE("incremental: unchanged files are not read, vanished files leave the index",
          "[index][incremental]") {
  Fixture f;
  f.index_now();
  // Same size and modification time: the file is not read again, so this edit goes unseen.
  auto talks = f.corpus / "talks.txt";
  auto mtime = std::filesystem::last_write_time(talks);
  std::string text =
      "date 2025-05-17 Russia demands withdrawal before ceasefire\n\n"
      "Russian negotiators demanded that Ukraine withdraw its troops. Moscow wants no "
      "weapons of mass destruction in Ukraine.\n";
  std::string same_size = text;
  same_size.replace(same_size.find("Moscow"), 6, "Kremln");
  write_file(talks, same_size);
  std::filesystem::last_write_time(talks, mtime);
  RunRecord quiet = f.index_now();
  CHECK(quiet.unchanged == 3);
  CHECK(quiet.updated == 0);
  CHECK(search(f.index, "kremln").total == 0);

  std::filesystem::remove(f.corpus / "aid.txt");
  RunRecord gone = f.index_now();
  CHECK(gone.removed == 1);
  CHECK(open_for_search(f.index).get_doccount() == 2);
  CHECK(search(f.index, "pledge").total == 0);

  // Renamed: a removal and an addition.
  std::filesystem::rename(f.corpus / "nested/strike.md", f.corpus / "strike.md");
  RunRecord renamed = f.index_now();
  CHECK(renamed.removed == 1);
  CHECK(renamed.added == 1);
  CHECK(ids(search(f.index, "kharkiv")) == std::vector<std::string>{"strike.md"});
}

TEST_CASE("incremental: only changed records of a JSON Lines file are rewritten",
          "[index][incremental]") {
  TempDir dir;
  auto line = [](const std::string& id, const std::string& text) {
    return R"({"id":")" + id + R"(","title":"Story )" + id + R"(","text":")" + text + "\"}\n";
  };
  write_file(dir / "c/feed.jsonl", line("a", "Shelling in Kharkiv.") +
                                       line("b", "Talks in Geneva.") +
                                       line("c", "Grain from Odesa."));
  IndexOptions o;
  o.index = dir / "idx";
  o.roots = {dir / "c"};
  CHECK(run_indexing(o).added == 3);
  write_file(dir / "c/feed.jsonl", line("a", "Shelling in Kharkiv.") +
                                       line("b", "Talks in Geneva resumed.") +
                                       line("d", "Strikes on Lviv."));
  RunRecord r = run_indexing(o);
  CHECK(r.unchanged == 1);  // a
  CHECK(r.updated == 1);    // b
  CHECK(r.added == 1);      // d
  CHECK(r.removed == 1);    // c
  CHECK(search(o.index, "odesa").total == 0);
  CHECK(search(o.index, "resumed").total == 1);
}

TEST_CASE("incremental: a file that fails keeps what the index holds for it",
          "[index][incremental]") {
  Fixture f;
  f.index_now();
  write_file(f.corpus / "talks.txt", std::string("\0\0binary now", 12));
  RunRecord r = f.index_now();
  CHECK(r.failed == 2);  // talks.txt and empty.txt
  CHECK(r.removed == 0);
  CHECK(ids(search(f.index, "\"weapons of mass destruction\"")) ==
        std::vector<std::string>{"talks.txt"});
}

TEST_CASE("snippets come from the passage where the query's words are", "[index]") {
  TempDir dir;
  std::string filler;
  for (int i = 0; i < 60; ++i)
    filler += "Shelling continued along the front line overnight, officials said. ";
  // "armies" alone early; "tribunal" alone in the middle; both together near the end, after a
  // diacritic that the snippet must give back as written.
  write_file(dir / "corpus/long.txt",
             "A long report\n\nThe armies regrouped. " + filler +
                 "A special tribunal was proposed. " + filler +
                 "Erdoğan said the armies would answer to a tribunal for aggression. " + filler +
                 "The end.\n");
  IndexOptions o;
  o.index = dir / "index";
  o.roots = {dir / "corpus"};
  run_indexing(o);

  auto plain = [](const std::string& s) {
    std::string out;
    for (char c : s)
      if (c != kHighlightStart && c != kHighlightEnd) out.push_back(c);
    return out;
  };
  SearchResult both = search(o.index, "army tribunal");
  REQUIRE(both.hits.size() == 1);
  std::string s = plain(both.hits[0].snippet);
  INFO(both.hits[0].snippet);
  CHECK(s.find("armies would answer to a tribunal") != std::string::npos);
  CHECK(s.starts_with("\xE2\x80\xA6"));  // not the text's beginning
  CHECK(s.ends_with("\xE2\x80\xA6"));    // nor its end
  CHECK(both.hits[0].snippet.find(std::string(1, kHighlightStart) + "armies") != std::string::npos);

  SearchResult one = search(o.index, "proposed");
  REQUIRE(one.hits.size() == 1);
  INFO(one.hits[0].snippet);
  std::string mark(1, kHighlightStart);
  CHECK(one.hits[0].snippet.find(mark + "proposed") != std::string::npos);
  // A word away from every other query word, and a stem that is not a prefix of its word
  // ("armi" for "army", here "armies" alone at the start).
  SearchResult far = search(o.index, "aggression");
  REQUIRE(far.hits.size() == 1);
  INFO(far.hits[0].snippet);
  CHECK(far.hits[0].snippet.find(mark + "aggression") != std::string::npos);
  SearchResult army = search(o.index, "army regrouped");
  REQUIRE(army.hits.size() == 1);
  INFO(army.hits[0].snippet);
  CHECK(army.hits[0].snippet.find(mark + "armies") != std::string::npos);
  CHECK(plain(army.hits[0].snippet).find("armies regrouped") != std::string::npos);
}
