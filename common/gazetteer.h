// The gazetteer: the alias table behind the region, place, person, party, source and agency
// facets (common/data/gazetteer.tsv), resolving what users type to ids, and a one-pass matcher
// that finds every entity mention in a text. Pure: text in, values out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/schema.h"
#include "common/tokens.h"

namespace parley {

// One gazetteer entry (one line of gazetteer.tsv).
struct Entity {
  std::string id;  // kebab-case slug, unique within its facet
  schema::Facet facet = schema::Facet::kRegion;
  std::string display;
  std::vector<std::string> aliases;     // surface forms as the data writes them
  std::vector<std::string> adjectives;  // parties: nationality adjectives and demonyms
  std::string parent;                   // region id (places, and regions inside a grouping)
  std::string affiliation;  // party id (people; capitals: their government; a government's own
                            // outlet: that government); a person's current one
  // A person's earlier affiliations, oldest first: each held until (before) its date, written
  // "netherlands until 2024-10-01; nato" in the gazetteer. An empty party is a time out of
  // office.
  struct Tenure {
    std::string party;
    std::string until;  // YYYY-MM-DD
  };
  std::vector<Tenure> earlier;
  std::size_t display_tokens = 0;  // how many tokens the display name has

  // The party the person acted for on `date` (YYYY-MM-DD); the current one when `date` is
  // empty or after every tenure.
  const std::string& affiliation_on(std::string_view date) const;
};

// How a mention matched an entity.
enum class MatchKind : std::uint8_t {
  kName,       // one of its aliases ("Russia", "the Kremlin", "Zelenskyy")
  kAdjective,  // one of its adjectives ("Russian", "Ukrainians")
};

struct Candidate {
  const Entity* entity = nullptr;
  MatchKind kind = MatchKind::kName;
};

// One mention: tokens [first, last) of the tokenized text, bytes [begin, end) of the text.
struct Mention {
  std::size_t first = 0, last = 0;
  std::size_t begin = 0, end = 0;
  std::vector<Candidate> candidates;  // every entity the matched form names, in file order
};

class Gazetteer {
 public:
  // Parses gazetteer TSV text (format in the header of common/data/gazetteer.tsv) and, when
  // given, a list of phrases that are not entities (one a line, '#' comments: "Latin America",
  // "U.N. Charter"); the matcher consumes those phrases without reporting them, so the names
  // inside them are not mentions. Throws std::runtime_error naming the line on malformed input:
  // a wrong column count, an unknown facet, a bad or duplicate id, a parent that is not a
  // region id, an affiliation that is not a party id, a parent cycle.
  explicit Gazetteer(std::string_view tsv, std::string_view not_entities = {});

  Gazetteer(Gazetteer&&) = default;
  Gazetteer& operator=(Gazetteer&&) = default;
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  // The gazetteer of analysis_data() (common/analysis_data.h): common/data/gazetteer.tsv and
  // not_entities.txt as embedded in the binary, or as replaced with --data. Parsed once, on
  // first use; thread-safe.
  static const Gazetteer& builtin();

  // All entities, in file order. Entity pointers stay valid as long as the gazetteer.
  const std::vector<Entity>& entities() const { return entities_; }

  // The entity with `id` in `facet`, or nullptr.
  const Entity* find(schema::Facet facet, std::string_view id) const;

  // The entity a user means by `text` in `facet`: the id, the display name, an alias or (with
  // lower priority) an adjective, compared folded and ignoring punctuation, case and spacing
  // ("Zaporozhye" -> zaporizhzhia, "zelenskiy" -> volodymyr-zelensky, "kyiv city" ->
  // kyiv-city). For the party facet, a capital names its government ("Moscow" -> russia).
  // Returns nullptr when nothing matches.
  const Entity* resolve(schema::Facet facet, std::string_view text) const;

  // Up to `n` ids in `facet` closest to `text` by edit distance over the folded ids, display
  // names and aliases; ties by id. For "did you mean" messages.
  std::vector<std::string> closest(schema::Facet facet, std::string_view text, std::size_t n) const;

  // Every mention in `tokens` (from tokenize()), leftmost-longest and non-overlapping, in one
  // pass over a trie of alias tokens. An alias's tokens must be joined by spaces or hyphens
  // ("Ivano-Frankivsk" = "Ivano Frankivsk"); a possessive ends a mention ("Russia's").
  //
  // Case rules, from how the data writes each alias:
  // - an alias token written in capitals with at most three letters ("US", "U.S.", "UN", "EU",
  //   "UK", "AP", "RT") only matches a token written all in capitals, so "us" the pronoun never
  //   names united-states; longer acronyms match in any case ("Nato", "Tass");
  // - an alias whose first letter is a capital only matches text whose first letter is one
  //   ("Turkey" but not "turkey", "Polish" but not "polish", "Truss" but not "truss");
  // - an alias written in lower case matches any case ("dpa").
  // A longer alias that fails these rules gives way to a shorter one that passes.
  std::vector<Mention> match(const std::vector<Token>& tokens) const;

  // Tokenizes `text` and matches it; the mentions' byte spans point into `text`.
  std::vector<Mention> match(std::string_view text) const;

 private:
  struct AliasEntry {
    std::uint32_t entity;
    MatchKind kind;
    bool capital_first;        // the first token must start with a capital
    std::uint32_t upper_mask;  // bit k: token k must be written in capitals
  };
  struct Node {
    std::vector<AliasEntry> entries;
    bool not_entity = false;
  };
  struct Key {
    std::uint32_t entity;
    int priority;  // 0 id, 1 display, 2 alias, 3 adjective
  };

  void add_alias(std::string_view alias, std::uint32_t entity, MatchKind kind,
                 std::size_t line_number);
  std::uint32_t insert_path(const std::vector<Token>& tokens);
  std::uint32_t child(std::uint32_t node, std::uint32_t token) const;  // 0: none
  bool accepts(std::uint32_t node, const std::vector<Token>& tokens, std::size_t first) const;
  void add_key(std::uint32_t entity, std::string_view text, int priority);

  std::vector<Entity> entities_;
  std::unordered_map<std::string, std::uint32_t> by_id_;       // "<facet>:<id>"
  std::unordered_map<std::string, std::vector<Key>> keys_;     // "<facet>:<normalised text>"
  std::unordered_map<std::string, std::uint32_t> vocabulary_;  // alias token -> token id
  std::unordered_map<std::uint64_t, std::uint32_t> edges_;     // (node << 32 | token id) -> node
  std::vector<Node> nodes_;                                    // nodes_[0] is the root
};

// The form resolve() compares: fold()ed, apostrophes and dots dropped ("U.S." -> "us"), other
// punctuation and runs of space as one space, trimmed. "Kyiv-City" -> "kyiv city".
std::string normalise_key(std::string_view text);

// Levenshtein distance between two byte strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace parley
