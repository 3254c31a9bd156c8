#include <catch2/catch.hpp>

#include "common/neardup.h"

using namespace parley;

namespace {

// A deterministic story of `n` sentences, sentence i naming its own place and numbers.
std::string story(int first, int n) {
  std::string s;
  for (int i = first; i < first + n; ++i) {
    s += "Officials in district " + std::to_string(i) + " said " + std::to_string(i * 7) +
         " shells hit the grain depot near bridge " + std::to_string(i * 13) +
         " before dawn on day " + std::to_string(i % 30) + ". ";
  }
  return s;
}

}  // namespace

TEST_CASE("short texts get no fingerprint", "[neardup]") {
  CHECK_FALSE(fingerprint("Talks resumed in Istanbul on Monday."));
  CHECK(fingerprint(story(0, 5)));
}

TEST_CASE("fingerprints round-trip through their value-slot form", "[neardup]") {
  Fingerprint f = *fingerprint(story(0, 10));
  std::optional<Fingerprint> back = Fingerprint::parse(f.serialise());
  REQUIRE(back);
  CHECK(back->minhash == f.minhash);
  CHECK(back->shingles == f.shingles);
  CHECK_FALSE(Fingerprint::parse("short"));
}

TEST_CASE("copies, cut copies and edited copies are near-duplicates and others are not",
          "[neardup]") {
  Fingerprint original = *fingerprint(story(0, 40));
  struct Row {
    const char* what;
    std::string text;
    bool duplicate;
  };
  const Row rows[] = {
      {"the same text", story(0, 40), true},
      {"a copy with different case and quotes", "OFFICIALS " + story(0, 40), true},
      {"the first 70% (a cut wire copy)", story(0, 28), true},
      {"the text with a tenth replaced", story(0, 36) + story(500, 4), true},
      {"a third of the text inside a longer story", story(0, 13) + story(1000, 27), false},
      {"a short story quoted inside a long one", story(0, 15), false},
      {"another story", story(2000, 40), false},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    Fingerprint other = *fingerprint(r.text);
    CHECK(near_duplicates(original, other) == r.duplicate);
    CHECK(near_duplicates(other, original) == r.duplicate);
  }
}

TEST_CASE("near-duplicates share an LSH band, unrelated texts do not", "[neardup]") {
  auto shared = [](const Fingerprint& a, const Fingerprint& b) {
    std::vector<std::string> ka = band_keys(a), kb = band_keys(b);
    REQUIRE(ka.size() == kMinHashes / kBandRows);
    for (std::size_t i = 0; i < ka.size(); ++i) {
      if (ka[i] == kb[i]) return true;
    }
    return false;
  };
  Fingerprint a = *fingerprint(story(0, 40));
  CHECK(shared(a, *fingerprint(story(0, 36) + story(500, 4))));
  CHECK_FALSE(shared(a, *fingerprint(story(2000, 40))));
}
