#include "common/demands.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/analysis_data.h"
#include "common/cues.h"
#include "common/dates.h"
#include "common/fold.h"

// The rules (docs/facets.md, "Demands", has them in prose; the words are in common/data/):
//
// - A term (demand_terms.txt) is a demand when a cue (demand_cues.txt) governs it: a cue right
//   after it that names who makes it ("a ceasefire proposed by Washington", "the U.S.
//   ceasefire proposal"), else the nearest cue before it in its sentence. A cue that overlaps
//   the term does not govern it.
// - A demand, proposal, condition or obligation cue makes the term its speaker's demand; an
//   agreement cue makes it the demand of each side that agreed; a rejection (or a negated cue)
//   makes it nobody's, except that rejecting what a demand opposes ("[<id> rejected]") is that
//   demand; a mention cue ("progress toward", "hopes for") makes it nobody's.
// - The speaker of a cue: the agent of a passive ("proposed by X"); else the party right before
//   the cue ("Moscow insists", "Russia's demands", "Russian negotiators reportedly demanded")
//   unless the cue is an obligation, whose subject is the party asked to act; else the first
//   party of the cue's clause (after an introductory phrase: "According to the Ukrainian
//   official, Russia's ..."); else a reporter after the cue ("..., Putin said"); else the
//   previous sentence's speaker ("It also calls for ..."). A party joined to it by "and" or
//   titles comes along ("Macron and Scholz insisted").
// - A sentence ending in ':' at the end of its line that states a speaker's demands heads a
//   list: the terms of the lines that follow go to that speaker while each line's first sentence
//   holds a term or the line starts with a bullet.
// - A sentence that opens with a continuation ("Further", "The second", "Also") gives a term with
//   no cue of its own to the previous sentence's speaker; so does one whose first word is an
//   ordinal of a list ("First, a cease-fire and troops withdrawal, then talks").

namespace parley {

namespace {

constexpr std::size_t kDefaultGap = 6;
constexpr std::size_t kMinPrefix = 3;
constexpr std::size_t kModifiers = 3;      // words allowed between a party and its cue
constexpr std::size_t kRightCueGap = 2;    // words allowed between a term and a cue after it
constexpr std::size_t kCopulaReach = 12;   // words of a term's phrase before its copula
constexpr std::size_t kMoverReach = 4;     // how far before a withdrawal its mover may be named
constexpr std::size_t kNegationReach = 2;  // words allowed between a negation and its cue
constexpr std::size_t kSubjectReach = 4;   // how far into its clause a subject may start
constexpr std::size_t kPronounReach = 80;  // how far back "he" may find the person it stands for
constexpr std::size_t kOpeningReach = 3;   // how far into its sentence a continuation may start

enum class CueKind : std::uint8_t {
  kDemand,
  kProposal,
  kCondition,
  kObligation,
  kConditional,
  kCommitment,
  kAgreement,
  kRejection,
  kMention,
  kReporting,
  kContinuation,
  kEnumeration,  // a continuation only as the sentence's first word ("Second, ...")
  kBothSides,
  kPair,
  kJoint,   // the two warring sides discussing a term together: each side's term
  kAsking,  // a verb of asking: a demand cue when names and "for" follow it
};

const std::pair<std::string_view, CueKind> kCueSections[] = {
    {"demand", CueKind::kDemand},
    {"proposal", CueKind::kProposal},
    {"condition", CueKind::kCondition},
    {"obligation", CueKind::kObligation},
    {"conditional", CueKind::kConditional},
    {"commitment", CueKind::kCommitment},
    {"agreement", CueKind::kAgreement},
    {"rejection", CueKind::kRejection},
    {"mention", CueKind::kMention},
    {"reporting", CueKind::kReporting},
    {"continuation", CueKind::kContinuation},
    {"enumeration", CueKind::kEnumeration},
    {"both-sides", CueKind::kBothSides},
    {"pair", CueKind::kPair},
    {"joint", CueKind::kJoint},
    {"asking-verbs", CueKind::kAsking},
};

bool puts_forward(CueKind k) {
  return k == CueKind::kDemand || k == CueKind::kProposal || k == CueKind::kCondition ||
         k == CueKind::kObligation || k == CueKind::kConditional || k == CueKind::kCommitment;
}

// A cue whose grammatical subject is not the party that puts the term forward: "Ukraine must
// withdraw", "... if Russia withdraws".
bool subject_is_addressee(CueKind k) {
  return k == CueKind::kObligation || k == CueKind::kConditional;
}

// A cue kind that can govern a term.
bool governs(CueKind k) {
  return puts_forward(k) || k == CueKind::kAgreement || k == CueKind::kRejection ||
         k == CueKind::kMention || k == CueKind::kJoint;
}

// ---------------------------------------------------------------------------------------------
// Data files: sections of numbered lines.

using Line = SectionLine;

[[noreturn]] void fail(std::string_view file, std::size_t line, const std::string& what) {
  throw std::runtime_error(std::string(file) + " line " + std::to_string(line) + ": " + what);
}

std::vector<std::string_view> split_on(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phrases: words matched on folded tokens joined by spaces or hyphens.

struct Word {
  std::string text;
  bool prefix = false;  // "withdraw*"
  bool region = false;  // <region>: a region mention, of any length
};
using Phrase = std::vector<Word>;

Phrase parse_phrase(std::string_view s, std::string_view file, std::size_t line) {
  if (s == "<region>") return {Word{"", false, true}};
  Phrase phrase;
  std::vector<Token> tokens = tokenize(s);
  for (const Token& t : tokens) {
    Word w;
    w.text = t.text;
    w.prefix = t.end < s.size() && s[t.end] == '*';
    if (w.prefix && w.text.size() < kMinPrefix)
      fail(file, line, "a prefix needs at least three letters: " + std::string(s));
    phrase.push_back(std::move(w));
  }
  if (phrase.empty()) fail(file, line, "no words in '" + std::string(s) + "'");
  return phrase;
}

bool word_matches(const Word& w, const Token& t) {
  return w.prefix ? t.text.starts_with(w.text) : t.text == w.text;
}

// The context of one sentence's matching.
struct Window {
  const std::vector<Token>& tokens;
  const std::vector<std::uint32_t>& region_end;  // token -> end of the region mention there, or 0
  const std::vector<std::uint64_t>& hashes;      // token -> WordTable::hash of its text
  const std::vector<std::uint64_t>& heads;       // token -> hash of its first kMinPrefix bytes
  std::size_t end;                               // the sentence's end
};

// The end of `p` matched at token i, or 0.
std::size_t match_phrase(const Phrase& p, const Window& w, std::size_t i) {
  if (p.front().region) {
    std::size_t e = i < w.end ? w.region_end[i] : 0;
    return e > i && e <= w.end ? e : 0;
  }
  if (i + p.size() > w.end) return 0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    const Token& t = w.tokens[i + k];
    if (k > 0 && !continues_phrase(t.gap)) return 0;
    if (!word_matches(p[k], t)) return 0;
  }
  return i + p.size();
}

// Words to lists of entries in a flat open-addressing table: lookups touch one or two cache
// lines, and a token's hash is computed once for its whole and its first letters.
class WordTable {
 public:
  // FNV-1a over `s`; `prefix_hash` gets the hash of its first kMinPrefix bytes, or 0.
  static std::uint64_t hash(std::string_view s, std::uint64_t* prefix_hash = nullptr) {
    std::uint64_t h = 14695981039346656037ull;
    for (std::size_t i = 0; i < s.size(); ++i) {
      h = (h ^ static_cast<unsigned char>(s[i])) * 1099511628211ull;
      if (prefix_hash && i + 1 == kMinPrefix) *prefix_hash = h;
    }
    return h;
  }

  std::vector<std::uint32_t>& at(std::string_view word) {
    if ((words_.size() + 1) * 2 > slots_.size()) grow();
    std::uint64_t h = hash(word);
    std::size_t i = h & (slots_.size() - 1);
    while (slots_[i] != kEmpty) {
      if (words_[slots_[i]] == word) return lists_[slots_[i]];
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = static_cast<std::uint32_t>(words_.size());
    hashes_.push_back(h);
    words_.emplace_back(word);
    lists_.emplace_back();
    return lists_.back();
  }

  // The entries of `word` whose hash is `h`, or nullptr.
  const std::vector<std::uint32_t>* find(std::string_view word, std::uint64_t h) const {
    if (slots_.empty()) return nullptr;
    std::size_t i = h & (slots_.size() - 1);
    while (slots_[i] != kEmpty) {
      std::uint32_t k = slots_[i];
      if (hashes_[k] == h && words_[k] == word) return &lists_[k];
      i = (i + 1) & (slots_.size() - 1);
    }
    return nullptr;
  }

  // The entries of the word "a\x1fb" whose hash is `h`, or nullptr.
  const std::vector<std::uint32_t>* find_pair(std::string_view a, std::string_view b,
                                              std::uint64_t h) const {
    if (slots_.empty()) return nullptr;
    std::size_t i = h & (slots_.size() - 1);
    while (slots_[i] != kEmpty) {
      std::uint32_t k = slots_[i];
      std::string_view w = words_[k];
      if (hashes_[k] == h && w.size() == a.size() + 1 + b.size() && w.starts_with(a) &&
          w[a.size()] == '\x1f' && w.ends_with(b))
        return &lists_[k];
      i = (i + 1) & (slots_.size() - 1);
    }
    return nullptr;
  }

  bool empty() const { return words_.empty(); }
  const std::vector<std::string>& words() const { return words_; }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  void grow() {
    std::vector<std::uint32_t> slots(std::max<std::size_t>(16, slots_.size() * 2), kEmpty);
    for (std::uint32_t k = 0; k < words_.size(); ++k) {
      std::size_t i = hashes_[k] & (slots.size() - 1);
      while (slots[i] != kEmpty)
        i = (i + 1) & (slots.size() - 1);
      slots[i] = k;
    }
    slots_ = std::move(slots);
  }
  std::vector<std::uint32_t> slots_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::string> words_;
  std::vector<std::vector<std::uint32_t>> lists_;
};

// Entries by the first word of their phrases: one hash and one or two probes a token.
class FirstWordIndex {
 public:
  void add(const Word& first, std::uint32_t entry) {
    if (first.region)
      regions_.push_back(entry);
    else if (first.prefix)
      prefixes_.at(std::string_view(first.text).substr(0, kMinPrefix)).push_back(entry);
    else
      exact_.at(first.text).push_back(entry);
  }

  // Calls f(entry) for every entry whose first word may match token i of the window (or whose
  // first element is <region> when a region mention starts there). Entries must still be
  // checked.
  template <class F>
  void candidates(const Window& w, std::size_t i, F&& f) const {
    const Token& t = w.tokens[i];
    if (const auto* list = exact_.find(t.text, w.hashes[i])) {
      for (std::uint32_t e : *list)
        f(e);
    }
    if (t.text.size() >= kMinPrefix && !prefixes_.empty()) {
      std::string_view head = std::string_view(t.text).substr(0, kMinPrefix);
      if (const auto* list = prefixes_.find(head, w.heads[i])) {
        for (std::uint32_t e : *list)
          f(e);
      }
    }
    if (w.region_end[i] > i) {
      for (std::uint32_t e : regions_)
        f(e);
    }
  }

 private:
  WordTable exact_, prefixes_;
  std::vector<std::uint32_t> regions_;
};

// A list of phrases; finds the longest one starting at a token. Phrases of two words or more
// are indexed by their first two words, so that a common first word ("the", "in") costs one
// probe, not a look at every phrase that starts with it.
class PhraseList {
 public:
  void add(Phrase p, std::uint32_t value) {
    auto id = static_cast<std::uint32_t>(phrases_.size());
    if (p.size() == 1 || p[0].prefix || p[0].region || p[1].prefix || p[1].region) {
      singles_.add(p.front(), id);
    } else {
      pairs_.at(p[0].text + '\x1f' + p[1].text).push_back(id);
      pair_heads_.at(p[0].text);
    }
    phrases_.push_back({std::move(p), value});
  }

  // The longest phrase at token i: its end and value, or {0, 0}.
  std::pair<std::size_t, std::uint32_t> longest_at(const Window& w, std::size_t i) const {
    std::pair<std::size_t, std::uint32_t> best{0, 0};
    auto consider = [&](std::uint32_t e) {
      std::size_t end = match_phrase(phrases_[e].first, w, i);
      if (end > best.first) best = {end, phrases_[e].second};
    };
    if (i + 1 < w.end && continues_phrase(w.tokens[i + 1].gap) &&
        pair_heads_.find(w.tokens[i].text, w.hashes[i])) {
      // FNV-1a continued from the first word over the separator and the second word.
      std::uint64_t h = (w.hashes[i] ^ 0x1fu) * 1099511628211ull;
      for (char c : w.tokens[i + 1].text)
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      if (const auto* list = pairs_.find_pair(w.tokens[i].text, w.tokens[i + 1].text, h)) {
        for (std::uint32_t e : *list)
          consider(e);
      }
    }
    singles_.candidates(w, i, consider);
    return best;
  }

  // The value of an identical phrase already listed, when there is one.
  const std::uint32_t* find_same(const Phrase& p) const {
    for (const auto& [q, value] : phrases_) {
      if (q.size() != p.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < p.size() && same; ++k)
        same = q[k].text == p[k].text && q[k].prefix == p[k].prefix;
      if (same) return &value;
    }
    return nullptr;
  }

 private:
  std::vector<std::pair<Phrase, std::uint32_t>> phrases_;
  FirstWordIndex singles_;  // one-word phrases, and phrases that start with a prefix
  WordTable pairs_;         // "first\x1fsecond" -> phrases
  WordTable pair_heads_;    // the first words of pairs_
};

// ---------------------------------------------------------------------------------------------
// Term patterns.

struct Element {
  enum class Kind : std::uint8_t { kWords, kGap, kNot } kind = Kind::kWords;
  WordTable words;                   // kWords, kNot: the alternatives that are one exact word
  std::vector<Phrase> alternatives;  // kWords, kNot: the others
  std::size_t gap = 0;               // kGap: at most this many tokens

  bool has_word(const Window& w, std::size_t pos) const {
    return pos < w.end && words.find(w.tokens[pos].text, w.hashes[pos]) != nullptr;
  }
};

struct Pattern {
  std::vector<Element> elements;
  std::uint16_t term = 0;
  bool opposite = false;  // from "[<id> rejected]"
};

bool match_elements(const Pattern& p, std::size_t e, std::size_t pos, const Window& w,
                    std::size_t& end) {
  if (e == p.elements.size()) {
    end = pos;
    return true;
  }
  const Element& el = p.elements[e];
  switch (el.kind) {
    case Element::Kind::kGap:
      for (std::size_t skip = 0; skip <= el.gap && pos + skip <= w.end; ++skip) {
        if (match_elements(p, e + 1, pos + skip, w, end)) return true;
      }
      return false;
    case Element::Kind::kNot:
      if (pos < w.end) {
        if (el.has_word(w, pos)) return false;
        for (const Phrase& a : el.alternatives) {
          if (match_phrase(a, w, pos)) return false;
        }
      }
      return match_elements(p, e + 1, pos, w, end);
    case Element::Kind::kWords:
      if (el.has_word(w, pos) && match_elements(p, e + 1, pos + 1, w, end)) return true;
      for (const Phrase& a : el.alternatives) {
        std::size_t next = match_phrase(a, w, pos);
        if (next && match_elements(p, e + 1, next, w, end)) return true;
      }
      return false;
  }
  return false;
}

struct TermMatch {
  std::uint16_t term;
  bool opposite;
  std::size_t first, last;
};

struct ResolveRule {
  bool by_mover = false;
  bool by_beneficiary = false;  // the party after "for" right after the match
  std::string party;            // "*" for any
  std::string article_word;     // "article <word>": only in a text that has this word
  std::vector<std::string> ids;
  std::string until;   // YYYY-MM-DD: only for texts dated before it (or undated); empty: always
  bool dated = false;  // "before YYYY-MM-DD": as `until`, but never for an undated text
};

struct Term {
  std::string name;
  bool is_id = false;
  std::vector<ResolveRule> rules;
};

// A cue found in a sentence.
struct Cue {
  std::size_t first, last;
  CueKind kind;
  bool negated = false;
  std::size_t negation = SIZE_MAX;  // a negation right after the cue ("would not"): its token
  bool imperative = false;  // the opening of an imperative sentence (no words: first == last)

  // Negated for term `t`: a negation after the cue that belongs to the term ("would not join
  // alliances" offers neutrality) does not count, nor one that opens the first of a list of
  // terms each negated on its own (`term_negated`: "undertake not to deploy foreign bases, not
  // to join alliances").
  bool negated_for(std::size_t term_first, std::size_t term_last, bool term_negated) const {
    return negated || (negation != SIZE_MAX && !(term_first <= negation && negation < term_last) &&
                       !term_negated);
  }
};

// A party of a sentence, "both sides", or "the pair".
struct Span {
  std::size_t first, last;
  std::string party;                   // empty for both sides and for a pair
  std::vector<std::string> referents;  // a pair's two parties
  bool person = false;                 // a person with this party's affiliation
};

}  // namespace

struct DemandRules::Data {
  // Cues.
  PhraseList cues;       // value: CueKind
  PhraseList negations;  // value: unused
  PhraseList intros;     // value: unused
  PhraseList handing;    // value: unused
  std::unordered_set<std::string> function_words;
  std::unordered_set<std::string> pronouns;
  std::unordered_set<std::string> coordinators;         // "and", "but": a verb sharing the subject
  std::unordered_set<std::string> passive_auxiliaries;  // "been called on": the subject is asked
  std::unordered_set<std::string> perfect_auxiliaries;  // "the demands Russia has made"
  std::unordered_set<std::string> subject_pronouns;  // third person: stand for a party named before
  std::unordered_set<std::string> possessives;       // "its", "their": likewise
  std::unordered_set<std::string> light_words;
  std::unordered_set<std::string> title_nouns;  // "the French president and German chancellor"
  std::unordered_set<std::string> prepositions;
  std::unordered_set<std::string> reported_only;   // commitments that need reported speech
  std::unordered_set<std::string> telling_verbs;   // "told Macron": Macron is told, no subject
  std::unordered_set<std::string> imperatives;     // "Stop the war, withdraw from our territory"
  std::unordered_set<std::string> copulas;         // "... are among the key aspects"
  std::unordered_set<std::string> copula_fillers;  // "among", "one of", "the", "its"
  std::vector<std::string> sides;
  std::unordered_map<std::string, std::string> opponents;  // "*" for anyone else

  // Terms.
  std::vector<std::string> ids;
  std::vector<Term> terms;
  std::vector<Pattern> patterns;
  FirstWordIndex first_words;      // patterns by their first element
  FirstWordIndex own_first_words;  // the same, for the patterns of [own-act] terms only
  std::set<std::pair<std::uint16_t, std::uint16_t>> precedence;  // (winner, loser)
  struct About {
    bool before = true;                // the party may stand before the match, else after it
    std::vector<std::string> parties;  // the parties whose terms these are
    std::string subject;               // "=party": named inside the match, it settles it
  };
  std::unordered_map<std::uint16_t, About> about;
  std::unordered_set<std::uint16_t> needs_talks;
  std::unordered_set<std::uint16_t> own_acts;  // announced by the party that acts, no cue needed
  PhraseList talks;

  void parse_cues(std::string_view text);
  void parse_terms(std::string_view text);
  std::uint16_t term_index(std::string_view name) const;
  Element parse_element(std::string_view s,
                        const std::unordered_map<std::string, std::vector<Phrase>>& macros,
                        std::size_t line) const;
};

namespace {

constexpr std::string_view kCuesFile = "demand_cues.txt";
constexpr std::string_view kTermsFile = "demand_terms.txt";

}  // namespace

// The sections of demand_cues.txt that are plain sets of folded words.
using WordSet = std::unordered_set<std::string> DemandRules::Data::*;
const std::pair<std::string_view, WordSet> kWordSets[] = {
    {"function-words", &DemandRules::Data::function_words},
    {"reported-only", &DemandRules::Data::reported_only},
    {"prepositions", &DemandRules::Data::prepositions},
    {"light-words", &DemandRules::Data::light_words},
    {"title-nouns", &DemandRules::Data::title_nouns},
    {"pronouns", &DemandRules::Data::pronouns},
    {"subject-pronouns", &DemandRules::Data::subject_pronouns},
    {"possessive-pronouns", &DemandRules::Data::possessives},
    {"coordinators", &DemandRules::Data::coordinators},
    {"passive-auxiliaries", &DemandRules::Data::passive_auxiliaries},
    {"perfect-auxiliaries", &DemandRules::Data::perfect_auxiliaries},
    {"telling-verbs", &DemandRules::Data::telling_verbs},
    {"imperatives", &DemandRules::Data::imperatives},
    {"copulas", &DemandRules::Data::copulas},
    {"copula-fillers", &DemandRules::Data::copula_fillers},
};

void DemandRules::Data::parse_cues(std::string_view text) {
  NumberedSections sections = parse_numbered_sections(text);
  for (const auto& [name, lines] : sections) {
    auto kind = std::find_if(std::begin(kCueSections), std::end(kCueSections),
                             [&n = name](const auto& s) { return s.first == n; });
    if (kind != std::end(kCueSections)) {
      for (const Line& l : lines) {
        Phrase p = parse_phrase(l.text, kCuesFile, l.number);
        if (const std::uint32_t* other = cues.find_same(p)) {
          if (*other != static_cast<std::uint32_t>(kind->second))
            fail(kCuesFile, l.number,
                 "'" + std::string(l.text) + "' is listed as two kinds of cue");
          continue;
        }
        cues.add(std::move(p), static_cast<std::uint32_t>(kind->second));
      }
    } else if (name == "negation") {
      for (const Line& l : lines)
        negations.add(parse_phrase(l.text, kCuesFile, l.number), 0);
    } else if (name == "intro") {
      for (const Line& l : lines)
        intros.add(parse_phrase(l.text, kCuesFile, l.number), 0);
    } else if (name == "handing") {
      for (const Line& l : lines)
        handing.add(parse_phrase(l.text, kCuesFile, l.number), 0);
    } else if (auto set = std::find_if(std::begin(kWordSets), std::end(kWordSets),
                                       [&n = name](const auto& w) { return w.first == n; });
               set != std::end(kWordSets)) {
      for (const Line& l : lines)
        (this->*(set->second)).insert(fold(l.text));
    } else if (name == "sides") {
      for (const Line& l : lines)
        sides.emplace_back(l.text);
    } else if (name == "opponents") {
      for (const Line& l : lines) {
        std::vector<std::string_view> w = split_words(l.text);
        if (w.size() != 2) fail(kCuesFile, l.number, "expected '<party> <opponent>'");
        opponents[std::string(w[0])] = std::string(w[1]);
      }
    } else {
      std::size_t number = lines.empty() ? 0 : lines.front().number;
      fail(kCuesFile, number, "unknown section [" + name + "]");
    }
  }
  if (sides.size() != 2) fail(kCuesFile, 0, "[sides] must list the two warring sides");
}

std::uint16_t DemandRules::Data::term_index(std::string_view name) const {
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].name == name) return static_cast<std::uint16_t>(i);
  }
  return UINT16_MAX;
}

Element DemandRules::Data::parse_element(
    std::string_view s, const std::unordered_map<std::string, std::vector<Phrase>>& macros,
    std::size_t line) const {
  Element el;
  if (s == "...") {
    el.kind = Element::Kind::kGap;
    el.gap = kDefaultGap;
    return el;
  }
  if (s.starts_with("..")) {
    el.kind = Element::Kind::kGap;
    std::string_view n = s.substr(2);
    if (n.empty() || n.size() > 2 ||
        !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
      fail(kTermsFile, line, "bad gap '" + std::string(s) + "'");
    el.gap = static_cast<std::size_t>(std::stoi(std::string(n)));
    return el;
  }
  if (s.starts_with("!")) {
    el.kind = Element::Kind::kNot;
    s.remove_prefix(1);
  }
  for (std::string_view alt : split_on(s, '|')) {
    if (alt.starts_with("@")) {
      auto it = macros.find(std::string(alt.substr(1)));
      if (it == macros.end()) fail(kTermsFile, line, "unknown macro " + std::string(alt));
      el.alternatives.insert(el.alternatives.end(), it->second.begin(), it->second.end());
      continue;
    }
    std::string words(alt);
    std::replace(words.begin(), words.end(), '+', ' ');
    el.alternatives.push_back(parse_phrase(words, kTermsFile, line));
  }
  // One exact word is a hash probe, not a comparison with each alternative.
  std::vector<Phrase> others;
  for (Phrase& a : el.alternatives) {
    if (a.size() == 1 && !a[0].prefix && !a[0].region)
      el.words.at(a[0].text);
    else
      others.push_back(std::move(a));
  }
  el.alternatives = std::move(others);
  return el;
}

void DemandRules::Data::parse_terms(std::string_view text) {
  NumberedSections sections = parse_numbered_sections(text);
  auto lines_of = [&](std::string_view name) -> const std::vector<Line>& {
    static const std::vector<Line> kNone;
    auto it = sections.find(name);
    return it == sections.end() ? kNone : it->second;
  };
  for (const Line& l : lines_of("ids"))
    ids.emplace_back(l.text);
  if (ids.empty()) fail(kTermsFile, 0, "no [ids]");
  auto is_id = [&](std::string_view name) {
    return std::find(ids.begin(), ids.end(), name) != ids.end();
  };
  auto is_setting = [](std::string_view name) {
    return name == "ids" || name == "resolve" || name == "precedence" || name == "about" ||
           name == "needs-talks" || name == "talks" || name == "own-act";
  };

  // Macros first, so that any pattern may use them.
  std::unordered_map<std::string, std::vector<Phrase>> macros;
  for (const auto& [name, lines] : sections) {
    if (!name.starts_with("@")) continue;
    std::vector<Phrase>& phrases = macros[name.substr(1)];
    for (const Line& l : lines)
      phrases.push_back(parse_phrase(l.text, kTermsFile, l.number));
  }

  // Terms: every id, then the families.
  for (const std::string& id : ids)
    terms.push_back({id, true, {}});
  for (const auto& [name, lines] : sections) {
    if (name.empty() || name.starts_with("@") || is_setting(name)) continue;
    std::string_view base = name;
    if (base.ends_with(" rejected")) {
      base.remove_suffix(9);
      if (!is_id(base))
        fail(kTermsFile, lines.empty() ? 0 : lines.front().number,
             "[" + name + "]: only an id has rejected terms");
    }
    if (term_index(base) == UINT16_MAX) terms.push_back({std::string(base), false, {}});
  }
  if (!lines_of("").empty())
    fail(kTermsFile, lines_of("").front().number, "line outside a section");

  for (const Line& l : lines_of("resolve")) {
    std::vector<std::string_view> w = split_words(l.text);
    if (w.size() == 2 && w[1] == "none") {  // a family that gives nothing, whoever speaks
      std::uint16_t t = term_index(w[0]);
      if (t == UINT16_MAX) fail(kTermsFile, l.number, "unknown term " + std::string(w[0]));
      ResolveRule none;
      none.party = "*";
      terms[t].rules.push_back(std::move(none));
      continue;
    }
    if (w.size() < 4 ||
        (w[1] != "mover" && w[1] != "speaker" && w[1] != "for" && w[1] != "article"))
      fail(kTermsFile, l.number,
           "expected '<family> mover|speaker|for <party> <id>...', '<family> article <word> "
           "<id>...' or '<family> none'");
    std::uint16_t t = term_index(w[0]);
    if (t == UINT16_MAX) fail(kTermsFile, l.number, "unknown term " + std::string(w[0]));
    ResolveRule rule;
    rule.by_mover = w[1] == "mover";
    rule.by_beneficiary = w[1] == "for";
    if (w[1] == "article") {
      rule.article_word = fold(w[2]);
      rule.party = "*";
    } else {
      rule.party = std::string(w[2]);
    }
    if (w.size() >= 6 && (w[w.size() - 2] == "until" || w[w.size() - 2] == "before")) {
      if (!is_iso_date(w.back()))
        fail(kTermsFile, l.number,
             "expected a date YYYY-MM-DD after '" + std::string(w[w.size() - 2]) + "'");
      rule.until = std::string(w.back());
      rule.dated = w[w.size() - 2] == "before";
      w.resize(w.size() - 2);
    }
    // "... <party> none": that party's match gives nothing.
    bool none = w.size() == 4 && w[3] == "none";
    for (std::size_t k = 3; k < w.size() && !none; ++k) {
      if (!is_id(w[k])) fail(kTermsFile, l.number, "unknown demand id " + std::string(w[k]));
      rule.ids.emplace_back(w[k]);
    }
    terms[t].rules.push_back(std::move(rule));
  }
  for (const Term& t : terms) {
    if (!t.is_id && t.rules.empty())
      fail(kTermsFile, 0, "[" + t.name + "] is neither an id nor resolved in [resolve]");
  }

  for (const Line& l : lines_of("about")) {
    std::vector<std::string_view> w = split_words(l.text);
    if (w.size() < 3 || (w[1] != "before" && w[1] != "after"))
      fail(kTermsFile, l.number, "expected '<id> before|after <party>...'");
    std::uint16_t t = term_index(w[0]);
    if (t == UINT16_MAX) fail(kTermsFile, l.number, "unknown term " + std::string(w[0]));
    About& a = about[t];
    a.before = w[1] == "before";
    for (std::size_t k = 2; k < w.size(); ++k) {
      if (w[k].starts_with("=")) a.subject = w[k].substr(1);
      a.parties.emplace_back(w[k].starts_with("=") ? w[k].substr(1) : w[k]);
    }
  }
  // Sections that list terms, one a line.
  for (auto [section, set] : {std::pair{"needs-talks", &needs_talks}, {"own-act", &own_acts}}) {
    for (const Line& l : lines_of(section)) {
      std::uint16_t t = term_index(l.text);
      if (t == UINT16_MAX) fail(kTermsFile, l.number, "unknown term " + std::string(l.text));
      set->insert(t);
    }
  }
  for (const Line& l : lines_of("talks"))
    talks.add(parse_phrase(l.text, kTermsFile, l.number), 0);

  for (const Line& l : lines_of("precedence")) {
    std::vector<std::string_view> w = split_words(l.text);
    if (w.size() < 2) fail(kTermsFile, l.number, "expected '<winner> <loser>...'");
    std::uint16_t winner = term_index(w[0]);
    if (winner == UINT16_MAX) fail(kTermsFile, l.number, "unknown term " + std::string(w[0]));
    for (std::size_t k = 1; k < w.size(); ++k) {
      std::uint16_t loser = term_index(w[k]);
      if (loser == UINT16_MAX) fail(kTermsFile, l.number, "unknown term " + std::string(w[k]));
      precedence.insert({winner, loser});
    }
  }

  for (const auto& [name, lines] : sections) {
    if (name.empty() || name.starts_with("@") || is_setting(name)) continue;
    std::string_view base = name;
    bool opposite = base.ends_with(" rejected");
    if (opposite) base.remove_suffix(9);
    std::uint16_t term = term_index(base);
    for (const Line& l : lines) {
      Pattern p;
      p.term = term;
      p.opposite = opposite;
      for (std::string_view s : split_words(l.text))
        p.elements.push_back(parse_element(s, macros, l.number));
      if (p.elements.front().kind != Element::Kind::kWords ||
          p.elements.back().kind == Element::Kind::kGap)
        fail(kTermsFile, l.number, "a pattern starts with words and does not end with a gap");
      auto id = static_cast<std::uint32_t>(patterns.size());
      for (FirstWordIndex* index : {&first_words, &own_first_words}) {
        if (index == &own_first_words && !own_acts.count(term)) continue;
        for (const Phrase& a : p.elements.front().alternatives)
          index->add(a.front(), id);
        for (const std::string& word : p.elements.front().words.words())
          index->add(Word{word, false, false}, id);
      }
      patterns.push_back(std::move(p));
    }
  }
}

DemandRules::DemandRules(std::string_view cues, std::string_view terms) {
  auto data = std::make_unique<Data>();
  data->parse_cues(cues);
  data->parse_terms(terms);
  data_ = std::move(data);
}

DemandRules::~DemandRules() = default;
DemandRules::DemandRules(DemandRules&&) noexcept = default;
DemandRules& DemandRules::operator=(DemandRules&&) noexcept = default;

const DemandRules& DemandRules::builtin() {
  static const DemandRules rules(analysis_data("demand_cues.txt"),
                                 analysis_data("demand_terms.txt"));
  return rules;
}

const std::vector<std::string>& DemandRules::ids() const {
  return data_->ids;
}

std::vector<Sentence> split_sentences(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<Sentence> out;
  if (tokens.empty()) return out;
  auto ends_before = [&](std::size_t i) {  // a sentence ends before token i
    if (tokens[i].gap == Gap::kLine) return true;
    if (tokens[i].gap != Gap::kStop) return false;
    return separator_before(text, tokens, i).find_first_of(".!?") != std::string_view::npos;
  };
  Sentence s;
  s.first = 0;
  s.starts_line = true;
  for (std::size_t i = 1; i <= tokens.size(); ++i) {
    if (i < tokens.size() && !ends_before(i)) continue;
    s.last = i;
    bool line_end = i == tokens.size() || tokens[i].gap == Gap::kLine;
    std::string_view after = separator_before(text, tokens, i);
    if (line_end) after = after.substr(0, after.find('\n'));
    s.heading = line_end && after.find(':') != std::string_view::npos;
    out.push_back(s);
    if (i == tokens.size()) break;
    s = Sentence{};
    s.first = i;
    s.starts_line = tokens[i].gap == Gap::kLine;
  }
  return out;
}

namespace {

// A pronoun with its verb contracted onto it is the pronoun: "they're" and "we've" are "they"
// and "we".
std::string_view pronoun(const Token& t) {
  std::string_view w = t.text;
  for (std::string_view ending : {"'re", "'ve", "'ll", "'d", "'m"}) {
    if (w.size() > ending.size() && w.ends_with(ending))
      return w.substr(0, w.size() - ending.size());
  }
  return w;
}

// The work of find() over one text.
class Finder {
 public:
  Finder(const DemandRules::Data& d, std::string_view text, const std::vector<Token>& tokens,
         const std::vector<PartySpan>& parties, const std::vector<TokenSpan>& regions,
         std::string_view house, std::string_view date)
      : d_(d),
        house_(house),
        date_(date),
        text_(text),
        tokens_(tokens),
        parties_(parties),
        region_end_(tokens.size(), 0),
        hashes_(tokens.size()),
        heads_(tokens.size(), 0) {
    for (std::size_t i = 0; i < tokens.size(); ++i)
      hashes_[i] = WordTable::hash(tokens[i].text, &heads_[i]);
    for (const TokenSpan& r : regions) {
      if (r.first < tokens.size() && r.last > r.first)
        region_end_[r.first] = static_cast<std::uint32_t>(r.last);
    }
  }

  std::vector<Demand> run();

 private:
  Window window(const Sentence& s) const {
    return Window{tokens_, region_end_, hashes_, heads_, s.last};
  }
  void scan_cues(const Sentence& s);
  bool opening(const Sentence& s, std::size_t i) const;
  std::vector<TermMatch> find_terms(const Sentence& s, bool own_acts_only = false) const;
  bool title_case(const Sentence& s) const;
  void collect_spans(const Sentence& s);
  std::size_t clause_start(const Sentence& s, std::size_t before) const;
  int span_ending_at(std::size_t k) const;
  bool cue_at(std::size_t token) const;
  static constexpr std::size_t kNoToken = static_cast<std::size_t>(-1);
  std::size_t handing_verb(std::size_t start, std::size_t before) const;
  bool pronoun_subject(std::size_t start, std::size_t before) const;
  bool own_negation(const TermMatch& t) const;
  bool after_preposition(std::size_t first, std::size_t floor) const;
  bool joined(std::size_t k) const;
  bool stops_walk(std::size_t token) const;
  enum class Link : std::uint8_t { kNone, kComma, kAnd, kTitle };
  Link link(const Span& a, const Span& b) const;
  bool chains(const Span& a, const Span& b) const;
  std::vector<std::string> last_pair(std::size_t before) const;
  std::vector<std::string> group(int span, bool rightward, std::size_t limit) const;
  struct Subject {
    int span = -1;              // the party span found (a pronoun's referent), or -1
    bool pronoun = false;       // a pronoun stood before the cue ("he insisted")
    bool first_person = false;  // "we", "I"
    bool personal = false;      // "he", "she": a person
    bool overt = false;         // a subject that is no party ("the report proposes")
  };
  Subject subject_before(std::size_t cue_first, std::size_t floor) const;
  int antecedent_span(std::size_t relative, std::size_t floor) const;
  std::vector<std::string> clause_subject(std::size_t start, std::size_t stop,
                                          std::size_t cue_first) const;
  std::vector<std::string> speakers(std::size_t cue, const Sentence& s) const;
  std::pair<bool, std::vector<std::string>> passive_agent(std::size_t after,
                                                          const Sentence& s) const;
  std::vector<std::string> reporter_after(std::size_t from, const Sentence& s) const;
  std::vector<std::string> person_before(std::size_t token) const;
  std::string mover(const TermMatch& t, const Sentence& s) const;
  bool is_commitment_at(std::size_t token) const;
  std::string party_before(const TermMatch& t, const Sentence& s) const;
  static constexpr std::string_view kSelf = "*self*";  // mover(): the speaker itself
  std::string beneficiary(const TermMatch& t, const Sentence& s) const;
  void attribute(const TermMatch& t, const std::vector<std::string>& who, const Sentence& s);
  bool concerns(const TermMatch& t, const Sentence& s, const std::string& speaker) const;
  void emit(const std::string& id, const std::string& party, const TermMatch& t);

  const DemandRules::Data& d_;
  std::string house_;  // the party whose own outlet published the text, or ""
  std::string date_;   // the text's date, YYYY-MM-DD, or "" when unknown
  std::string_view text_;
  const std::vector<Token>& tokens_;
  const std::vector<PartySpan>& parties_;
  std::vector<std::uint32_t> region_end_;
  std::vector<std::uint64_t> hashes_, heads_;  // per token: WordTable::hash, of its head

  std::vector<Cue> cues_;
  std::vector<std::vector<std::string>> who_;  // each cue's speaker, once resolved
  std::vector<char> resolved_;                 // of the current sentence
  std::vector<Span> spans_;                    // of the current sentence
  std::vector<std::string> carry_;             // the previous sentence's speaker
  bool in_quote_ = false;                      // after an opening quotation mark
  bool in_single_ = false;          // after an opening single quotation mark ('..., ‘...)
  bool quoted_ = false;             // the current sentence starts inside a quotation
  std::vector<std::size_t> opens_;  // tokens of the current sentence right after an opening mark
  std::vector<std::string> quote_speaker_;  // who speaks the open quotation, when known

  // Who speaks when the sentence does not say: the open quotation's speaker, else the previous
  // sentence's.
  const std::vector<std::string>& fallback() const {
    if (quoted_ && !quote_speaker_.empty()) return quote_speaker_;
    return unknown_reporter_ ? kNobody : carry_;
  }
  static inline const std::vector<std::string> kNobody;
  bool unknown_reporter_ = false;  // the sentence's reporter is a person the gazetteer lacks
  bool reported_by_unknown(const Sentence& s) const;
  bool name_at(std::size_t k, std::size_t end) const;
  void track_quotes(const Sentence& s);
  const std::vector<std::string>& speaker_of(std::size_t cue, const Sentence& s);
  bool forecast(const Cue& c) const;
  int right_cue(const TermMatch& t) const;
  int copular_cue(const TermMatch& t) const;
  int left_cue(const TermMatch& t, const Sentence& s) const;
  bool aside_closed(const Cue& c, const Sentence& s, std::size_t before) const;
  bool in_if_clause(std::size_t index, const Sentence& s) const;
  // The text has token `word` anywhere ([resolve] "article" lines).
  bool has_word(const std::string& word) const {
    return std::any_of(tokens_.begin(), tokens_.end(),
                       [&](const Token& t) { return t.text == word; });
  }
  // A comma stands before token `i` ("Now, five months into the war, ...").
  bool comma_at(std::size_t i) const {
    return tokens_[i].gap == Gap::kPunct &&
           separator_before(text_, tokens_, i).find(',') != std::string_view::npos;
  }
  // A conditional cue ends right before token `token`: "if Russia ...".
  bool opens_condition(std::size_t token) const {
    return std::any_of(cues_.begin(), cues_.end(), [token](const Cue& c) {
      return c.kind == CueKind::kConditional && c.last == token;
    });
  }
  void judge(const TermMatch& t, const Sentence& s, bool carried);
  bool list_item(const Sentence& s, const std::vector<TermMatch>& terms) const;
  std::vector<Demand> out_;
};

// A continuation opens its sentence: it stands near the start with only function words,
// pronouns and auxiliaries before it ("And further, ...", "It is also necessary"); after a name
// it is part of the clause ("Russia issued other demands such as", "China also announced").
bool Finder::opening(const Sentence& s, std::size_t i) const {
  if (i >= s.first + kOpeningReach) return false;
  for (std::size_t k = s.first; k < i; ++k) {
    const std::string& w = tokens_[k].text;
    if (!d_.function_words.count(w) && !d_.coordinators.count(w) && !d_.pronouns.count(w) &&
        !d_.light_words.count(w))
      return false;
  }
  return true;
}

void Finder::scan_cues(const Sentence& s) {
  cues_.clear();
  Window w = window(s);
  for (std::size_t i = s.first; i < s.last;) {
    auto [end, value] = d_.cues.longest_at(w, i);
    auto kind = static_cast<CueKind>(value);
    if (end > i && ((kind == CueKind::kContinuation && !opening(s, i)) ||
                    (kind == CueKind::kEnumeration && i != s.first))) {
      ++i;  // "Russia issued other demands such as": past the opening, "demands" is the cue
    } else if (end > i && kind == CueKind::kAsking) {
      // "Russia has asked the US and NATO for certain security guarantees": a verb of asking,
      // the names it asks and then "for" is a demand cue.
      for (std::size_t j = end; j < s.last && j < end + 8; ++j) {
        const Token& t = tokens_[j];
        if (t.text == "for") {
          if (j > end) cues_.push_back({i, end, CueKind::kDemand, false});
          break;
        }
        bool name =
            t.letter_case == LetterCase::kCapitalised || t.letter_case == LetterCase::kUpper;
        if (!name && !d_.function_words.count(t.text) && !d_.coordinators.count(t.text)) break;
      }
      i = end;
    } else if (end > i) {
      if (kind == CueKind::kEnumeration) kind = CueKind::kContinuation;
      cues_.push_back({i, end, kind, false});
      i = end;
    } else {
      ++i;
    }
  }
  // "Stop the war, withdraw from our territory": a sentence, or a quotation that opens inside it
  // ('Zelensky said: "Withdraw your troops"'), that opens with a verb of ending or leaving in
  // the imperative asks it of whoever is addressed, in the speaker's voice. The cue stands
  // before the first word, which may be a term's own ("stop the war"). "Release of the map" is
  // a noun.
  for (std::size_t k = 0; k <= opens_.size(); ++k) {
    std::size_t o = k == 0 ? s.first : opens_[k - 1];
    if (o + 1 >= s.last || tokens_[o].letter_case != LetterCase::kCapitalised ||
        tokens_[o + 1].gap != Gap::kSpace || !d_.imperatives.count(tokens_[o].text) ||
        tokens_[o + 1].text == "of" || title_case(s))
      continue;
    auto at = std::find_if(cues_.begin(), cues_.end(), [o](const Cue& c) { return c.first >= o; });
    cues_.insert(at, Cue{o, o, CueKind::kDemand, false, SIZE_MAX, true});
  }
  // "did not demand", "would not accept", "must not join": a negated cue is a rejection.
  for (Cue& c : cues_) {
    if (c.kind == CueKind::kRejection || c.kind == CueKind::kMention ||
        c.kind == CueKind::kReporting || c.kind == CueKind::kBothSides ||
        c.kind == CueKind::kContinuation)
      continue;
    std::size_t from = c.first > s.first + 4 ? c.first - 4 : s.first;
    for (std::size_t j = from; j < c.first && !c.negated; ++j) {
      std::size_t e = d_.negations.longest_at(w, j).first;
      c.negated = e > j && e <= c.first && e + kNegationReach >= c.first;
    }
    if (c.last < s.last && d_.negations.longest_at(w, c.last).first > c.last) c.negation = c.last;
  }
}

// True for a sentence in title case: a headline ("Russia Agrees to Ceasefire"), where a
// capitalised word is no name.
bool Finder::title_case(const Sentence& s) const {
  std::size_t words = 0, capitals = 0;
  for (std::size_t i = s.first; i < s.last; ++i) {
    if (tokens_[i].text.size() <= 3) continue;
    ++words;
    if (tokens_[i].letter_case == LetterCase::kCapitalised ||
        tokens_[i].letter_case == LetterCase::kUpper)
      ++capitals;
  }
  return words > 0 && capitals * 10 >= words * 6;
}

std::vector<TermMatch> Finder::find_terms(const Sentence& s, bool own_acts_only) const {
  std::vector<TermMatch> found;
  Window w = window(s);
  int title = -1;  // not computed yet
  for (std::size_t i = s.first; i < s.last; ++i) {
    (own_acts_only ? d_.own_first_words : d_.first_words).candidates(w, i, [&](std::uint32_t id) {
      const Pattern& p = d_.patterns[id];
      std::size_t end = 0;
      if (match_elements(p, 0, i, w, end)) {
        // A one-word term capitalised inside a sentence is a name: "the thinktank Ceasefire".
        if (end == i + 1 && i > s.first && tokens_[i].letter_case == LetterCase::kCapitalised) {
          if (title < 0) title = title_case(s) ? 1 : 0;
          if (title == 0) return;
        }
        for (const TermMatch& m : found) {
          if (m.term == p.term && m.opposite == p.opposite && m.first == i) return;
        }
        found.push_back({p.term, p.opposite, i, end});
      }
    });
  }
  // Overlapping matches: [precedence] decides, else the longer wins when it holds the other; a
  // demand's own pattern wins over what it opposes.
  std::vector<char> drop(found.size(), 0);
  for (std::size_t a = 0; a < found.size(); ++a) {
    for (std::size_t b = 0; b < found.size(); ++b) {
      if (a == b || drop[a] || drop[b]) continue;
      const TermMatch& x = found[a];
      const TermMatch& y = found[b];
      if (x.first >= y.last || y.first >= x.last) continue;
      if (x.term == y.term) {
        if (!x.opposite && y.opposite) drop[b] = 1;
        continue;
      }
      if (d_.precedence.count({x.term, y.term})) {
        drop[b] = 1;
      } else if (!d_.precedence.count({y.term, x.term}) && x.first <= y.first && y.last <= x.last &&
                 x.last - x.first > y.last - y.first) {
        drop[b] = 1;
      }
    }
  }
  std::vector<TermMatch> out;
  for (std::size_t k = 0; k < found.size(); ++k) {
    if (!drop[k]) out.push_back(found[k]);
  }
  return out;
}

void Finder::collect_spans(const Sentence& s) {
  spans_.clear();
  auto it = std::lower_bound(parties_.begin(), parties_.end(), s.first,
                             [](const PartySpan& p, std::size_t f) { return p.first < f; });
  for (; it != parties_.end() && it->first < s.last; ++it)
    spans_.push_back({it->first, it->last, it->party, {}, it->person});
  for (const Cue& c : cues_) {
    if (c.kind == CueKind::kBothSides) spans_.push_back({c.first, c.last, "", {}, false});
    if (c.kind == CueKind::kPair) {
      std::vector<std::string> two = last_pair(c.first);
      if (!two.empty()) spans_.push_back({c.first, c.last, "", std::move(two), false});
    }
  }
  std::sort(spans_.begin(), spans_.end(),
            [](const Span& a, const Span& b) { return a.first < b.first; });
}

// Where the clause of a cue at `before` starts: after an introductory phrase that ends in a
// comma before the cue ("According to the Ukrainian official, ..."), else the sentence start.
std::size_t Finder::clause_start(const Sentence& s, std::size_t before) const {
  Window w = window(s);
  if (d_.intros.longest_at(w, s.first).first == 0) return s.first;
  for (std::size_t i = s.first + 1; i < before; ++i) {
    if (comma_at(i)) return i;
  }
  return s.first;
}

int Finder::span_ending_at(std::size_t k) const {
  for (std::size_t i = spans_.size(); i-- > 0;) {
    if (spans_[i].last == k) return static_cast<int>(i);
  }
  return -1;
}

// Token k continues the phrase before it: a space or hyphen between, or only quotation marks
// ("all parties would \"commit to").
bool Finder::joined(std::size_t k) const {
  if (continues_phrase(tokens_[k].gap)) return true;
  if (tokens_[k].gap != Gap::kPunct) return false;
  std::string_view sep = separator_before(text_, tokens_, k);
  for (std::size_t p = 0; p < sep.size();) {
    if (sep[p] == ' ' || sep[p] == '"') {
      ++p;
    } else if (sep.compare(p, 3, "\xE2\x80\x9C") == 0 || sep.compare(p, 3, "\xE2\x80\x9D") == 0) {
      p += 3;
    } else {
      return false;
    }
  }
  return true;
}

// The span at token `first` is a preposition's object ("by Putin's", "of the Russian"), not a
// subject: a preposition stands before it, with at most a determiner or adjective between.
bool Finder::after_preposition(std::size_t first, std::size_t floor) const {
  for (std::size_t k = first; k > floor && k + 2 > first; --k) {
    const std::string& w = tokens_[k - 1].text;
    if (d_.prepositions.count(w)) return true;
    if (w != "the" && w != "a" && w != "an" && w != "both" && w != "all" && w != "each" &&
        tokens_[k - 1].letter_case == LetterCase::kLower)
      return false;
  }
  return false;
}

// The last verb of handing over ("submitted", "presented", "put forward") between the clause
// start and token `before`: its first token, or kNoToken.
std::size_t Finder::handing_verb(std::size_t start, std::size_t before) const {
  Window w{tokens_, region_end_, hashes_, heads_, before};
  std::size_t found = kNoToken;
  for (std::size_t i = start; i < before; ++i) {
    if (d_.handing.longest_at(w, i).first != 0) found = i;
  }
  return found;
}

// The clause from `start` opens with a subject pronoun ("They included ...") and names no party
// before token `before`.
bool Finder::pronoun_subject(std::size_t start, std::size_t before) const {
  if (start >= before) return false;
  if (!d_.subject_pronouns.count(std::string(pronoun(tokens_[start])))) return false;
  for (const Span& sp : spans_) {
    if (sp.first >= start && sp.first < before && sp.first <= start + 1) return false;
  }
  return true;
}

// Term `t` opens with a negation of its own ("not to join alliances").
bool Finder::own_negation(const TermMatch& t) const {
  Window w{tokens_, region_end_, hashes_, heads_, t.last};
  return d_.negations.longest_at(w, t.first).first > t.first;
}

bool Finder::cue_at(std::size_t token) const {
  for (const Cue& c : cues_) {
    if (c.first <= token && token < c.last) return true;
  }
  return false;
}

// A cue that a walk from a cue to its party does not cross: any but the nouns and verbs of a
// demand, a proposal or a condition ("Zelenskyy's peace plan calls for", "Russia outlined
// demands").
bool Finder::stops_walk(std::size_t token) const {
  for (const Cue& c : cues_) {
    if (c.first <= token && token < c.last)
      return !puts_forward(c.kind) || subject_is_addressee(c.kind);
  }
  return false;
}

// How span b continues span a as one subject: not at all; by a comma only ("Russia, Ukraine
// and Turkey"), which holds only in a list that an "and" ends; or by "and", "or" or title
// words ("Russia and Ukraine", "Russian President Vladimir Putin", "Macron and German
// Chancellor Olaf Scholz", "the French president and German chancellor").
Finder::Link Finder::link(const Span& a, const Span& b) const {
  if (b.first < a.last || b.first - a.last > 4) return Link::kNone;
  bool comma = false, joined = false;
  for (std::size_t i = a.last; i <= b.first && i < tokens_.size(); ++i) {
    std::string_view sep = separator_before(text_, tokens_, i);
    if (sep.find_first_not_of(" ,-\t") != std::string_view::npos &&
        sep != "\xC2\xA0")  // only spaces, hyphens, commas
      return Link::kNone;
    if (sep.find(',') != std::string_view::npos) comma = true;
    if (i == b.first) break;
    const Token& t = tokens_[i];
    if (t.text == "and" || t.text == "or" || t.text == "&") {
      joined = true;
      continue;
    }
    if (t.letter_case == LetterCase::kCapitalised || t.letter_case == LetterCase::kUpper ||
        d_.title_nouns.count(t.text))
      continue;
    return Link::kNone;
  }
  if (joined) return Link::kAnd;
  return comma ? Link::kComma : Link::kTitle;
}

bool Finder::chains(const Span& a, const Span& b) const {
  Link l = link(a, b);
  return l == Link::kAnd || l == Link::kTitle;
}

// The two parties last named together before token `before` ("Macron and Scholz", "the
// Ukrainian and Russian presidents"), or nothing.
std::vector<std::string> Finder::last_pair(std::size_t before) const {
  auto end = std::lower_bound(parties_.begin(), parties_.end(), before,
                              [](const PartySpan& p, std::size_t f) { return p.first < f; });
  std::size_t n = static_cast<std::size_t>(end - parties_.begin());
  for (std::size_t k = n; k-- > 1;) {
    Span b{parties_[k].first, parties_[k].last, parties_[k].party, {}, false};
    Span a{parties_[k - 1].first, parties_[k - 1].last, parties_[k - 1].party, {}, false};
    if (a.party != b.party && chains(a, b)) return {a.party, b.party};
  }
  return {};
}

// The parties of span `i` and the spans chained to it, leftward or rightward, not past `limit`
// (a token index: rightward spans must end at or before it).
std::vector<std::string> Finder::group(int i, bool rightward, std::size_t limit) const {
  std::vector<std::string> out;
  auto add = [&](const Span& s) {
    if (!s.referents.empty()) {
      out.insert(out.end(), s.referents.begin(), s.referents.end());
    } else if (s.party.empty()) {
      for (const std::string& side : d_.sides)
        out.push_back(side);
    } else {
      out.push_back(s.party);
    }
  };
  // A comma link holds only in a list that an "and" ends: held back until one confirms it.
  auto k = static_cast<std::size_t>(i);
  add(spans_[k]);
  if (rightward) {
    std::vector<std::size_t> pending;
    while (k + 1 < spans_.size() && spans_[k + 1].last <= limit) {
      Link l = link(spans_[k], spans_[k + 1]);
      if (l == Link::kNone) break;
      ++k;
      if (l == Link::kComma) {
        pending.push_back(k);
        continue;
      }
      if (l == Link::kAnd) {
        for (std::size_t p : pending)
          add(spans_[p]);
        pending.clear();
      }
      if (pending.empty()) add(spans_[k]);
    }
  } else {
    bool and_seen = false;
    while (k > 0) {
      Link l = link(spans_[k - 1], spans_[k]);
      if (l == Link::kNone || (l == Link::kComma && !and_seen)) break;
      and_seen = and_seen || l == Link::kAnd;
      add(spans_[--k]);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// What stands right before a cue, walking back over up to kModifiers words that are neither
// function words nor cues, joined by spaces: a party ("Russian negotiators reportedly
// demanded", "Russia's latest demand"), a pronoun ("he insisted"), another word ("the report
// proposes"), or nothing (a function word, punctuation, the clause start).
Finder::Subject Finder::subject_before(std::size_t cue_first, std::size_t floor) const {
  Subject out;
  std::size_t k = cue_first;
  for (std::size_t step = 0; step <= kModifiers + 2 && k > floor; ++step) {
    if (!joined(k)) return out;
    int span = span_ending_at(k);
    if (span >= 0) {
      out.span = span;
      return out;
    }
    const Token& prev = tokens_[k - 1];
    const std::string_view word = pronoun(prev);
    if (d_.pronouns.count(std::string(word)) &&
        (prev.letter_case != LetterCase::kUpper || word.size() == 1)) {
      out.pronoun = true;
      out.first_person = word == "we" || word == "i" || word == "our" || word == "my";
      // "he", "she": the nearest person named before it in the sentence; other pronouns are
      // left to the previous sentence's speaker.
      if (word == "he" || word == "she" || word == "his" || word == "her") {
        out.personal = true;
        for (std::size_t i = spans_.size(); i-- > 0;) {
          if (spans_[i].person && spans_[i].last <= k - 1 && spans_[i].first >= floor) {
            out.span = static_cast<int>(i);
            break;
          }
        }
      }
      return out;
    }
    if (d_.prepositions.count(prev.text)) {
      // An adverbial phrase between subject and verb: "Moscow has for weeks been demanding".
      out.overt = false;
      --k;
      continue;
    }
    if (d_.function_words.count(prev.text) || stops_walk(k - 1)) return out;
    if (!cue_at(k - 1) && !d_.light_words.count(prev.text)) out.overt = true;
    --k;
  }
  return out;
}

// "Zelenskyy's peace plan, which calls for": the span before the comma of the relative pronoun
// at token `relative`, adjacent or with modifiers between. -1 when none.
int Finder::antecedent_span(std::size_t relative, std::size_t floor) const {
  std::size_t k = relative;
  for (std::size_t step = 0; step <= kModifiers + 2 && k > floor; ++step) {
    if (step > 0 && !continues_phrase(tokens_[k].gap)) return -1;
    int span = span_ending_at(k);
    if (span >= 0) return span;
    const Token& prev = tokens_[k - 1];
    if (d_.function_words.count(prev.text) || stops_walk(k - 1)) return -1;
    --k;
  }
  return -1;
}

// "proposed by Washington", "drafted in April by Trump envoy Steve Witkoff": whether a "by"
// follows the cue, and the parties of its agent.
std::pair<bool, std::vector<std::string>> Finder::passive_agent(std::size_t after,
                                                                const Sentence& s) const {
  for (std::size_t i = after; i < s.last && i < after + 3; ++i) {
    if (tokens_[i].text != "by") continue;
    for (std::size_t k = 0; k < spans_.size(); ++k) {
      if (spans_[k].first > i && spans_[k].first <= i + 4)
        return {true, group(static_cast<int>(k), true, s.last)};
    }
    return {true, {}};
  }
  return {false, {}};
}

// "..., Putin said", "said Kremlin spokesman Dmitry Peskov": a reporter after token `from`.
std::vector<std::string> Finder::reporter_after(std::size_t from, const Sentence& s) const {
  for (const Cue& c : cues_) {
    if (c.kind != CueKind::kReporting || c.first < from) continue;
    Subject before = subject_before(c.first, from);
    if (before.span >= 0) return group(before.span, false, s.last);
    for (std::size_t k = 0; k < spans_.size(); ++k) {
      if (spans_[k].first >= c.last && spans_[k].first <= c.last + 3)
        return group(static_cast<int>(k), true, s.last);
    }
  }
  return {};
}

// The first party of the clause from `start`, starting within kSubjectReach tokens of it and
// ending by `stop`; after a reported-speech boundary ("a source has revealed that Russia ..."),
// the party right after it. Empty when none.
std::vector<std::string> Finder::clause_subject(std::size_t start, std::size_t stop,
                                                std::size_t cue_first) const {
  std::size_t boundary = start;
  for (const Cue& r : cues_) {
    if (r.kind != CueKind::kReporting || r.last > cue_first || r.first < start) continue;
    boundary = r.last;
    // "Putin told Macron he ...": the one told is no subject of what follows.
    if (d_.telling_verbs.count(tokens_[r.first].text)) {
      for (const Span& sp : spans_) {
        if (sp.first == boundary && sp.last <= cue_first) boundary = sp.last;
      }
    }
  }
  for (std::size_t i = boundary; i < cue_first; ++i) {
    if (tokens_[i].text == "that") boundary = i + 1;
  }
  std::vector<std::size_t> starts = {boundary, start};
  // Later comma-separated segments: "Now, five months into the war, Ukrainians believe ...".
  for (std::size_t i = start + 1; i < cue_first; ++i) {
    if (comma_at(i)) starts.push_back(i);
  }
  for (std::size_t n = 0; n < starts.size(); ++n) {
    std::size_t from = starts[n];
    std::size_t reach = n == 0 ? 2 : kSubjectReach;
    if (n == 0 && from == start) continue;
    for (std::size_t k = 0; k < spans_.size(); ++k) {
      if (spans_[k].first < from) continue;
      if (spans_[k].last > stop || spans_[k].first > from + reach) break;
      if (after_preposition(spans_[k].first, from)) continue;  // "disgusted by Putin's ..."
      if (opens_condition(spans_[k].first)) continue;          // "If Russia wants peace, ..."
      return group(static_cast<int>(k), true, stop);
    }
  }
  return {};
}

std::vector<std::string> Finder::speakers(std::size_t index, const Sentence& s) const {
  const Cue& c = cues_[index];
  if (c.kind == CueKind::kJoint) return d_.sides;  // "the two sides discussed a ceasefire"
  if (c.imperative) {
    // The open quotation's speaker, else the reporter before the quotation it opens ('Zelensky
    // said: "Withdraw ..."'), else the one after it ('"Withdraw ...," he added'), else the
    // previous sentence's.
    if (quoted_ && !quote_speaker_.empty()) return quote_speaker_;
    for (std::size_t p = index; p-- > 0;) {
      if (cues_[p].kind != CueKind::kReporting) continue;
      std::vector<std::string> who = speakers(p, s);  // 'Zelensky said: "Stop ..."'
      if (!who.empty()) return who;
      break;
    }
    std::vector<std::string> who = reporter_after(c.last, s);
    return who.empty() ? fallback() : who;
  }
  std::size_t start = clause_start(s, c.first);
  if (subject_is_addressee(c.kind)) {
    // "Putin said Ukraine must withdraw": the speaker of the verb that reports it; in a quote,
    // the quote's speaker.
    if (quoted_ && !quote_speaker_.empty()) return quote_speaker_;
    for (std::size_t p = index; p-- > 0;) {
      const Cue& prev = cues_[p];
      if (prev.first < start) break;
      if (prev.kind == CueKind::kReporting || prev.kind == CueKind::kDemand) {
        if (aside_closed(prev, s, c.first)) continue;  // "to join NATO -- a key Russian demand --"
        if (in_if_clause(p, s)) continue;              // "If Russia wants peace, it must withdraw"
        std::vector<std::string> who = speakers(p, s);
        if (!who.empty()) return who;
        break;
      }
    }
    // Its own subject ("Ukraine must") is the party asked to act: the clause's subject must
    // stand before it and the parties chained to it.
    Subject subject = subject_before(c.first, start);
    std::size_t stop = c.first;
    if (subject.span >= 0 && !subject.pronoun) {
      auto k = static_cast<std::size_t>(subject.span);
      while (k > 0 && chains(spans_[k - 1], spans_[k]))
        --k;
      stop = spans_[k].first;
    }
    std::vector<std::string> who = clause_subject(start, stop, c.first);
    if (who.empty()) who = reporter_after(c.last, s);
    if (who.empty()) who = fallback();
    return who;
  }
  if (auto [by, agent] = passive_agent(c.last, s); by) return agent;
  // "Turkey, Germany and Canada have also been called on to act as guarantors": the subject of
  // a passive demand (an auxiliary, then a participle in -ed) is the one asked; who asks is the
  // previous sentence's speaker. "has been demanding" is no passive. So for a passive offer:
  // "Russia was offered to cease fire on Orthodox Easter" does not offer.
  if ((c.kind == CueKind::kDemand || c.kind == CueKind::kProposal) && c.first > start &&
      tokens_[c.first].text.ends_with("ed") &&
      d_.passive_auxiliaries.count(tokens_[c.first - 1].text))
    return fallback();
  if (c.last + 1 < s.last && tokens_[c.last].text == "of" &&
      (c.kind == CueKind::kDemand || c.kind == CueKind::kProposal ||
       c.kind == CueKind::kCondition)) {
    if (std::size_t verb = handing_verb(start, c.first); verb != kNoToken) {
      // "Russia submitted a list of demands of Kyiv" asks Kyiv: whoever hands the demands
      // over makes them.
      Subject giver = subject_before(verb, start);
      if (giver.span >= 0) return group(giver.span, false, s.last);
      std::vector<std::string> who = clause_subject(start, verb, verb);
      if (!who.empty()) return who;
    } else {
      // "the well-known demands of Russia"
      std::size_t at = c.last + 1 + (tokens_[c.last + 1].text == "the" ? 1 : 0);
      for (std::size_t k = 0; k < spans_.size(); ++k) {
        if (spans_[k].first == at) return group(static_cast<int>(k), true, s.last);
      }
    }
  }
  if ((c.kind == CueKind::kDemand || c.kind == CueKind::kProposal ||
       c.kind == CueKind::kCondition) &&
      c.last < s.last && continues_phrase(tokens_[c.last].gap)) {
    // "the public demands Russia has made", "the terms Moscow put forward": a party right after
    // the noun, before a verb of making or handing it over, makes them.
    Window w = window(s);
    for (std::size_t k = 0; k < spans_.size(); ++k) {
      if (spans_[k].first != c.last) continue;
      std::size_t v = spans_[k].last;
      while (v < s.last && d_.perfect_auxiliaries.count(tokens_[v].text))
        ++v;
      if (v < s.last && d_.handing.longest_at(w, v).first != 0)
        return group(static_cast<int>(k), true, s.last);
    }
  }
  if (forecast(c)) return {};
  if (c.kind == CueKind::kCommitment) {
    // "Zelensky said Russia would pay": a reported commitment or expectation is the
    // reporter's.
    for (std::size_t p = index; p-- > 0;) {
      if (cues_[p].first < start) break;
      if (cues_[p].kind == CueKind::kReporting) {
        std::vector<std::string> who = speakers(p, s);
        if (!who.empty()) return who;
        break;
      }
    }
  }
  Subject subject = subject_before(c.first, start);
  if (subject.span >= 0) return group(subject.span, false, s.last);
  if (subject.pronoun || (quoted_ && !quote_speaker_.empty())) {
    // "We want ...," he said: a first-person speaker is the reporter, when there is one.
    if (subject.first_person) {
      std::vector<std::string> who = reporter_after(c.last, s);
      if (!who.empty()) return who;
      // 'Zelensky said: "We demand ..."': the quotation opened in this sentence, after the
      // reporter who speaks it.
      if (!quote_speaker_.empty() && !opens_.empty() && opens_.front() <= c.first)
        return quote_speaker_;
    } else if (subject.pronoun) {
      // "it", "they": the subject of the sentence, when it has one ("The UN has called for
      // ... and reiterated its call for ..."), else the previous sentence's speaker. "He" is no
      // state: "Nato troops, he insisted, should pull back" is not NATO's demand.
      std::vector<std::string> who;
      if (!subject.personal) who = clause_subject(start, c.first, c.first);
      // "While Russia's official line has been ..., it has demanded": the sentence's subject.
      if (who.empty() && start > s.first && !subject.personal)
        who = clause_subject(s.first, c.first, c.first);
      if (!who.empty()) return who;
      // "Zelensky spoke to reporters on Monday. He said ...": with no speaker carried over, "he"
      // is the person named last before it, in the sentences just before.
      if (subject.personal && fallback().empty()) return person_before(c.first);
    }
    return fallback();
  }
  // Who agrees or commits must be named right there ("the two sides agreed", "Ukraine would").
  if (c.kind == CueKind::kAgreement || c.kind == CueKind::kCommitment) return {};
  if (c.first > start + 1) {
    // A relative clause: "Zelenskyy's peace plan, which calls for ..."
    std::size_t r = c.first - 1;
    const std::string& w = tokens_[r].text;
    if ((w == "which" || w == "who" || w == "that") && tokens_[r].gap == Gap::kPunct) {
      int antecedent = antecedent_span(r, start);
      if (antecedent >= 0) return group(antecedent, false, s.last);
    }
  }
  if (!subject.overt) {
    // "They included ... demanding reparations from Moscow": the clause's subject is the
    // pronoun, so the party is the one it stands for, not the first one named after it.
    if (pronoun_subject(start, c.first)) return fallback();
    std::vector<std::string> who = clause_subject(start, c.first, c.first);
    if (!who.empty()) return who;
  }
  return reporter_after(c.last, s);
}

// The party whose forces a withdrawal moves: named in the match (not as its destination, "from
// Ukraine", nor in a compound, "Russian-occupied"), or right before it with no cue between,
// else the speaker's opponent (empty: the caller decides).
bool Finder::is_commitment_at(std::size_t token) const {
  for (const Cue& c : cues_) {
    if (c.first <= token && token < c.last) return c.kind == CueKind::kCommitment;
  }
  return false;
}

std::string Finder::mover(const TermMatch& t, const Sentence& s) const {
  for (const Span& sp : spans_) {
    if (sp.party.empty() || sp.first < t.first || sp.last > t.last) continue;
    if (sp.last < tokens_.size() && tokens_[sp.last].gap == Gap::kHyphen) continue;
    if (sp.first > 0) {
      const std::string& before = tokens_[sp.first - 1].text;
      bool out_of = before == "of" && sp.first > 1 && tokens_[sp.first - 2].text == "out";
      if (before == "from" || out_of) continue;
    }
    return sp.party;
  }
  // "Russian negotiators agreed to withdraw troops", "offered to pull back": the one that
  // agrees or offers moves its own forces.
  for (const Cue& c : cues_) {
    bool self_cue = c.kind == CueKind::kAgreement || c.kind == CueKind::kCommitment ||
                    c.kind == CueKind::kProposal;
    bool to_term = c.last == t.first || (c.last + 1 == t.first && tokens_[c.last].text == "to");
    if (self_cue && to_term && tokens_[t.first - 1].text == "to") return std::string(kSelf);
  }
  return party_before(t, s);
}

// The party right before match `t`, no cue between ("Ukraine withdraw", "Finland's neutral
// status"); kSelf for a pronoun ("it would withdraw"); "" for none.
std::string Finder::party_before(const TermMatch& t, const Sentence& s) const {
  std::size_t floor = t.first > s.first + kMoverReach ? t.first - kMoverReach : s.first;
  for (std::size_t k = t.first; k > floor; --k) {
    // "Russia said ... it would withdraw troops": the speaker moves its own forces.
    if (d_.pronouns.count(tokens_[k - 1].text) && tokens_[k - 1].text != "their" &&
        tokens_[k - 1].text != "its")
      return std::string(kSelf);
    if (cue_at(k - 1) && !is_commitment_at(k - 1)) break;
    int span = span_ending_at(k);
    if (span >= 0) {
      const Span& sp = spans_[static_cast<std::size_t>(span)];
      // The object of a verb ("give Russia de facto recognition") does not act on the term.
      if (sp.first > s.first && joined(sp.first)) {
        const Token& before = tokens_[sp.first - 1];
        if (before.letter_case == LetterCase::kLower && !d_.function_words.count(before.text) &&
            !d_.prepositions.count(before.text) && !cue_at(sp.first - 1))
          return {};
      }
      if (!sp.party.empty()) return sp.party;
    }
  }
  return {};
}

// "security guarantees for Russia": the party after "for" right after the match, or "".
std::string Finder::beneficiary(const TermMatch& t, const Sentence& s) const {
  if (t.last >= s.last || tokens_[t.last].text != "for") return {};
  for (const Span& sp : spans_) {
    if (sp.first == t.last + 1 || (sp.first == t.last + 2 && tokens_[t.last + 1].text == "the"))
      return sp.party;
  }
  return {};
}

void Finder::emit(const std::string& id, const std::string& party, const TermMatch& t) {
  out_.push_back({id, party, t.first, t.last});
}

// Whether match `t` is a term of ending this war: a party it names must be one of [about]'s
// ("Finland's neutral status" is not), and a term of [needs-talks] needs talks in its sentence.
bool Finder::concerns(const TermMatch& t, const Sentence& s, const std::string& speaker) const {
  if (d_.needs_talks.count(t.term)) {
    Window w = window(s);
    bool talks = false;
    for (std::size_t i = s.first; i < s.last && !talks; ++i)
      talks = d_.talks.longest_at(w, i).first > i;
    if (!talks) return false;
  }
  auto it = d_.about.find(t.term);
  if (it == d_.about.end()) return true;
  const DemandRules::Data::About& about = it->second;
  // "ukraine nato": only these; "-russia": anyone but Russia.
  auto allowed = [&](const std::string& party) {
    if (party.empty() || party == kSelf) return true;
    bool listed = false, excluded = false, exclusions_only = true;
    for (const std::string& a : about.parties) {
      if (a.starts_with("-")) {
        excluded = excluded || std::string_view(a).substr(1) == party;
      } else {
        exclusions_only = false;
        listed = listed || a == party;
      }
    }
    return !excluded && (listed || exclusions_only);
  };
  // The parties inside the match: the listed ones only (an exclusion is about the party that
  // acts, which stands before the match: "recognise Crimea as Russian" is fine).
  bool lists = std::any_of(about.parties.begin(), about.parties.end(),
                           [](const std::string& a) { return !a.starts_with("-"); });
  for (const Span& sp : spans_) {
    if (lists && sp.first >= t.first && sp.last <= t.last && !allowed(sp.party)) return false;
  }
  // "Finland and Sweden ... their accession to NATO": a possessive in the match stands for the
  // party named last before it in the sentence, the one that acts on the term ("the U.S. lifted
  // its sanctions" is about whom they are on, after the match).
  auto first = tokens_.begin() + static_cast<std::ptrdiff_t>(t.first);
  auto last = tokens_.begin() + static_cast<std::ptrdiff_t>(t.last);
  if (lists && about.before &&
      std::any_of(first, last, [&](const Token& k) { return d_.possessives.count(k.text) > 0; })) {
    const Span* named = nullptr;
    for (const Span& sp : spans_) {
      if (sp.last <= t.first && sp.first >= s.first && !sp.party.empty()) named = &sp;
    }
    if (named && !allowed(named->party)) return false;
  }
  if (about.before) {
    // The term's own subject ("=ukraine") named inside the match settles it: "the U.S. shut
    // Kyiv's door to NATO membership" is Ukraine's neutrality.
    if (!about.subject.empty() && std::any_of(spans_.begin(), spans_.end(), [&](const Span& sp) {
          return sp.first >= t.first && sp.last <= t.last && sp.party == about.subject;
        }))
      return true;
    // The party that acts on the term, right before it; "he would recognise" is the speaker.
    std::string named = party_before(t, s);
    if (named == kSelf) named = speaker;
    return allowed(named);
  }
  // After it: "sanctions on Venezuela", "sanctions against Belarus".
  for (std::size_t i = t.last; i < s.last && i < t.last + 3; ++i) {
    const std::string& w = tokens_[i].text;
    if (w != "on" && w != "against" && w != "of" && w != "for" && w != "imposed") continue;
    for (const Span& sp : spans_) {
      if (sp.first == i + 1 || (sp.first == i + 2 && tokens_[i + 1].text == "the"))
        return allowed(sp.party);
    }
  }
  return true;
}

// Gives term match `t` to each party of `who` (or to nobody in particular when `who` is empty).
void Finder::attribute(const TermMatch& t, const std::vector<std::string>& who, const Sentence& s) {
  const Term& term = d_.terms[t.term];
  std::vector<std::string> parties = who;
  if (parties.empty()) parties.emplace_back();
  std::string moved;
  bool needs_mover = std::any_of(term.rules.begin(), term.rules.end(),
                                 [](const ResolveRule& r) { return r.by_mover; });
  if (needs_mover) moved = mover(t, s);
  for (const std::string& party : parties) {
    const ResolveRule* rule = nullptr;
    std::string m = moved;
    if (needs_mover && m.empty() && !party.empty()) {
      auto it = d_.opponents.find(party);
      if (it == d_.opponents.end()) it = d_.opponents.find("*");
      if (it != d_.opponents.end()) m = it->second;
    }
    if (!concerns(t, s, party)) continue;
    // A party's own pull-back is a gesture, not its demand ("Russia said some forces would
    // begin withdrawing").
    if (needs_mover && !moved.empty() && (moved == party || moved == kSelf)) continue;
    for (const ResolveRule& r : term.rules) {
      if (!r.until.empty() && (date_.empty() ? r.dated : date_ >= r.until)) continue;
      if (!r.article_word.empty() && !has_word(r.article_word)) continue;
      const std::string& key = r.by_mover ? m : r.by_beneficiary ? beneficiary(t, s) : party;
      if (!key.empty() && (r.party == key || r.party == "*")) {
        rule = &r;
        break;
      }
    }
    if (rule) {
      for (const std::string& id : rule->ids)
        emit(id, party, t);
    } else if (term.is_id) {
      emit(term.name, party, t);
    }
  }
}

// Follows quotation marks through the sentence's separators: “ opens, ” closes, a straight "
// opens before a word and closes elsewhere; a single mark (' ‘ ’) opens after a space and
// before a word and closes after a word. Sets quoted_ and opens_.
void Finder::track_quotes(const Sentence& s) {
  opens_.clear();
  // A single quotation reopens with its own mark at each paragraph; one left open by a stray
  // apostrophe ends with its line.
  if (s.starts_line && in_single_) in_quote_ = in_single_ = false;
  bool was_in = in_quote_;
  for (std::size_t i = s.first; i < s.last; ++i) {
    std::size_t from = i == 0 ? 0 : tokens_[i - 1].next;
    std::size_t to = tokens_[i].begin;
    for (std::size_t p = from; p < to; ++p) {
      char c = text_[p];
      // The curly marks are E2 80 9C/9D (double) and E2 80 98/99 (single).
      char curly = c == '\xE2' && p + 2 < to && text_[p + 1] == '\x80' ? text_[p + 2] : '\0';
      if (c == '"') {
        in_quote_ = p + 1 < text_.size() && text_[p + 1] != ' ' && text_[p + 1] != '\n' &&
                    text_[p + 1] != '.' && text_[p + 1] != ',';
        if (in_quote_) opens_.push_back(i);
      } else if (curly == '\x9C') {
        in_quote_ = true;
        opens_.push_back(i);
      } else if (curly == '\x9D') {
        in_quote_ = false;
      } else if (c == '\'' || curly == '\x98' || curly == '\x99') {
        // A single quotation mark: it opens right before a word, after a space, a line break, a
        // bracket or a double mark ("'We will fight,' he said"); it closes right after a word or
        // a stop. An apostrophe inside a word never reaches a separator.
        std::size_t width = c == '\'' ? 1 : 3;
        bool before_word = p + width == to;
        bool after_space = p == 0 || text_[p - 1] == ' ' || text_[p - 1] == '\n' ||
                           text_[p - 1] == '(' || text_[p - 1] == '"';
        if (before_word && after_space && !in_quote_) {
          in_quote_ = in_single_ = true;
          opens_.push_back(i);
        } else if (in_single_ && !before_word) {
          in_quote_ = in_single_ = false;
        }
        p += width - 1;
      }
    }
    if (i == s.first) quoted_ = in_quote_;
  }
  // A quotation that opens here with no reporter before it ("“This was a non-starter,” the
  // source said") has no known speaker yet; one reopened inside a quotation keeps its own.
  if (!opens_.empty() && !(was_in && opens_.front() == s.first)) quote_speaker_.clear();
  if (!in_quote_ && !quoted_) quote_speaker_.clear();
}

// Tokens k and k+1, before `end`, read as a person's name: two capitalised words joined by a
// space, neither a function word nor a date ("On Monday", "In March", "The Kremlin" open none).
bool Finder::name_at(std::size_t k, std::size_t end) const {
  static const std::unordered_set<std::string_view> kDateWords = {
      "monday",  "tuesday",   "wednesday", "thursday", "friday",  "saturday", "sunday",
      "january", "february",  "march",     "april",    "may",     "june",     "july",
      "august",  "september", "october",   "november", "december"};
  if (k + 1 >= end || tokens_[k].letter_case != LetterCase::kCapitalised ||
      tokens_[k + 1].letter_case != LetterCase::kCapitalised ||
      !continues_phrase(tokens_[k + 1].gap))
    return false;
  for (std::size_t j = k; j <= k + 1; ++j) {
    const std::string& w = tokens_[j].text;
    if (d_.function_words.count(w) || d_.prepositions.count(w) || kDateWords.count(w)) return false;
  }
  return true;
}

// The sentence reports the words of a named person who is no party span: it opens with a name
// (name_at) that no span covers ("Mike Ryan, the head of WHO's emergencies program, said ..."),
// or a reporting verb is followed by one ("..., said Mike Ryan"). Its terms are that person's,
// not the previous sentence's speaker's.
bool Finder::reported_by_unknown(const Sentence& s) const {
  auto unknown_name = [&](std::size_t k) {
    return name_at(k, s.last) && std::none_of(spans_.begin(), spans_.end(), [&](const Span& sp) {
             return sp.first <= k + 1 && sp.last > k;
           });
  };
  bool reported = false;
  for (const Cue& c : cues_) {
    if (c.kind != CueKind::kReporting) continue;
    reported = true;
    if (unknown_name(c.last)) return true;
  }
  return reported && unknown_name(s.first);
}

// The party of the person named last before `token`, within kPronounReach tokens; none when
// there is no such person, or when a name (name_at) that is no party span stands between
// ("Bonnie Jenkins, U.S. undersecretary of state, ... She said"): "she" may be that person,
// whom the gazetteer does not know.
std::vector<std::string> Finder::person_before(std::size_t token) const {
  std::size_t end = token;  // tokens from the span under test up to `end` hold no unknown name
  for (std::size_t i = parties_.size(); i-- > 0;) {
    const PartySpan& p = parties_[i];
    if (p.last > token) continue;
    if (p.last + kPronounReach < token) break;
    for (std::size_t k = p.last; k + 1 < end; ++k) {
      if (name_at(k, end)) return {};
    }
    end = p.first;
    if (p.person) return {p.party};
  }
  return {};
}

const std::vector<std::string>& Finder::speaker_of(std::size_t c, const Sentence& s) {
  if (!resolved_[c]) {
    who_[c] = speakers(c, s);
    // "... they would not join alliances - but would have their security guaranteed": a cue
    // right after "and" or "but" shares the subject of the cue before it in the sentence.
    std::size_t first = cues_[c].first;
    if (who_[c].empty() && c > 0 && first > s.first &&
        d_.coordinators.count(tokens_[first - 1].text) && cues_[c - 1].first >= s.first)
      who_[c] = speaker_of(c - 1, s);
    // "That is why our state needs concrete security guarantees," in the president's own press
    // release: words with no other speaker are the house's.
    if (who_[c].empty() && !house_.empty()) who_[c] = {house_};
    resolved_[c] = 1;
  }
  return who_[c];
}

// Cue `c` stands in an aside that closes before token `before`: a dash or an opening bracket
// before it and a dash or a closing bracket after it ("waiving its bid to join NATO -- a key
// Russian demand -- in exchange for a ceasefire"). What the aside says governs nothing after it.
bool Finder::aside_closed(const Cue& c, const Sentence& s, std::size_t before) const {
  auto mark = [&](std::size_t i, bool open) {
    std::string_view sep = separator_before(text_, tokens_, i);
    return sep.find(open ? "(" : ")") != std::string_view::npos ||
           sep.find(" -- ") != std::string_view::npos ||
           sep.find("\xE2\x80\x94") != std::string_view::npos ||  // em dash
           sep.find(" \xE2\x80\x93 ") != std::string_view::npos;  // spaced en dash
  };
  bool opened = false;
  for (std::size_t i = c.first + 1; i-- > s.first + 1;) {
    if (tokens_[i].gap == Gap::kPunct && mark(i, true)) {
      opened = true;
      break;
    }
  }
  if (!opened) return false;
  for (std::size_t i = c.last; i <= before && i < s.last; ++i) {
    if (tokens_[i].gap == Gap::kPunct && mark(i, false)) return true;
  }
  return false;
}

// Cue `index` stands in the clause of a conditional before it, with no comma between ("If
// Russia wants peace, it must ..."): it states the condition, not who asks.
bool Finder::in_if_clause(std::size_t index, const Sentence& s) const {
  const Cue& c = cues_[index];
  for (std::size_t p = index; p-- > 0;) {
    if (cues_[p].kind != CueKind::kConditional) continue;
    for (std::size_t i = cues_[p].last; i <= c.first && i < s.last; ++i) {
      if (comma_at(i)) return false;
    }
    return true;
  }
  return false;
}

// The cue right after term `t` and joined to it by spaces ("the troop withdrawal demand", "a
// ceasefire proposed by Washington", "ceasefire talks"); -1 when none.
int Finder::right_cue(const TermMatch& t) const {
  for (std::size_t c = 0; c < cues_.size(); ++c) {
    if (cues_[c].first < t.last || !governs(cues_[c].kind)) continue;
    if (cues_[c].first > t.last + kRightCueGap) return copular_cue(t);
    for (std::size_t i = t.last; i <= cues_[c].first; ++i) {
      if (!continues_phrase(tokens_[i].gap)) return copular_cue(t);
    }
    return static_cast<int>(c);
  }
  return -1;
}

// "Immediate ceasefire and withdrawal of Russian troops are among the key aspects of a peace
// agreement", "Neutrality remains one of Moscow's main demands": a term that opens its clause,
// no cue before it, the rest of its phrase, a copula ([copulas]) and then a cue noun of
// demanding, a condition or a proposal, with only [copula-fillers] or a party between.
int Finder::copular_cue(const TermMatch& t) const {
  if (std::any_of(cues_.begin(), cues_.end(), [&](const Cue& c) { return c.first < t.first; }))
    return -1;
  std::size_t i = t.last;
  while (i < tokens_.size() && i < t.last + kCopulaReach && continues_phrase(tokens_[i].gap) &&
         !d_.copulas.count(tokens_[i].text))
    ++i;
  if (i >= tokens_.size() || !d_.copulas.count(tokens_[i].text) ||
      !continues_phrase(tokens_[i].gap))
    return -1;
  ++i;
  for (std::size_t step = 0; step < 4 && i < tokens_.size(); ++step) {
    if (!continues_phrase(tokens_[i].gap)) return -1;
    for (std::size_t c = 0; c < cues_.size(); ++c) {
      CueKind k = cues_[c].kind;
      if (cues_[c].first == i &&
          (k == CueKind::kDemand || k == CueKind::kCondition || k == CueKind::kProposal))
        return static_cast<int>(c);
    }
    bool party = std::any_of(spans_.begin(), spans_.end(),
                             [i](const Span& sp) { return sp.first <= i && i < sp.last; });
    if (!party && !d_.copula_fillers.count(tokens_[i].text)) return -1;
    ++i;
  }
  return -1;
}

// "would" commits only in reported speech ("Negotiators said they would not join alliances");
// elsewhere it is a forecast or a hypothesis ("Moscow would exploit any truce").
bool Finder::forecast(const Cue& c) const {
  return c.kind == CueKind::kCommitment && d_.reported_only.count(tokens_[c.first].text) &&
         !quoted_ && std::none_of(cues_.begin(), cues_.end(), [](const Cue& r) {
           return r.kind == CueKind::kReporting;
         });
}

// The nearest cue before term `t`, or one inside it ("territories must be liberated"); an
// agreement or a commitment that an earlier cue of the same stretch asks for, proposes or sets
// as a condition stands for that cue ("Putin's demand is that the US and NATO commit to ...",
// "the US draft would ...", "on the basis that Russia would withdraw troops"). -1 when none.
int Finder::left_cue(const TermMatch& t, const Sentence& s) const {
  int left = -1;
  for (std::size_t c = 0; c < cues_.size(); ++c) {
    bool before = cues_[c].last <= t.first && !aside_closed(cues_[c], s, t.first);
    bool inside = cues_[c].first > t.first && cues_[c].last <= t.last;
    if ((before || inside) && governs(cues_[c].kind)) left = static_cast<int>(c);
  }
  if (left < 0) return left;
  // "Putin has demanded that NATO rule out ... and that NATO forces pull back": a second "that"
  // clause is the verb's that took the first, not a cue's inside the first.
  for (std::size_t a = cues_[static_cast<std::size_t>(left)].last; a + 1 < t.first; ++a) {
    if (tokens_[a].text != "and" || tokens_[a + 1].text != "that") continue;
    for (std::size_t c = static_cast<std::size_t>(left); c-- > 0;) {
      std::size_t next = cues_[c].last;
      if (governs(cues_[c].kind) && next < t.first && tokens_[next].text == "that") {
        left = static_cast<int>(c);
        break;
      }
    }
    break;
  }
  const Cue& inner = cues_[static_cast<std::size_t>(left)];
  // "Kiev wants the US and other members of NATO to offer legally binding guarantees": an offer
  // in the infinitive that a demand asks of others is the demand's.
  bool asked_offer =
      inner.kind == CueKind::kProposal && inner.first > 0 && tokens_[inner.first - 1].text == "to";
  if (inner.kind != CueKind::kAgreement && inner.kind != CueKind::kCommitment && !asked_offer)
    return left;
  for (std::size_t c = static_cast<std::size_t>(left); c-- > 0;) {
    for (std::size_t i = cues_[c].last; i <= inner.first; ++i) {
      // "Putin's central demand, that the US and NATO commit to": a comma may open the clause.
      bool clause = tokens_[i].text == "that" && separator_before(text_, tokens_, i) == ", ";
      if (!joined(i) && !clause) return left;
      // "... NATO will not offer membership and that he could consider neutrality": a second
      // "that" clause is the reporting verb's, not inside the earlier cue's.
      if (tokens_[i].text == "that" && tokens_[i - 1].text == "and") return left;
    }
    CueKind k = cues_[c].kind;
    if (k == CueKind::kDemand || k == CueKind::kCondition || k == CueKind::kObligation ||
        k == CueKind::kProposal || k == CueKind::kConditional)
      return static_cast<int>(c);
  }
  return left;
}

void Finder::judge(const TermMatch& t, const Sentence& s, bool carried) {
  int right = right_cue(t);
  if (right >= 0) {
    const Cue& r = cues_[static_cast<std::size_t>(right)];
    if (r.kind == CueKind::kMention) return;  // "ceasefire talks"
    if (!r.negated_for(t.first, t.last, own_negation(t)) && r.kind != CueKind::kRejection) {
      // "proposed by Washington", "the U.S. ceasefire proposal": a speaker named right there.
      std::vector<std::string> agent = passive_agent(r.last, s).second;
      if (agent.empty()) {
        // "security guarantees it is seeking", "the terms they demanded": a relative clause
        // whose subject is a pronoun gives the term to whom the pronoun stands for.
        for (std::size_t i = t.last; i < r.first && agent.empty(); ++i) {
          if (d_.subject_pronouns.count(std::string(pronoun(tokens_[i]))))
            agent = speaker_of(static_cast<std::size_t>(right), s);
        }
      }
      if (agent.empty()) {
        Subject owner = subject_before(t.first, s.first);
        if (owner.span >= 0 && !owner.pronoun) agent = group(owner.span, false, s.last);
      }
      if (!agent.empty()) {
        if (!t.opposite) attribute(t, agent, s);
        return;
      }
    }
  }
  int left = left_cue(t, s);
  if (left < 0) {
    if (t.opposite) return;
    if (carried && !carry_.empty()) {
      attribute(t, carry_, s);  // a list item, "The second involves ..."
    } else if (right < 0 && d_.own_acts.count(t.term)) {
      // "Russia will drastically cut its military activity around Kyiv": a side announcing its
      // own act, named right before it.
      std::string actor = party_before(t, s);
      if (actor == kSelf) {
        if (!fallback().empty()) attribute(t, fallback(), s);
      } else if (!actor.empty()) {
        attribute(t, {actor}, s);
      }
    } else if (right >= 0) {
      const Cue& r = cues_[static_cast<std::size_t>(right)];
      if (!r.negated_for(t.first, t.last, own_negation(t)) && r.kind != CueKind::kRejection)
        attribute(t, speaker_of(static_cast<std::size_t>(right), s), s);
    }
    return;
  }
  const Cue& l = cues_[static_cast<std::size_t>(left)];
  if (l.kind == CueKind::kMention || forecast(l)) return;
  // "Further demands include ...", a list item: a cue with no speaker of its own has the
  // carried one.
  std::vector<std::string> speaker = speaker_of(static_cast<std::size_t>(left), s);
  if (speaker.empty() && carried) speaker = carry_;
  if (l.kind == CueKind::kRejection || l.negated_for(t.first, t.last, own_negation(t))) {
    if (t.opposite && !speaker.empty()) attribute(t, speaker, s);
    return;
  }
  if (t.opposite) return;
  attribute(t, speaker, s);
}

// A line after a list's heading is an item when it starts with a bullet or its first sentence
// holds a term ("Full withdrawal of Ukrainian forces from ...").
bool Finder::list_item(const Sentence& s, const std::vector<TermMatch>& terms) const {
  std::string_view lead = trim(separator_before(text_, tokens_, s.first));
  bool bullet = !lead.empty() && (lead.back() == '-' || lead.back() == '*' ||
                                  lead.ends_with("\xE2\x80\xA2") ||  // bullet
                                  lead.ends_with("\xE2\x80\x93"));   // en dash
  return bullet ||
         std::any_of(terms.begin(), terms.end(), [](const TermMatch& t) { return !t.opposite; });
}

std::vector<Demand> Finder::run() {
  bool list = false;  // inside a list of items under a heading
  std::vector<std::string> list_speaker;
  for (const Sentence& s : split_sentences(text_, tokens_)) {
    track_quotes(s);
    scan_cues(s);
    std::vector<TermMatch> terms;
    bool item = false;
    if (list) {
      terms = find_terms(s);
      item = !s.starts_line || list_item(s, terms);
      list = item;
      if (item && s.starts_line) carry_ = list_speaker;
    } else if (std::any_of(cues_.begin(), cues_.end(), [](const Cue& c) {
                 return governs(c.kind) || c.kind == CueKind::kContinuation;
               })) {
      terms = find_terms(s);
    } else if (!d_.own_acts.empty()) {
      terms = find_terms(s, true);  // only an announced act may stand without a cue
    }
    bool own_act = std::any_of(terms.begin(), terms.end(),
                               [&](const TermMatch& t) { return d_.own_acts.count(t.term) > 0; });
    if (cues_.empty() && !item && !own_act) {
      // Inside a single-quoted speech that goes on, the speaker stays: "'... words are not
      // enough. Stop the war, withdraw from our territory ...'".
      if (!(quoted_ && in_single_)) carry_.clear();
      continue;
    }
    collect_spans(s);
    unknown_reporter_ = reported_by_unknown(s);
    who_.assign(cues_.size(), {});
    resolved_.assign(cues_.size(), 0);
    // "Peskov said: \"...": the reporter speaks the quotation that opens after the cue.
    for (std::size_t open : opens_) {
      for (std::size_t c = 0; c < cues_.size(); ++c) {
        if (cues_[c].kind == CueKind::kReporting && cues_[c].last == open)
          quote_speaker_ = speaker_of(c, s);
      }
    }
    bool continuation = std::any_of(cues_.begin(), cues_.end(),
                                    [&](const Cue& c) { return c.kind == CueKind::kContinuation; });

    for (const TermMatch& t : terms)
      judge(t, s, continuation || item);

    // The speaker carried to the next sentence: that of its last cue that has one, else the
    // one this sentence continued with.
    std::vector<std::string> next;
    for (std::size_t c = cues_.size(); c-- > 0 && next.empty();) {
      CueKind k = cues_[c].kind;
      if (k != CueKind::kMention && k != CueKind::kBothSides && k != CueKind::kContinuation)
        next = speaker_of(c, s);
    }
    if (next.empty() && (continuation || item)) next = carry_;
    bool states_demands = std::any_of(cues_.begin(), cues_.end(), [](const Cue& c) {
      return puts_forward(c.kind) && !c.negated;
    });
    if (s.heading && states_demands && !next.empty()) {
      list = true;
      list_speaker = next;
    }
    carry_ = std::move(next);
  }
  return std::move(out_);
}

}  // namespace

std::vector<Demand> DemandRules::find(std::string_view text, const std::vector<Token>& tokens,
                                      const std::vector<PartySpan>& parties,
                                      const std::vector<TokenSpan>& regions, std::string_view house,
                                      std::string_view date) const {
  return Finder(*data_, text, tokens, parties, regions, house, date).run();
}

}  // namespace parley
