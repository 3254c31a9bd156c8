// Queries typed in a hurry, end to end through parley-search: each gets a clear message (exit
// 2) or a sensible result (exit 0 or 1), never a crash or a hang.
#include <catch2/catch.hpp>

#include <string>

#include "searcher/request.h"
#include "support.h"

using parley::test::Run;
using parley::test::run;
using parley::test::TempDir;

namespace {

const std::string kIndexBin = PARLEY_INDEX_BIN;
const std::string kSearchBin = PARLEY_SEARCH_BIN;

const std::string& sample_index() {
  static TempDir dir;
  static std::string path = [] {
    std::string p = (dir / "index").string();
    Run r = run({kIndexBin, "-q", "--index", p, parley::test::sample_corpus().string()});
    REQUIRE(r.exit_code == 0);
    return p;
  }();
  return path;
}

Run search(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kSearchBin, "--index", sample_index(), "--facets", "none"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool has_control_characters(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
  }
  return false;
}

// One line on stderr, naming the problem.
void check_error(const Run& r, const std::string& message) {
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "parley-search: error: "));
  CHECK(contains(r.err, message));
  CHECK(r.err.find('\n') == r.err.size() - 1);
}

}  // namespace

TEST_CASE("query: clean_query_text removes control characters and repairs UTF-8", "[query]") {
  struct Row {
    std::string typed, clean;
  };
  const Row rows[] = {
      {"ceasefire talks", "ceasefire talks"},
      {"\x1b[31mred\x1b[0m", " [31mred [0m"},
      {"tab\there\nnewline", "tab here newline"},
      {"bell\x07 del\x7f", "bell  del "},
      {"c1 \xc2\x9b"
       "31m",
       "c1  31m"},
      {"caf\xe9", "caf\xef\xbf\xbd"},
      {"Zaporizhzhia \xe2\x80\x94 Kyiv", "Zaporizhzhia \xe2\x80\x94 Kyiv"},
  };
  for (const Row& row : rows) {
    INFO(row.typed);
    CHECK(parley::clean_query_text(row.typed) == row.clean);
  }
}

TEST_CASE("query: unmatched quotes and parentheses are errors that echo the query", "[query]") {
  check_error(search({"\"ceasefire talks"}), "a '\"' opens a phrase that is never closed");
  check_error(search({"(ceasefire OR truce"}), "a '(' opens a group that is never closed");
  check_error(search({"ceasefire)"}), "a ')' closes a parenthesis that was never opened");
  check_error(search({"NOT"}), "cannot parse query 'NOT'");
  check_error(search({"talks AND"}), "cannot parse query 'talks AND'");
}

TEST_CASE("query: an unknown field is an error listing the known ones", "[query]") {
  check_error(search({"author:smith"}), "unknown field 'author:' in query 'author:smith'");
  check_error(search({"region:atlantis"}), "atlantis");
}

TEST_CASE("query: only stop words or punctuation", "[query]") {
  // Xapian keeps stop words when nothing else is left: a sensible result.
  Run stop = search({"--json", "the", "of", "and"});
  INFO(stop.err);
  CHECK((stop.exit_code == 0 || stop.exit_code == 1));
  CHECK(nlohmann::json::parse(stop.out)["total"].is_number());
  for (const char* q : {"*", "-", "+", "()", "\"\""})
    check_error(search({q}), "has no words to search for");
}

TEST_CASE("query: a 100 KB query is refused in one short line", "[query]") {
  std::string big;
  while (big.size() < 100000)
    big += "ceasefire talks ";
  Run r = search({big});
  check_error(r, "the query is " + std::to_string(big.size()) + " bytes, over the limit of 10000");
  CHECK(r.err.size() < 300);
  // Under the limit, a long query runs.
  Run long_ok = search({"--match", "any", big.substr(0, 9000)});
  INFO(long_ok.err);
  CHECK(long_ok.exit_code == 0);
}

TEST_CASE("query: control characters never reach the terminal or the JSON", "[query]") {
  Run text = search({"--match", "any", "\x1b[31m", "istanbul\x07"});
  INFO(text.err);
  CHECK(text.exit_code == 0);
  CHECK(!has_control_characters(text.out));
  Run json = search({"--json", "\x1b]0;title\x07istanbul", "caf\xe9"});
  INFO(json.err);
  CHECK((json.exit_code == 0 || json.exit_code == 1));
  nlohmann::json parsed = nlohmann::json::parse(json.out);
  CHECK(!has_control_characters(parsed["query"].get<std::string>()));
  Run error = search({"\x1b[2J(unclosed"});
  check_error(error, "never closed");
  CHECK(!has_control_characters(error.err.substr(0, error.err.size() - 1)));
  Run filter = search({"--region", "\x1b[2Jatlantis"});
  CHECK(filter.exit_code == 2);
  CHECK(!has_control_characters(filter.err.substr(0, filter.err.size() - 1)));
}

TEST_CASE("query: wildcards expand boundedly, and too many are refused", "[query]") {
  Run one = search({"--json", "a*"});
  INFO(one.err);
  CHECK(one.exit_code == 0);
  CHECK(nlohmann::json::parse(one.out)["total"] == 5);
  std::string many;
  for (char c = 'a'; c <= 'z'; ++c)
    many += std::string(1, c) + "* ";
  check_error(search({"--match", "any", many}), "the query has 26 wildcards, over the limit of 10");
  // A star inside a phrase is not a wildcard.
  Run phrase = search({"\"* * * * * * * * * * * talks\""});
  CHECK(phrase.exit_code <= 2);
}

TEST_CASE("query: filter values past the limit and odd paging options", "[query]") {
  check_error(search({"--region", std::string(100000, 'x')}),
              "the --region value is 100000 bytes, over the limit of 200");
  Run far = search({"--json", "--offset", "4294967295", "talks"});
  INFO(far.err);
  CHECK(far.exit_code == 0);  // matches exist, the page is empty
  CHECK(nlohmann::json::parse(far.out)["hits"].empty());
  Run huge_limit = search({"--json", "--limit", "4000000000", "talks"});
  INFO(huge_limit.err);
  CHECK(huge_limit.exit_code == 0);
  CHECK(nlohmann::json::parse(huge_limit.out)["hits"].size() == 5);
}

TEST_CASE("query: a date with a stray character is a clear error, not a stoi failure",
          "[query][regression]") {
  // Found by fuzz/fuzz_query: "20@50-05" reached std::stoi("x@50") and escaped as
  // std::invalid_argument through Xapian's parser.
  for (const char* typed : {"20@50-05", "2025-0x", "ab12-34", "x@5005", "2025-05-1a"}) {
    INFO(typed);
    CHECK_THROWS_AS(parley::parse_date_range(typed), parley::QueryError);
  }
  check_error(search({"date:20@50-05"}), "bad date '20@50-05'");
  check_error(search({"--to", "20@50-05", "talks"}), "bad date '20@50-05'");
}
