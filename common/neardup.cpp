#include "common/neardup.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/fold.h"

namespace parley {

namespace {

constexpr std::size_t kShingleWords = 3;
constexpr std::size_t kMinWords = 25;

std::vector<std::string_view> words_of(std::string_view folded) {
  auto is_word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
  };
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !is_word(folded[i]))
      ++i;
    std::size_t start = i;
    while (i < folded.size() && is_word(folded[i]))
      ++i;
    if (i > start) words.push_back(folded.substr(start, i - start));
  }
  return words;
}

// The i-th hash function: a multiply-xorshift permutation of the shingle's 64-bit hash.
std::uint32_t permute(std::uint64_t h, std::size_t i) {
  std::uint64_t x = h ^ (0x9E3779B97F4A7C15ull * (i + 1));
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 29;
  return static_cast<std::uint32_t>(x >> 32);
}

}  // namespace

std::optional<Fingerprint> fingerprint(std::string_view text) {
  std::string folded = fold(text);
  std::vector<std::string_view> words = words_of(folded);
  if (words.size() < kMinWords) return std::nullopt;
  // The distinct shingles' hashes: sorted and made unique (a hash set costs more).
  std::vector<std::uint64_t> hashes;
  hashes.reserve(words.size());
  std::string shingle;
  for (std::size_t i = 0; i + kShingleWords <= words.size(); ++i) {
    shingle.clear();
    for (std::size_t w = 0; w < kShingleWords; ++w) {
      shingle.append(words[i + w]);
      shingle.push_back(' ');
    }
    hashes.push_back(XXH3_64bits(shingle.data(), shingle.size()));
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  Fingerprint f;
  f.minhash.fill(UINT32_MAX);
  f.shingles = static_cast<std::uint32_t>(hashes.size());
  for (std::uint64_t h : hashes) {
    for (std::size_t i = 0; i < kMinHashes; ++i) {
      f.minhash[i] = std::min(f.minhash[i], permute(h, i));
    }
  }
  return f;
}

std::string Fingerprint::serialise() const {
  std::string out(sizeof minhash + sizeof shingles, '\0');
  std::memcpy(out.data(), minhash.data(), sizeof minhash);
  std::memcpy(out.data() + sizeof minhash, &shingles, sizeof shingles);
  return out;
}

std::optional<Fingerprint> Fingerprint::parse(std::string_view bytes) {
  Fingerprint f;
  if (bytes.size() != sizeof f.minhash + sizeof f.shingles) return std::nullopt;
  std::memcpy(f.minhash.data(), bytes.data(), sizeof f.minhash);
  std::memcpy(&f.shingles, bytes.data() + sizeof f.minhash, sizeof f.shingles);
  return f;
}

std::vector<std::string> band_keys(const Fingerprint& f) {
  std::vector<std::string> keys;
  for (std::size_t band = 0; band * kBandRows < kMinHashes; ++band) {
    std::uint32_t rows[kBandRows];
    for (std::size_t r = 0; r < kBandRows; ++r)
      rows[r] = f.minhash[band * kBandRows + r];
    auto h = static_cast<std::uint32_t>(XXH3_64bits(rows, sizeof rows));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02zu%08x", band, h);
    keys.emplace_back(buf);
  }
  return keys;
}

double containment(const Fingerprint& a, const Fingerprint& b) {
  std::size_t same = 0;
  for (std::size_t i = 0; i < kMinHashes; ++i)
    same += a.minhash[i] == b.minhash[i];
  double jaccard = static_cast<double>(same) / kMinHashes;
  double smaller = std::min(a.shingles, b.shingles);
  if (smaller == 0) return 0;
  // |A ∩ B| = J (|A| + |B|) / (1 + J)
  double shared = jaccard * (static_cast<double>(a.shingles) + b.shingles) / (1 + jaccard);
  return std::min(1.0, shared / smaller);
}

bool near_duplicates(const Fingerprint& a, const Fingerprint& b) {
  double ratio = static_cast<double>(std::min(a.shingles, b.shingles)) /
                 std::max<double>(1, std::max(a.shingles, b.shingles));
  return ratio >= kNearDuplicateMinRatio && containment(a, b) >= kNearDuplicateContainment;
}

}  // namespace parley
