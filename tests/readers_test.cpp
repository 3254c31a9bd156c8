#include <catch2/catch.hpp>

#include "common/readers.h"

using namespace parley;

namespace {
Article read_one(const std::string& bytes, Format format = Format::kText,
                 const std::string& path = "a/b.txt") {
  ReadResult r = read_articles(path, format, bytes);
  INFO(r.error);
  REQUIRE(r.error.empty());
  REQUIRE(r.articles.size() == 1);
  return r.articles[0];
}
}  // namespace

TEST_CASE("format_for_path goes by extension", "[readers]") {
  CHECK(format_for_path("x/y.txt") == Format::kText);
  CHECK(format_for_path("x/Y.MD") == Format::kMarkdown);
  CHECK(format_for_path("x/y.markdown") == Format::kMarkdown);
  CHECK_FALSE(format_for_path("x/y.pdf"));
  CHECK_FALSE(format_for_path("x/.txt"));
  CHECK_FALSE(format_for_path("README"));
}

TEST_CASE("a collection's README or LICENSE is not an article", "[readers]") {
  CHECK_FALSE(format_for_path("bbc-news/README.TXT"));
  CHECK_FALSE(format_for_path("README.md"));
  CHECK_FALSE(format_for_path("data/LICENSE.txt"));
  CHECK_FALSE(format_for_path("Licence.md"));
  CHECK(format_for_path("readme-talks.txt") == Format::kText);
  CHECK(format_for_path("license-plates.md") == Format::kMarkdown);
}

TEST_CASE("a date header line gives the date and the rest of the line is the title", "[readers]") {
  Article a = read_one(
      " date 2025-05-17 Russian negotiators demanded a withdrawal.\n\nThe body paragraph.\n");
  CHECK(a.date == "2025-05-17");
  CHECK(a.title == "Russian negotiators demanded a withdrawal.");
  CHECK(a.body == "The body paragraph.");
  CHECK(a.id == "a/b.txt");
  CHECK(a.path == "a/b.txt");
  CHECK(a.format == "txt");
}

TEST_CASE("front matter gives title, date, source, url and author", "[readers]") {
  Article a = read_one(
      "---\ntitle: \"Talks resume in Istanbul\"\ndate: May 17, 2025\nsource: Kyiv Post\n"
      "url: https://example.org/x\nauthor: Jane Smith\ntags:\n  - war\n---\nBody text here.\n",
      Format::kMarkdown, "x.md");
  CHECK(a.title == "Talks resume in Istanbul");
  CHECK(a.date == "2025-05-17");
  CHECK(a.source == "Kyiv Post");
  CHECK(a.url == "https://example.org/x");
  CHECK(a.author == "Jane Smith");
  CHECK(a.body == "Body text here.");
  CHECK(a.format == "md");
}

TEST_CASE("the first line is the title only when it reads as a headline", "[readers]") {
  SECTION("a short headline") {
    Article a = read_one(
        "Russia Demands Major Concessions, Kyiv Holds Firm\n\nAbiola\n4 Min Read\n"
        "\nIn a tense round of talks, Russia demanded more.\n");
    CHECK(a.title == "Russia Demands Major Concessions, Kyiv Holds Firm");
    CHECK(a.body == "In a tense round of talks, Russia demanded more.");
  }
  SECTION("navigation is not a headline") {
    Article a = read_one(
        "Skip to main content\n\nAs fragile ceasefire efforts continue to falter, "
        "a source said. Another sentence follows here.\n");
    CHECK(a.title.empty());
    CHECK(a.body.rfind("As fragile", 0) == 0);
  }
  SECTION("a paragraph of two sentences is not a headline") {
    Article a = read_one(
        "Russian President Vladimir Putin has outlined conditions for talks. "
        "During a meeting, Putin stated his terms.\nMore text.\n");
    CHECK(a.title.empty());
  }
  SECTION("a markdown heading is the title") {
    Article a = read_one("# Strikes on Kharkiv\n\nSee [the map](https://x.org/m) and **more**.\n",
                         Format::kMarkdown, "m.md");
    CHECK(a.title == "Strikes on Kharkiv");
    CHECK(a.body == "See the map and more.");
  }
}

TEST_CASE("reads_as_headline", "[readers]") {
  CHECK(reads_as_headline("U.S. envoy meets Putin in Moscow as talks resume"));
  CHECK(
      reads_as_headline("Russia outlines demands for peace talks with the US over Ukraine war, "
                        "rejecting ceasefire proposals."));
  CHECK_FALSE(reads_as_headline("Too short"));
  CHECK_FALSE(reads_as_headline("RECOMMENDED STORIES:"));
  CHECK_FALSE(reads_as_headline("Talks stalled. Both sides blamed each other."));
}

TEST_CASE("files that are not articles are rejected with a reason", "[readers]") {
  CHECK(read_articles("e.txt", Format::kText, "").error == "empty file");
  CHECK(read_articles("e.txt", Format::kText, "  \n\n ").error == "empty file");
  CHECK(read_articles("i.txt", Format::kText, std::string("\x89PNG\r\n\x1a\n\0\0", 10)).error ==
        "binary content, not text");
  CHECK_FALSE(
      read_articles("b.txt", Format::kText, "Skip to main content\nSubscribe\n").error.empty());
}

TEST_CASE("invalid UTF-8 is repaired with a warning, not rejected", "[readers]") {
  ReadResult r = read_articles("u.txt", Format::kText,
                               "Talks resume in Istanbul\n\nThe delegations\xFF met today.\n");
  REQUIRE(r.error.empty());
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.articles[0].body.find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("slugify", "[readers]") {
  CHECK(slugify("Scoop Hub") == "scoop-hub");
  CHECK(slugify("Erdoğan") == "erdogan");
  CHECK(slugify("  The  Kyiv Independent! ") == "the-kyiv-independent");
  CHECK(slugify("Al Jazeera's") == "al-jazeeras");
}
