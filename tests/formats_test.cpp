// The readers for HTML pages, JSON Lines and CSV exports, on small fixtures written here.
#include <catch2/catch.hpp>

#include "common/readers.h"

using namespace parley;

namespace {
bool contains(const std::string& s, const std::string& needle) {
  return s.find(needle) != std::string::npos;
}
}  // namespace

TEST_CASE("html: the article, not the navigation, with the head's meta data", "[formats]") {
  const char* page = R"(<!DOCTYPE html><html><head>
<title>Russia sets terms for talks | Kyiv Post</title>
<meta property="og:site_name" content="Kyiv Post">
<meta property="article:published_time" content="2025-05-17T09:30:00+03:00">
<meta name="author" content="Jane Smith">
<link rel="canonical" href="https://www.kyivpost.com/post/123">
<style>.x { color: red }</style><script>var tracking = "Zaporizhzhia";</script>
</head><body class="single has-sidebar">
<nav><a href="/">Home</a> <a href="/war">War</a> Cookie settings</nav>
<div class="cookie-banner">We use cookies to improve your experience.</div>
<article><h1>Russia sets terms for talks</h1>
<p>Russian negotiators demanded that Ukraine withdraw its troops.</p>
<p>The talks in Istanbul lasted <b>two</b> hours.</p>
<ul class="related-links"><li>WWE SmackDown results</li></ul>
<div class="share-tools">Share on Facebook</div></article>
<aside>Most read: iPhone rumours</aside><footer>© 2025 Kyiv Post</footer>
</body></html>)";
  ReadResult r = read_articles("p/page.html", Format::kHtml, page);
  INFO(r.error);
  REQUIRE(r.articles.size() == 1);
  const Article& a = r.articles[0];
  CHECK(a.id == "p/page.html");
  CHECK(a.format == "html");
  CHECK(a.title == "Russia sets terms for talks");
  CHECK(a.date == "2025-05-17");
  CHECK(a.source == "Kyiv Post");
  CHECK(a.author == "Jane Smith");
  CHECK(a.url == "https://www.kyivpost.com/post/123");
  CHECK(contains(a.body, "withdraw its troops"));
  CHECK(contains(a.body, "lasted two hours"));
  for (const char* junk : {"Home", "cookies", "SmackDown", "Share on", "iPhone", "tracking",
                           "color", "©", "Russia sets terms"}) {
    CAPTURE(junk);
    CHECK_FALSE(contains(a.body, junk));
  }
}

TEST_CASE("html: a page saved as .txt is read as a page", "[formats]") {
  ReadResult r = read_articles("saved.txt", Format::kText,
                               "<html><body><p>Strikes on Kharkiv overnight killed two people, "
                               "officials said.</p></body></html>");
  REQUIRE(r.articles.size() == 1);
  CHECK(r.articles[0].format == "html");
  CHECK_FALSE(contains(r.articles[0].body, "<p>"));
}

TEST_CASE("html: nesting 100,000 deep does not exhaust the stack", "[formats]") {
  std::string deep = "<html><body>";
  for (int i = 0; i < 100000; ++i)
    deep += "<div>";
  deep += "Talks in Geneva resumed on Monday. Both sides met for two hours.";
  ReadResult r = read_articles("deep.html", Format::kHtml, deep);
  REQUIRE(r.articles.size() == 1);
  CHECK(contains(r.articles[0].body, "Geneva"));
  REQUIRE(r.warnings.size() == 1);
  CHECK(contains(r.warnings[0], "nested over"));
}

TEST_CASE("jsonl: one article per line, other field names, broken lines reported", "[formats]") {
  std::string file =
      R"({"id":"a1","title":"Talks resume","date":"2025-05-17","source":"Reuters","url":"https://www.reuters.com/x","text":"Both sides met in Istanbul."})"
      "\n"
      R"({"headline":"Second story","published":"May 18, 2025","body":"<p>Strikes hit Kharkiv.</p><p>Two died.</p>","link":"https://example.org/2"})"
      "\n"
      "{not json\n"
      "\n"
      R"({"id":7,"title":"No text here"})"
      "\n"
      R"(["an","array"])"
      "\n"
      R"({"id":"a3","title":["wrong","type"],"text":"Text with a wrong title type.","date":{"y":2025}})"
      "\n";
  ReadResult r = read_articles("exports/news.jsonl", Format::kJsonLines, file);
  REQUIRE(r.error.empty());
  REQUIRE(r.articles.size() == 3);
  CHECK(r.articles[0].id == "exports/news.jsonl#a1");
  CHECK(r.articles[0].title == "Talks resume");
  CHECK(r.articles[0].date == "2025-05-17");
  CHECK(r.articles[0].source == "Reuters");
  CHECK(r.articles[0].body == "Both sides met in Istanbul.");
  CHECK(r.articles[1].id == "exports/news.jsonl#https://example.org/2");
  CHECK(r.articles[1].date == "2025-05-18");
  CHECK(r.articles[1].body == "Strikes hit Kharkiv.\nTwo died.");
  CHECK(r.articles[2].id == "exports/news.jsonl#a3");
  std::string warnings;
  for (const auto& w : r.warnings)
    warnings += w + "\n";
  CHECK(contains(warnings, "line 3: not valid JSON"));
  CHECK(contains(warnings, "line 5: no text"));
  CHECK(contains(warnings, "line 6: not a JSON object"));
  CHECK(contains(warnings, "line 7: field 'date' is a object"));
}

TEST_CASE("jsonl: a file with no readable record fails with the count", "[formats]") {
  ReadResult r = read_articles("bad.jsonl", Format::kJsonLines, "{oops\n{also bad\n");
  CHECK(r.articles.empty());
  CHECK(r.error == "no readable record (2 broken lines)");
}

TEST_CASE("csv: header names the fields, quoted fields span lines", "[formats]") {
  std::string file =
      "link,headline,date,location,summary,body\r\n"
      "http://en.kremlin.ru/events/president/news/67828,\"Meeting with Security Council, "
      "permanent members\",2022-02-21 20:00:00,\"Moscow\",The President held a meeting.,"
      "\"Vladimir Putin: \"\"Good afternoon, colleagues.\"\"\nWe will discuss Donbass.\"\r\n"
      "http://en.kremlin.ru/x,Short row\r\n"
      "http://en.kremlin.ru/y,No body,2022-02-22,,,\r\n";
  ReadResult r = read_articles("press/putin.csv", Format::kCsv, file);
  REQUIRE(r.error.empty());
  REQUIRE(r.articles.size() == 1);
  const Article& a = r.articles[0];
  CHECK(a.id == "press/putin.csv#http://en.kremlin.ru/events/president/news/67828");
  CHECK(a.format == "csv");
  CHECK(a.title == "Meeting with Security Council, permanent members");
  CHECK(a.date == "2022-02-21");
  CHECK(contains(a.body, "The President held a meeting."));
  CHECK(contains(a.body, "\"Good afternoon, colleagues.\"\nWe will discuss Donbass."));
  std::string warnings;
  for (const auto& w : r.warnings)
    warnings += w + "\n";
  CHECK(contains(warnings, "row 3: 2 fields, header has 6"));
  CHECK(contains(warnings, "row 4: no text"));
}

TEST_CASE("csv: a header without a text column is refused", "[formats]") {
  ReadResult r = read_articles("t.csv", Format::kCsv, "a,b\n1,2\n");
  CHECK(contains(r.error, "no text column"));
}

TEST_CASE("the article's own date evidence wins over metadata", "[formats]") {
  std::string file =
      R"({"id":"x","date":"2022-01-27","url":"https://www.cnn.com/2022/01/26/europe/talks/index.html","text":"Talks in Paris went on."})"
      "\n"
      R"({"id":"y","date":"2022-01-27","text":"KYIV, Jan 25 (Reuters) - Strikes hit the capital."})"
      "\n"
      R"({"id":"z","date":"2022-01-27","text":"Published January 20, 2022\nTalks in Geneva went on."})"
      "\n";
  ReadResult r = read_articles("d.jsonl", Format::kJsonLines, file);
  REQUIRE(r.articles.size() == 3);
  CHECK(r.articles[0].date == "2022-01-26");
  CHECK(r.articles[1].date == "2022-01-25");
  CHECK(r.articles[1].credits == std::vector<std::string>{"Reuters"});
  CHECK(r.articles[2].date == "2022-01-20");
}

TEST_CASE("every format: title, date, source and text from a small fixture", "[formats]") {
  struct Row {
    const char* path;
    Format format;
    std::string bytes;
    const char* title;
    const char* date;
    const char* source;
    const char* body_has;
    const char* body_lacks;
  };
  const Row rows[] = {
      {"a.txt", Format::kText,
       "Talks resume in Istanbul after a pause\n\nThe delegations met on Friday.\n\nShare\n",
       "Talks resume in Istanbul after a pause", "", "", "delegations met", "Share"},
      {"b.txt", Format::kText, "date 2025-05-17 Talks resume\n\nThe delegations met.\n",
       "Talks resume", "2025-05-17", "", "delegations met", "date 2025"},
      {"c.md", Format::kMarkdown,
       "---\ntitle: Talks resume\ndate: 2025-05-17\nsource: Kyiv Post\n---\n"
       "The **delegations** met. [Map](https://x.org/m)\n",
       "Talks resume", "2025-05-17", "Kyiv Post", "The delegations met. Map", "**"},
      {"d.md", Format::kMarkdown, "# Talks resume\n\nThe delegations met.\n", "Talks resume", "",
       "", "delegations met", "#"},
      {"e.html", Format::kHtml,
       "<html><head><title>Talks resume | Kyiv Post</title>"
       "<meta property=\"og:site_name\" content=\"Kyiv Post\">"
       "<meta property=\"article:published_time\" content=\"2025-05-17T10:00:00Z\"></head>"
       "<body><nav>Home News</nav><article><p>The delegations met.</p></article></body></html>",
       "Talks resume", "2025-05-17", "Kyiv Post", "delegations met", "Home News"},
      {"f.jsonl", Format::kJsonLines,
       "{\"id\":\"1\",\"headline\":\"Talks resume\",\"published\":\"2025-05-17\","
       "\"outlet\":\"Kyiv Post\",\"body\":\"The delegations met.\"}\n",
       "Talks resume", "2025-05-17", "Kyiv Post", "delegations met", ""},
      {"g.csv", Format::kCsv,
       "title,date,source,text\nTalks resume,2025-05-17,Kyiv Post,\"The delegations met, "
       "\"\"at last\"\".\"\n",
       "Talks resume", "2025-05-17", "Kyiv Post", "met, \"at last\"", ""},
      // A ticker in angle brackets is text, not a tag ("<plen>" was once taken for "<p").
      {"h.jsonl", Format::kJsonLines,
       "{\"title\":\"Plenum to buy back shares\",\"text\":\"Plenum Publishing Corp <plen> said "
       "it would buy back shares.\"}\n",
       "Plenum to buy back shares", "", "", "Corp <plen> said", ""},
      {"h2.jsonl", Format::kJsonLines,
       "{\"title\":\"Oil companies raise crude prices\",\"text\":\"Phillips Petroleum <P> and "
       "Diamond Shamrock <DIA> also raised their prices.\"}\n",
       "Oil companies raise crude prices", "", "", "Petroleum <P> and Diamond Shamrock <DIA>", ""},
      {"i.jsonl", Format::kJsonLines,
       "{\"title\":\"Talks resume\",\"text\":\"<p>The delegations met.</p><p>Both left.</p>\"}\n",
       "Talks resume", "", "", "delegations met.\nBoth left.", "<p>"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.path, r.bytes);
    ReadResult result = read_articles(r.path, r.format, r.bytes);
    INFO(result.error);
    REQUIRE(result.articles.size() == 1);
    const Article& a = result.articles[0];
    CHECK(a.title == r.title);
    CHECK(a.date == r.date);
    CHECK(a.source == r.source);
    CHECK(contains(a.body, r.body_has));
    if (*r.body_lacks != '\0') CHECK_FALSE(contains(a.body, r.body_lacks));
  }
}
