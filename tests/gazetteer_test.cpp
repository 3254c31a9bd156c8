#include <catch2/catch.hpp>

#include <stdexcept>

#include "common/gazetteer.h"

using namespace parley;
using schema::Facet;

namespace {

// A small gazetteer, so that the matcher's rules are tested apart from the real data.
constexpr std::string_view kTsv =
    "# id\tfacet\tdisplay\taliases\tadjectives\tparent\taffiliation\n"
    "donbas\tregion\tDonbas\tDonbas|Donbass\t\t\t\n"
    "donetsk\tregion\tDonetsk\tDonetsk|Donetsk region|Donetsk People's Republic\t\tdonbas\t\n"
    "kharkiv\tregion\tKharkiv\tKharkiv|Kharkov|Kharkiv region\t\t\t\n"
    "kharkiv-city\tplace\tKharkiv\tKharkiv|Kharkov|Kharkiv city\t\tkharkiv\t\n"
    "ivano-frankivsk\tregion\tIvano-Frankivsk\tIvano-Frankivsk\t\t\t\n"
    "moscow\tplace\tMoscow\tMoscow\t\t\trussia\n"
    "russia\tparty\tRussia\tRussia|the Kremlin|Kremlin\tRussian|Russians\t\t\n"
    "turkey\tparty\tTurkey\tTurkey\tTurkish\t\t\n"
    "united-states\tparty\tUnited States\tUS|U.S.|United States\tAmerican\t\t\n"
    "united-nations\tparty\tUnited Nations\tUN|U.N.|United Nations|the United Nations\t\t\t\n"
    "unicef\tparty\tUNICEF\tUNICEF|United Nations Children's Fund\t\t\tunited-nations\n"
    "nato\tparty\tNATO\tNATO\t\t\t\n"
    "recep-tayyip-erdogan\tperson\tRecep Tayyip Erdogan\tRecep Tayyip Erdo\xC4\x9F"
    "an|Erdogan\t\t\tturkey\n"
    "volodymyr-zelensky\tperson\tVolodymyr Zelensky\tVolodymyr Zelensky|Zelenskyy|Zelensky"
    "\t\t\t\n"
    "kyiv-post\tsource\tKyiv Post\tKyiv Post\t\t\t\n"
    "reuters\tsource\tReuters\tReuters\t\t\t\n"
    "reuters\tagency\tReuters\tReuters\t\t\t\n";

constexpr std::string_view kNotEntities = "# comment\nLatin America\nU.N. Charter\n";

const Gazetteer& small() {
  static const Gazetteer g(kTsv, kNotEntities);
  return g;
}

std::string_view facet_name(Facet f) {
  return schema::facet_info(f).name;
}

// Each mention as "Surface=facet:id,facet:id" (adjective matches marked with ~).
std::vector<std::string> describe(const Gazetteer& g, std::string_view text) {
  std::vector<std::string> out;
  for (const Mention& m : g.match(text)) {
    std::string s(text.substr(m.begin, m.end - m.begin));
    s += "=";
    for (std::size_t i = 0; i < m.candidates.size(); ++i) {
      const Candidate& c = m.candidates[i];
      if (i) s += ",";
      s += std::string(facet_name(c.entity->facet)) + ":" + c.entity->id;
      if (c.kind == MatchKind::kAdjective) s += "~";
    }
    out.push_back(s);
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("gazetteer: malformed lines are rejected with their line number", "[gazetteer]") {
  struct Row {
    const char* tsv;
    const char* message;
  };
  const Row rows[] = {
      {"a\tregion\tA\t\t\t\n", "gazetteer.tsv line 1: expected 7 tab-separated columns, found 6"},
      {"# c\n\na\tcity\tA\t\t\t\t\n", "gazetteer.tsv line 3: unknown facet \"city\""},
      {"Bad Id\tregion\tA\t\t\t\t\n",
       "gazetteer.tsv line 1: bad id \"Bad Id\" (want a kebab-case slug)"},
      {"a\tregion\t\t\t\t\t\n", "gazetteer.tsv line 1: empty display name for a"},
      {"a\tregion\tA\t\t\t\t\na\tregion\tB\t\t\t\t\n",
       "gazetteer.tsv line 2: duplicate id \"a\" in facet region"},
      {"a\tplace\tA\t\t\tnowhere\t\n",
       "gazetteer.tsv line 1: unknown parent region \"nowhere\" for a"},
      {"a\tperson\tA\t\t\t\tnobody\n",
       "gazetteer.tsv line 1: unknown affiliation party \"nobody\" for a"},
      {"a\tperson\tA\t\t\tr\t\nr\tregion\tR\t\t\t\t\n",
       "gazetteer.tsv line 1: a parent is for regions and places only (a)"},
      {"a\tregion\tA\t\tAish\t\t\n", "gazetteer.tsv line 1: adjectives are for parties only (a)"},
      {"a\tregion\tA\t\t\tb\t\nb\tregion\tB\t\t\ta\t\n",
       "gazetteer.tsv line 1: parent cycle through a"},
      {"a\tperson\tA\t\t\t\tp since 2020-01-01; q\n",
       "gazetteer.tsv line 1: an earlier affiliation is \"PARTY until YYYY-MM-DD;\", in order of "
       "date (p since 2020-01-01)"},
      {"a\tperson\tA\t\t\t\tp until 2021-01-01; q until 2020-01-01; p\n",
       "gazetteer.tsv line 1: an earlier affiliation is \"PARTY until YYYY-MM-DD;\", in order of "
       "date (q until 2020-01-01)"},
      {"a\tperson\tA\t\t\t\tnobody until 2020-01-01; p\np\tparty\tP\t\t\t\t\n",
       "gazetteer.tsv line 1: unknown affiliation party \"nobody\" for a"},
      {"a\tregion\tA\t\t\t\tp\np\tparty\tP\t\t\t\t\n",
       "gazetteer.tsv line 1: an affiliation is not for regions (a)"},
      // An agency belongs to an organisation that belongs to none.
      {"a\tparty\tA\t\t\t\tb\nb\tparty\tB\t\t\t\tc\nc\tparty\tC\t\t\t\t\n",
       "gazetteer.tsv line 1: an agency's organisation \"b\" must belong to no other, for a"},
      {"a\tparty\tA\t\t\t\ta\n",
       "gazetteer.tsv line 1: an agency's organisation \"a\" must belong to no other, for a"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.tsv);
    CHECK_THROWS_WITH(Gazetteer(r.tsv), r.message);
  }
  // The same id in two facets is fine (reuters is an outlet and an agency).
  CHECK(small().find(Facet::kAgency, "reuters") != small().find(Facet::kSource, "reuters"));
}

TEST_CASE("gazetteer: a person's affiliation on a date", "[gazetteer]") {
  Gazetteer g(
      "p\tparty\tP\t\t\t\t\nq\tparty\tQ\t\t\t\t\n"
      "a\tperson\tA\t\t\t\tp until 2020-01-01; until 2022-06-01; q\n");
  const Entity* a = g.find(Facet::kPerson, "a");
  REQUIRE(a);
  CHECK(a->affiliation_on("2019-12-31") == "p");
  CHECK(a->affiliation_on("2020-01-01").empty());  // out of office
  CHECK(a->affiliation_on("2022-06-01") == "q");
  CHECK(a->affiliation_on("") == "q");  // no date: the current one
  // The built-in gazetteer: Mark Rutte was the Dutch prime minister before leading NATO.
  const Entity* rutte = Gazetteer::builtin().find(Facet::kPerson, "mark-rutte");
  REQUIRE(rutte);
  CHECK(rutte->affiliation_on("2022-03-01") == "netherlands");
  CHECK(rutte->affiliation_on("2025-03-01") == "nato");
}

TEST_CASE("gazetteer: the built-in data parses and knows the facets' examples", "[gazetteer]") {
  const Gazetteer& g = Gazetteer::builtin();
  for (const char* id : {"crimea", "sevastopol", "donetsk", "luhansk", "zaporizhzhia", "kherson",
                         "kharkiv", "kyiv", "donbas", "belgorod", "kursk"}) {
    CAPTURE(id);
    CHECK(g.find(Facet::kRegion, id));
  }
  for (const char* id : {"istanbul", "geneva", "riyadh", "jeddah", "moscow", "kyiv-city",
                         "washington", "mariupol", "zaporizhzhia-nuclear-plant", "kerch-bridge"}) {
    CAPTURE(id);
    CHECK(g.find(Facet::kPlace, id));
  }
  const Entity* kyiv = g.find(Facet::kPlace, "kyiv-city");
  REQUIRE(kyiv);
  CHECK(kyiv->parent == "kyiv");
  CHECK(kyiv->affiliation == "ukraine");
  CHECK(g.find(Facet::kRegion, "donetsk")->parent == "donbas");
  CHECK(g.find(Facet::kPerson, "vladimir-putin")->affiliation == "russia");
  CHECK(g.find(Facet::kRegion, "atlantis") == nullptr);
}

TEST_CASE("gazetteer: what users type resolves to one id", "[gazetteer]") {
  const Gazetteer& g = Gazetteer::builtin();
  struct Row {
    Facet facet;
    const char* text;
    const char* id;  // nullptr: no match
  };
  const Row rows[] = {
      {Facet::kRegion, "Zaporozhye", "zaporizhzhia"},
      {Facet::kRegion, "zaporizhia", "zaporizhzhia"},
      {Facet::kRegion, "Kharkov", "kharkiv"},
      {Facet::kRegion, "Kyiv", "kyiv"},  // the region's id
      {Facet::kRegion, "Donbass", "donbas"},
      {Facet::kPlace, "Kharkiv", "kharkiv-city"},
      {Facet::kPlace, "kyiv-city", "kyiv-city"},
      {Facet::kPlace, "Kiev City", "kyiv-city"},
      {Facet::kPerson, "zelenskiy", "volodymyr-zelensky"},
      {Facet::kPerson,
       "Erdo\xC4\x9F"
       "an",
       "recep-tayyip-erdogan"},
      {Facet::kParty, "Kremlin", "russia"},
      {Facet::kParty, "the Kremlin", "russia"},
      {Facet::kParty, "U.S.", "united-states"},
      {Facet::kParty, "Russian", "russia"},  // an adjective, at lower priority
      {Facet::kParty, "Moscow", "russia"},   // a capital names its government
      {Facet::kAgency, "AP", "associated-press"},
      {Facet::kAgency, "The Associated Press", "associated-press"},
      {Facet::kSource, "NYT", "new-york-times"},
      {Facet::kSource, "aljazeera.com", "al-jazeera"},
      {Facet::kRegion, "Atlantis", nullptr},
      {Facet::kRegion, "Moscow", nullptr},
      {Facet::kRegion, "", nullptr},
  };
  for (const Row& r : rows) {
    CAPTURE(facet_name(r.facet), r.text);
    const Entity* e = g.resolve(r.facet, r.text);
    if (r.id) {
      REQUIRE(e);
      CHECK(e->id == r.id);
    } else {
      CHECK(e == nullptr);
    }
  }
}

TEST_CASE("gazetteer: the closest ids for a typo", "[gazetteer]") {
  const Gazetteer& g = Gazetteer::builtin();
  CHECK(g.closest(Facet::kRegion, "Zaporizhya", 1) == Strings{"zaporizhzhia"});
  CHECK(g.closest(Facet::kPerson, "zelenksy", 1) == Strings{"volodymyr-zelensky"});
  CHECK(g.closest(Facet::kRegion, "Luhanks", 3).front() == "luhansk");
  CHECK(g.closest(Facet::kRegion, "x", 4).size() == 4);
  CHECK(small().closest(Facet::kParty, "nato", 100).size() == 6);  // every party
}

TEST_CASE("gazetteer: mentions are the longest aliases, in one pass", "[gazetteer]") {
  struct Row {
    const char* text;
    Strings mentions;
  };
  const Row rows[] = {
      {"Russia's demands", {"Russia=party:russia"}},
      {"Russia\xE2\x80\x99s demands", {"Russia=party:russia"}},
      {"Zelenskyy's office", {"Zelenskyy=person:volodymyr-zelensky"}},
      {"U.S. officials and US envoys", {"U.S.=party:united-states", "US=party:united-states"}},
      {"Let us hope", {}},  // "us" the pronoun
      {"the UN said", {"UN=party:united-nations"}},
      {"a un-named official", {}},
      {"Nato allies", {"Nato=party:nato"}},  // longer acronyms in any case
      {"Kharkiv", {"Kharkiv=region:kharkiv,place:kharkiv-city"}},
      {"the Kharkiv region", {"Kharkiv region=region:kharkiv"}},
      {"Kharkiv city", {"Kharkiv city=place:kharkiv-city"}},
      {"Russian forces", {"Russian=party:russia~"}},
      {"polish the shoes", {}},
      {"a turkey dinner", {}},
      {"Turkey said", {"Turkey=party:turkey"}},
      {"Ivano-Frankivsk and Ivano Frankivsk",
       {"Ivano-Frankivsk=region:ivano-frankivsk", "Ivano Frankivsk=region:ivano-frankivsk"}},
      {"the Donetsk People's Republic", {"Donetsk People's Republic=region:donetsk"}},
      {"Donetsk's mayor", {"Donetsk=region:donetsk"}},
      {"Recep Tayyip Erdo\xC4\x9F"
       "an",
       {"Recep Tayyip Erdo\xC4\x9F"
        "an=person:recep-tayyip-erdogan"}},
      {"Erdogan", {"Erdogan=person:recep-tayyip-erdogan"}},
      {"the Kremlin", {"the Kremlin=party:russia"}},
      {"said the United Nations", {"the United Nations=party:united-nations"}},
      // An alias starting with "the" gives way to a longer one after it, which takes the "the".
      {"said the United Nations Children's Fund",
       {"the United Nations Children's Fund=party:unicef"}},
      {"a Moscow-based analyst", {"Moscow=place:moscow"}},
      {"The Kyiv Post reported", {"Kyiv Post=source:kyiv-post"}},
      {"told Reuters", {"Reuters=source:reuters,agency:reuters"}},
      {"Latin America and the U.N. Charter", {}},  // not entities
      {"Russia. Federation", {"Russia=party:russia"}},
      {"Kharkiv, region", {"Kharkiv=region:kharkiv,place:kharkiv-city"}},  // no phrase across ','
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    CHECK(describe(small(), r.text) == r.mentions);
  }
}

TEST_CASE("gazetteer: a mention's spans point into the text", "[gazetteer]") {
  std::string text = "Later, Russia\xE2\x80\x99s envoy met U.S. officials in Kharkiv city.";
  std::vector<Token> tokens = tokenize(text);
  std::vector<Mention> mentions = small().match(tokens);
  REQUIRE(mentions.size() == 3);
  CHECK(text.substr(mentions[0].begin, mentions[0].end - mentions[0].begin) == "Russia");
  CHECK(mentions[0].first == 1);
  CHECK(mentions[0].last == 2);
  CHECK(tokens[mentions[0].first].possessive);
  CHECK(text.substr(mentions[1].begin, mentions[1].end - mentions[1].begin) == "U.S.");
  CHECK(text.substr(mentions[2].begin, mentions[2].end - mentions[2].begin) == "Kharkiv city");
  CHECK(mentions[2].last - mentions[2].first == 2);
}

TEST_CASE("gazetteer: normalised keys and edit distance", "[gazetteer]") {
  CHECK(normalise_key("  Kyiv-City ") == "kyiv city");
  CHECK(normalise_key("U.S.") == "us");
  CHECK(normalise_key("People's Republic") == "peoples republic");
  CHECK(normalise_key("Zaporizhzhia\xE2\x80\x99s") == "zaporizhzhias");
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("same", "same") == 0);
}
