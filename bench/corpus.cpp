// bench-corpus: writes the benchmark's corpora as one .txt file per article (front matter with
// title, date, source and url, then the body), so every engine reads the same files.
//
//   bench-corpus jsonl FILE.jsonl OUT_DIR            records of a JSON Lines export
//   bench-corpus synth --articles N [--seed S] OUT_DIR   synthetic news
//
// Synthetic news is deterministic: article i depends only on the seed and i. Words follow a
// Zipf law over a vocabulary of real English words (the most frequent ranks) and made-up words
// (the long tail, so the vocabulary keeps growing with the corpus as real news does); about one
// sentence in five is a facet sentence naming regions, places, people and parties from Parley's
// gazetteer, some of them demands put forward in talks, with the entities themselves drawn by a
// Zipf law (Putin and Zelensky often, a village rarely).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/gazetteer.h"

namespace fs = std::filesystem;
using parley::schema::Facet;

namespace {

// Bumped whenever the output changes, so that bench/run writes its kept corpora again.
constexpr int kVersion = 2;

// SplitMix64: a small, fast generator whose output is the same on every platform (unlike the
// standard distributions), so a seed names one corpus everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(unit() * n); }
  bool chance(double p) { return unit() < p; }

 private:
  std::uint64_t state_;
};

// Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s.
class Zipf {
 public:
  Zipf(std::size_t n, double s) : cdf_(n) {
    double sum = 0;
    for (std::size_t r = 0; r < n; ++r)
      cdf_[r] = (sum += 1.0 / std::pow(static_cast<double>(r + 1), s));
    for (double& c : cdf_)
      c /= sum;
  }
  std::size_t operator()(Random& random) const {
    auto it = std::lower_bound(cdf_.begin(), cdf_.end(), random.unit());
    return std::min<std::size_t>(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

// The head of the vocabulary, most frequent first: function words, then news words.
constexpr std::string_view kCommonWords[] = {
    "the",
    "of",
    "to",
    "and",
    "a",
    "in",
    "that",
    "is",
    "for",
    "on",
    "was",
    "with",
    "said",
    "he",
    "it",
    "as",
    "by",
    "at",
    "from",
    "his",
    "have",
    "has",
    "are",
    "be",
    "an",
    "not",
    "were",
    "this",
    "but",
    "they",
    "had",
    "which",
    "who",
    "been",
    "would",
    "their",
    "its",
    "will",
    "after",
    "more",
    "also",
    "war",
    "or",
    "we",
    "one",
    "about",
    "military",
    "than",
    "could",
    "there",
    "two",
    "forces",
    "people",
    "over",
    "president",
    "into",
    "government",
    "other",
    "all",
    "new",
    "since",
    "against",
    "officials",
    "city",
    "country",
    "when",
    "last",
    "told",
    "what",
    "some",
    "attack",
    "troops",
    "minister",
    "year",
    "her",
    "no",
    "up",
    "so",
    "can",
    "while",
    "week",
    "invasion",
    "security",
    "should",
    "if",
    "out",
    "only",
    "first",
    "them",
    "she",
    "may",
    "i",
    "did",
    "our",
    "three",
    "region",
    "talks",
    "before",
    "officials",
    "foreign",
    "news",
    "statement",
    "defense",
    "according",
    "state",
    "killed",
    "where",
    "world",
    "help",
    "under",
    "any",
    "days",
    "missile",
    "weapons",
    "support",
    "those",
    "during",
    "many",
    "peace",
    "front",
    "because",
    "between",
    "tuesday",
    "monday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "border",
    "civilians",
    "energy",
    "sanctions",
    "international",
    "aid",
    "now",
    "still",
    "time",
    "like",
    "even",
    "us",
    "how",
    "most",
    "several",
    "including",
    "capital",
    "strikes",
    "reported",
    "soldiers",
    "local",
    "power",
    "countries",
    "called",
    "held",
    "added",
    "told",
    "could",
    "agreement",
    "control",
    "military",
    "would",
    "around",
    "near",
    "east",
    "south",
    "west",
    "north",
    "eastern",
    "southern",
    "western",
    "ministry",
    "spokesman",
    "national",
    "leader",
    "leaders",
    "week",
    "month",
    "months",
    "day",
    "later",
    "earlier",
    "already",
    "made",
    "make",
    "take",
    "took",
    "says",
    "say",
    "went",
    "going",
    "continue",
    "continued",
    "children",
    "women",
    "families",
    "homes",
    "buildings",
    "damage",
    "fighting",
    "shelling",
    "artillery",
    "drone",
    "drones",
    "air",
    "defence",
    "nuclear",
    "plant",
    "grain",
    "exports",
    "gas",
    "oil",
    "prices",
    "economy",
    "billion",
    "million",
    "percent",
    "operation",
    "offensive",
    "counteroffensive",
    "positions",
    "line",
    "area",
    "areas",
    "villages",
    "town",
    "towns",
    "residents",
    "refugees",
    "evacuation",
    "humanitarian",
    "corridor",
    "prisoners",
    "exchange",
    "negotiators",
    "delegation",
    "summit",
    "meeting",
    "proposal",
    "deal",
    "plan",
    "conditions",
    "terms",
    "guarantees",
    "occupied",
    "territory",
    "territories",
    "annexation",
    "referendum",
    "election",
    "parliament",
    "council",
    "united",
    "nations",
    "european",
    "union",
    "alliance",
    "intelligence",
    "report",
    "analysts",
    "experts",
    "source",
    "sources",
    "interview",
    "conference",
    "press",
    "official",
    "senior",
    "administration",
    "white",
    "house",
    "tanks",
    "ammunition",
    "shells",
    "rockets",
    "systems",
    "long",
    "range",
    "supply",
    "supplies",
    "package",
    "funding",
    "vote",
    "bill",
    "congress",
    "senate",
    "european",
    "commission",
    "winter",
    "spring",
    "summer",
    "autumn",
    "cold",
    "heating",
    "electricity",
    "blackouts",
    "infrastructure",
    "railway",
    "bridge",
    "port",
    "ships",
    "navy",
    "sea",
    "black",
    "coast",
    "river",
    "bank",
    "dam",
    "reservoir",
    "water",
    "food",
    "hospital",
    "school",
    "church",
    "victims",
    "wounded",
    "dead",
    "casualties",
    "losses",
    "mobilization",
    "conscription",
    "recruits",
    "volunteers",
    "mercenaries",
    "group",
    "commander",
    "general",
    "staff",
    "chief",
    "army",
    "brigade",
    "battalion",
    "units",
    "equipment",
    "vehicles",
    "aircraft",
    "jets",
    "helicopters",
    "satellite",
    "images",
    "video",
    "footage",
    "social",
    "media",
    "claims",
    "denied",
    "accused",
    "warned",
    "vowed",
    "promised",
    "announced",
    "confirmed",
    "rejected",
    "agreed",
    "signed",
    "discussed",
    "expected",
    "likely",
    "possible",
    "serious",
    "important",
    "difficult",
    "long",
    "short",
    "high",
    "low",
    "large",
    "small",
    "major",
    "key",
    "main",
    "full",
    "political",
    "diplomatic",
    "economic",
    "financial",
    "legal",
    "criminal",
    "court",
    "tribunal",
    "crimes",
    "investigation",
    "evidence",
    "witnesses",
    "journalists",
    "reporters",
};

// Syllables of made-up words for the vocabulary's tail.
constexpr std::string_view kSyllables[] = {
    "ka",  "lo",  "mi",  "ne",  "ru",  "sa",  "to",  "vi",  "zo",  "bar", "del",
    "fin", "gor", "hel", "jun", "kor", "lan", "mor", "nis", "pol", "ras", "sten",
    "tur", "val", "wen", "yar", "zel", "ost", "ber", "dan", "eve", "ira", "ko",
    "le",  "ma",  "no",  "pe",  "ri",  "su",  "ta",  "u",   "ve",  "ya"};
constexpr std::size_t kSyllableCount = std::size(kSyllables);

// The vocabulary: 60,000 words, ranked. Past the common words, each rank spells a made-up word
// of syllables, unique to its rank.
std::vector<std::string> make_vocabulary(std::size_t size) {
  std::vector<std::string> words;
  for (std::string_view w : kCommonWords) {
    if (std::find(words.begin(), words.end(), w) == words.end()) words.emplace_back(w);
  }
  for (std::size_t n = 0; words.size() < size; ++n) {
    std::string w;
    std::size_t k = n + kSyllableCount;  // at least two syllables
    while (k > 0) {
      w.append(kSyllables[k % kSyllableCount]);
      k /= kSyllableCount;
    }
    words.push_back(std::move(w));
  }
  return words;
}

// Names of one facet's entities, drawn by a Zipf law: the `leading` ids first, then the rest
// in gazetteer order (the file lists each facet's main entities first, but groups people by
// country, so the leaders of both sides are named here).
struct Names {
  std::vector<const parley::Entity*> entities;
  Zipf zipf{1, 1.0};
  const parley::Entity& draw(Random& r) const { return *entities[zipf(r)]; }
};

Names names_of(Facet facet, double s, std::vector<std::string_view> leading = {}) {
  Names n;
  const parley::Gazetteer& g = parley::Gazetteer::builtin();
  for (std::string_view id : leading) {
    if (const parley::Entity* e = g.find(facet, id)) n.entities.push_back(e);
  }
  for (const parley::Entity& e : g.entities()) {
    bool led = std::find(leading.begin(), leading.end(), e.id) != leading.end();
    if (e.facet == facet && !e.display.empty() && !led) n.entities.push_back(&e);
  }
  n.zipf = Zipf(n.entities.size(), s);
  return n;
}

// A facet sentence: a template with slots {person}, {party}, {Party} (adjective), {region},
// {place}, {agency}, filled from the gazetteer.
constexpr std::string_view kFacetSentences[] = {
    "{person} said on Friday that the situation in {region} remained difficult.",
    "Fighting continued near {place}, in the {region} region, officials said.",
    "{Party} forces shelled {place} overnight, according to the regional governor.",
    "{person} met {person} to discuss the war and the security of {region}.",
    "{party} demanded that Ukraine withdraw its troops from {region} before any ceasefire.",
    "{party} called for an immediate ceasefire along the whole front line.",
    "{person} insisted that Ukraine must remain neutral and never join NATO.",
    "{party} demanded recognition of Crimea as part of Russia, {person} told reporters.",
    "Negotiators from {party} and {party} met in {place} for a new round of peace talks.",
    "{party} called for security guarantees for Ukraine, {person} said in a statement.",
    "{person} urged the lifting of sanctions on Russia as a condition for talks.",
    "{party} insisted on a prisoner exchange of all for all, {person} said.",
    "{person}, speaking in {place}, said {party} would not give up {region}.",
    "The strike on {place} killed at least five civilians, {agency} reported.",
    "{Party} officials told {agency} that talks with {party} had stalled.",
    "{party} demanded the demilitarization of Ukraine and limits on its army.",
    "{person} called for the withdrawal of all Russian troops from {region}.",
    "Explosions were heard in {place} and across {region} on Sunday.",
};

std::string fill(std::string_view pattern, Random& r, const Names& people, const Names& parties,
                 const Names& regions, const Names& places, const Names& agencies) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i++]);
      continue;
    }
    std::size_t close = pattern.find('}', i);
    std::string_view slot = pattern.substr(i + 1, close - i - 1);
    i = close + 1;
    if (slot == "person") {
      const parley::Entity& e = people.draw(r);
      // Full name, or the surname alone, as news writes it after the first mention.
      std::string_view d = e.display;
      std::size_t space = d.rfind(' ');
      out.append(r.chance(0.4) && space != std::string_view::npos ? d.substr(space + 1) : d);
    } else if (slot == "party") {
      out.append(parties.draw(r).display);
    } else if (slot == "Party") {
      const parley::Entity& e = parties.draw(r);
      out.append(e.adjectives.empty() ? e.display : e.adjectives.front());
    } else if (slot == "region") {
      out.append(regions.draw(r).display);
    } else if (slot == "place") {
      out.append(places.draw(r).display);
    } else if (slot == "agency") {
      out.append(agencies.draw(r).display);
    }
  }
  return out;
}

constexpr std::string_view kOutlets[] = {
    "Kyiv Independent", "Reuters Wire",  "The Daily Ledger", "Eastern Dispatch",  "Capital Post",
    "World Report",     "Evening Star",  "Morning Herald",   "Frontline News",    "Global Monitor",
    "Northern Courier", "Baltic Review", "Pacific Times",    "Atlantic Observer", "City Gazette"};

class Generator {
 public:
  explicit Generator(std::uint64_t seed)
      : seed_(seed),
        vocabulary_(make_vocabulary(60000)),
        words_(vocabulary_.size(), 1.07),
        outlets_(std::size(kOutlets), 1.0),
        people_(names_of(Facet::kPerson, 1.1,
                         {"vladimir-putin", "volodymyr-zelensky", "joe-biden", "dmitry-peskov",
                          "sergei-lavrov", "emmanuel-macron", "recep-tayyip-erdogan",
                          "antony-blinken", "olaf-scholz", "jens-stoltenberg", "donald-trump"})),
        parties_(names_of(Facet::kParty, 1.2)),
        regions_(names_of(Facet::kRegion, 1.0)),
        places_(names_of(Facet::kPlace, 1.0)),
        agencies_(names_of(Facet::kAgency, 1.3)) {}

  // Article `i`: its front matter and body.
  std::string article(std::size_t i) const {
    Random r(seed_ * 0x100000001B3ull + i);
    std::string title = capitalised(sentence(r, 6 + r.below(7), false));
    if (r.chance(0.5)) title = fill_one(r);
    int day = static_cast<int>(r.below(3 * 365));
    std::string out = "---\ntitle: " + title + "\ndate: " + date(day) +
                      "\nsource: " + std::string(kOutlets[outlets_(r)]) +
                      "\nurl: https://news.example/" + std::to_string(i) + "\n---\n\n";
    // Body length: long-tailed, from 6 to 46 sentences, about 330 words on average.
    double u = r.unit();
    std::size_t sentences = 6 + static_cast<std::size_t>(24.0 * u * u * u + 16.0 * u);
    for (std::size_t s = 0; s < sentences; ++s) {
      if (s > 0) out.append(s % 4 == 0 ? "\n\n" : " ");
      if (r.chance(0.2)) {
        out.append(fill_one(r));
      } else {
        out.append(capitalised(sentence(r, 8 + r.below(18), true)));
      }
    }
    out.push_back('\n');
    return out;
  }

 private:
  std::string fill_one(Random& r) const {
    std::string_view pattern = kFacetSentences[r.below(std::size(kFacetSentences))];
    return fill(pattern, r, people_, parties_, regions_, places_, agencies_);
  }

  std::string sentence(Random& r, std::size_t n, bool stop) const {
    std::string s;
    for (std::size_t k = 0; k < n; ++k) {
      if (k > 0) s.push_back(k + 1 < n && r.chance(0.06) ? ',' : ' ');
      if (s.back() == ',') s.push_back(' ');
      s.append(vocabulary_[words_(r)]);
    }
    if (stop) s.push_back('.');
    return s;
  }

  static std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  }

  // Day `n` after 2022-02-24.
  static std::string date(int n) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 2022, m = 2, d = 24 + n;
    for (;;) {
      int len = kDays[m - 1] + (m == 2 && y % 4 == 0 ? 1 : 0);
      if (d <= len) break;
      d -= len;
      if (++m > 12) m = 1, ++y;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
  }

  std::uint64_t seed_;
  std::vector<std::string> vocabulary_;
  Zipf words_;
  Zipf outlets_;
  Names people_, parties_, regions_, places_, agencies_;
};

// Files go 1,000 to a folder: OUT/0000/000000.txt.
fs::path article_path(const fs::path& out, std::size_t i) {
  char dir[32], file[32];
  std::snprintf(dir, sizeof dir, "%04zu", i / 1000);
  std::snprintf(file, sizeof file, "%06zu.txt", i);
  return out / dir / file;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path.string());
}

// One line of front matter: the value on one line.
std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return s;
}

int write_jsonl(const fs::path& in_path, const fs::path& out) {
  std::ifstream in(in_path);
  if (!in) {
    std::cerr << "bench-corpus: cannot read " << in_path << "\n";
    return 2;
  }
  std::size_t n = 0, bytes = 0;
  for (std::string line; std::getline(in, line);) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    std::string text = "---\ntitle: " + one_line(j.value("title", "")) +
                       "\ndate: " + one_line(j.value("date", "")) +
                       "\nsource: " + one_line(j.value("source", "")) +
                       "\nurl: " + one_line(j.value("url", "")) + "\n---\n\n" +
                       j.value("text", "") + "\n";
    write(article_path(out, n++), text);
    bytes += text.size();
  }
  std::printf("%zu articles, %zu bytes\n", n, bytes);
  return 0;
}

int write_synthetic(std::size_t articles, std::uint64_t seed, const fs::path& out) {
  Generator g(seed);
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < articles; ++i) {
    std::string text = g.article(i);
    bytes += text.size();
    write(article_path(out, i), text);
  }
  std::printf("%zu articles, %zu bytes\n", articles, bytes);
  return 0;
}

int usage() {
  std::cerr << "usage: bench-corpus jsonl FILE.jsonl OUT_DIR\n"
               "       bench-corpus synth --articles N [--seed S] OUT_DIR\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] == "--version") {
    std::printf("bench-corpus %d\n", kVersion);
    return 0;
  }
  try {
    if (args.size() == 3 && args[0] == "jsonl") return write_jsonl(args[1], args[2]);
    if (!args.empty() && args[0] == "synth") {
      std::size_t articles = 0;
      std::uint64_t seed = 1;
      fs::path out;
      for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--articles" && i + 1 < args.size()) {
          articles = std::stoul(args[++i]);
        } else if (args[i] == "--seed" && i + 1 < args.size()) {
          seed = std::stoull(args[++i]);
        } else {
          out = args[i];
        }
      }
      if (articles == 0 || out.empty()) return usage();
      return write_synthetic(articles, seed, out);
    }
  } catch (const std::exception& e) {
    std::cerr << "bench-corpus: " << e.what() << "\n";
    return 2;
  }
  return usage();
}
