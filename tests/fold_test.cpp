#include <catch2/catch.hpp>

#include "common/fold.h"

using namespace parley;

TEST_CASE("fold lower-cases, strips diacritics and straightens quotes", "[fold]") {
  struct Row {
    const char* in;
    const char* want;
  };
  const Row rows[] = {
      {"Erdoğan’s", "erdogan's"},
      {"ZAPORIZHZHIA", "zaporizhzhia"},
      {"“glorification of Nazism”", "\"glorification of nazism\""},
      {"Moscow -NC — Russia", "moscow -nc - russia"},
      {"Zelenskyy's", "zelenskyy's"},
      {"ﬁnal", "final"},  // compatibility ligature
  };
  for (const Row& r : rows) {
    CAPTURE(r.in);
    CHECK(fold(r.in) == r.want);
  }
}

TEST_CASE("repair_utf8 replaces invalid bytes and normalises line ends", "[fold]") {
  std::size_t bad = 0;
  CHECK(repair_utf8("ok\xFFthen", &bad) == "ok\xEF\xBF\xBDthen");
  CHECK(bad == 1);
  CHECK(repair_utf8("a\r\nb\rc") == "a\nb\nc");
  CHECK(repair_utf8("\xEF\xBB\xBFtitle") == "title");
  CHECK(repair_utf8(std::string("a\x01"
                                "b\x07"
                                "c",
                                5)) == "abc");
  std::string truncated = "caf\xC3";  // a sequence cut off at the end
  CHECK(repair_utf8(truncated, &bad) == "caf\xEF\xBF\xBD");
}

TEST_CASE("looks_binary spots NUL bytes and control-heavy data", "[fold]") {
  CHECK(looks_binary(std::string("PNG\0\0\x1a", 6)));
  CHECK_FALSE(looks_binary("Plain text.\nWith lines.\tAnd tabs."));
  CHECK(looks_binary(std::string(100, '\x03')));
}

TEST_CASE("trim, split_lines and collapse_spaces", "[fold]") {
  CHECK(trim("  a b \t\n") == "a b");
  CHECK(trim("\xC2\xA0x\xC2\xA0") == "x");
  CHECK(split_lines("a\n\nb").size() == 3);
  CHECK(collapse_spaces("  a   b \n c\t\td ") == "a b\nc d");
}

TEST_CASE("strip_marks removes diacritics only, code point for code point", "[fold]") {
  struct Row {
    const char* in;
    const char* want;
  };
  const Row rows[] = {
      {"Erdoğan’s", "Erdogan’s"},
      {"Zelenskyy", "Zelenskyy"},
      {"Türkiye, São Paulo, Kraków", "Turkiye, Sao Paulo, Krakow"},
      {"Ёлка", "Елка"},
      {"ﬁnal ß", "ﬁnal ß"},  // no marks: left alone
  };
  for (const Row& r : rows) {
    CAPTURE(r.in);
    CHECK(strip_marks(r.in) == r.want);
  }
}

TEST_CASE("search_form blanks possessives and keeps code points aligned", "[fold]") {
  CHECK(search_form("Erdoğan’s plan") == "Erdogan   plan");
  CHECK(search_form("Putin's war, the Kremlin's") == "Putin   war, the Kremlin  ");
  CHECK(search_form("it's 'scare quotes' and 90's") == "it   'scare quotes' and 90's");
  CHECK(search_form("Russia’s").size() == std::string("Russia  ").size());
  CHECK(search_form("the soldiers' return") == "the soldiers' return");
}
