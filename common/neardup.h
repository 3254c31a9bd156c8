// Near-duplicate fingerprints: MinHash signatures over word shingles, with LSH bands to find
// candidates and a containment estimate to confirm them, so the same story syndicated by
// several outlets (often cut or extended) or crawled twice lands in one group. Pure functions.
//
// Why MinHash and not SimHash: syndicated copies of one wire story differ in length (photo
// captions, cuts), and SimHash drifts 12-30 bits apart on such pairs even at 80% shared
// shingles; MinHash estimates the Jaccard index, from which the share of the shorter text
// found in the longer one follows.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

inline constexpr std::size_t kMinHashes = 63;  // signature length: 21 bands of 3 rows
inline constexpr std::size_t kBandRows = 3;
inline constexpr double kNearDuplicateContainment = 0.7;  // of the shorter text's shingles
inline constexpr double kNearDuplicateMinRatio = 0.5;     // shorter text's size to the longer's

struct Fingerprint {
  std::array<std::uint32_t, kMinHashes> minhash{};
  std::uint32_t shingles = 0;  // distinct shingles in the text

  // A compact binary form for a value slot, and back (nullopt for anything else).
  std::string serialise() const;
  static std::optional<Fingerprint> parse(std::string_view bytes);
};

// The fingerprint of `text` over folded three-word shingles; nullopt for texts too short to
// fingerprint reliably (under 25 words).
std::optional<Fingerprint> fingerprint(std::string_view text);

// The LSH band keys of a fingerprint ("07" + 8 hex digits for band 7): texts whose Jaccard
// index is 0.5 share at least one band with probability 0.98, unrelated texts almost never.
std::vector<std::string> band_keys(const Fingerprint& f);

// The estimated share of the shorter text's shingles that the longer one contains.
double containment(const Fingerprint& a, const Fingerprint& b);

// True when `a` and `b` are near-duplicates: the longer contains at least
// kNearDuplicateContainment of the shorter, and the shorter is at least kNearDuplicateMinRatio
// of the longer (a short story quoted inside a live blog is not its duplicate).
bool near_duplicates(const Fingerprint& a, const Fingerprint& b);

}  // namespace parley
