// Demand extraction: sentences that report a party demanding, insisting on, setting as a
// condition, proposing, offering or agreeing to a term of ending the war, classified into
// FACETS.md's demand ids and attributed to the party that puts the term forward. Cues and
// term patterns are data (common/data/demand_cues.txt, demand_terms.txt). Pure: tokens and
// entity spans in, values out.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/tokens.h"

namespace parley {

// One sentence: tokens [first, last) of a tokenized text.
struct Sentence {
  std::size_t first = 0, last = 0;
  bool starts_line = false;  // the first sentence of its line (a paragraph or a list item)
  bool heading = false;      // ends with ':' at the end of its line ("Russia's demands include:")
};

// Splits `tokens` (from tokenize(text)) into sentences. A sentence ends at a line break or at
// '.', '!' or '?'; ':' and ';' do not end one. Abbreviations and initials ("U.S.", "Mr.",
// "Gen.", "J.") are no ends: tokenize() keeps their dots out of the separators.
std::vector<Sentence> split_sentences(std::string_view text, const std::vector<Token>& tokens);

// Tokens [first, last) that name a party acting or speaking, as analyse() reads them: a party's
// name, adjective or metonym ("Russia", "Russian negotiators", "Moscow insists", "the Kremlin"),
// or a person with a party affiliation ("Putin").
struct PartySpan {
  std::size_t first = 0, last = 0;
  std::string party;    // the party's id
  bool person = false;  // a person's name ("he" may refer to it), not a state's
};

// Tokens [first, last) that name a region, or a place inside one ("Donetsk", "Mariupol").
struct TokenSpan {
  std::size_t first = 0, last = 0;
};

// One reported demand.
struct Demand {
  std::string id;                   // a demand id of FACETS.md's table ("territorial-withdrawal")
  std::string party;                // the party that makes it; empty when the text does not say who
  std::size_t first = 0, last = 0;  // the tokens of the term that gave it
};

// The cues and term patterns, and the rules that apply them.
class DemandRules {
 public:
  // Parses the cue lists (demand_cues.txt's format) and the term patterns (demand_terms.txt's
  // format; both files' headers describe it). Throws std::runtime_error naming the file's line
  // on malformed input: an unknown section, an id not in [ids], a bad pattern element, a phrase
  // listed under two kinds of cue, a [resolve] or [precedence] line naming an unknown term.
  DemandRules(std::string_view cues, std::string_view terms);
  ~DemandRules();
  DemandRules(DemandRules&&) noexcept;
  DemandRules& operator=(DemandRules&&) noexcept;

  // The rules built from analysis_data()'s demand_cues.txt and demand_terms.txt (embedded, or
  // replaced with --data). Parsed once, on first use; thread-safe.
  static const DemandRules& builtin();

  // The demand ids, in the order of FACETS.md's table.
  const std::vector<std::string>& ids() const;

  // The demands that `text` reports, in text order, possibly repeated. `tokens` is
  // tokenize(text); `parties` and `regions` are spans of it, sorted by position. A term counts
  // when a cue governs it: the nearest cue before it in its sentence, or a cue right after it
  // ("a ceasefire proposed by Washington"). The party is the cue's speaker (docs/facets.md,
  // "Demands"): an agreement gives one Demand per side that agreed, a rejection none for the
  // rejecting side, and a term with no speaker the text names a Demand with an empty party, or,
  // when `house` is given (the party whose own outlet published the text: a president's press
  // office), a Demand of `house`. `date` (YYYY-MM-DD, or empty when unknown) is the text's date,
  // for the [resolve] rules that hold only until a date.
  std::vector<Demand> find(std::string_view text, const std::vector<Token>& tokens,
                           const std::vector<PartySpan>& parties,
                           const std::vector<TokenSpan>& regions, std::string_view house = {},
                           std::string_view date = {}) const;

  struct Data;  // the parsed rules (opaque)

 private:
  std::unique_ptr<const Data> data_;
};

}  // namespace parley
