#include "common/gazetteer.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "common/analysis_data.h"
#include "common/dates.h"
#include "common/fold.h"

namespace parley {

const std::string& Entity::affiliation_on(std::string_view date) const {
  if (!date.empty()) {
    for (const Tenure& t : earlier) {
      if (date < t.until) return t.party;
    }
  }
  return affiliation;
}

namespace {

constexpr std::uint32_t kNoToken = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kMaxAliasTokens = 32;
constexpr std::size_t kMaxAcronymLetters = 3;

std::string facet_key(schema::Facet facet, std::string_view rest) {
  std::string key(1, static_cast<char>('0' + static_cast<int>(facet)));
  key.push_back(':');
  key.append(rest);
  return key;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::vector<std::string> list_of(std::string_view column) {
  std::vector<std::string> out;
  if (trim(column).empty()) return out;
  for (std::string_view part : split(column, '|')) {
    part = trim(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

bool is_slug(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::runtime_error line_error(std::size_t line, const std::string& what) {
  return std::runtime_error("gazetteer.tsv line " + std::to_string(line) + ": " + what);
}

// Letters of an alias token as written, and whether all of them are capitals.
bool is_short_acronym(std::string_view written) {
  std::size_t letters = 0;
  for (char c : written) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return letters > 0 && letters <= kMaxAcronymLetters;
}

bool passes_case(const std::vector<Token>& tokens, std::size_t first, bool capital_first,
                 std::uint32_t upper_mask) {
  if (capital_first) {
    LetterCase c = tokens[first].letter_case;
    if (c != LetterCase::kCapitalised && c != LetterCase::kUpper) return false;
  }
  for (std::size_t k = 0; upper_mask != 0; ++k, upper_mask >>= 1) {
    if ((upper_mask & 1U) && tokens[first + k].letter_case != LetterCase::kUpper) return false;
  }
  return true;
}

}  // namespace

std::string normalise_key(std::string_view text) {
  std::string folded = fold(text);
  std::string out;
  out.reserve(folded.size());
  bool space = false;
  for (char c : folded) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\'' || c == '.') continue;
    bool keep = u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

Gazetteer::Gazetteer(std::string_view tsv, std::string_view not_entities) {
  nodes_.emplace_back();
  struct Pending {
    std::size_t line;
    std::uint32_t entity;
  };
  std::vector<Pending> pending;
  std::size_t number = 0;
  for (std::string_view raw : split_lines(tsv)) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (trim(raw).empty() || trim(raw).front() == '#') continue;
    std::vector<std::string_view> cols = split(raw, '\t');
    if (cols.size() != 7) {
      throw line_error(number,
                       "expected 7 tab-separated columns, found " + std::to_string(cols.size()));
    }
    Entity e;
    e.id = std::string(trim(cols[0]));
    if (!is_slug(e.id))
      throw line_error(number, "bad id \"" + e.id + "\" (want a kebab-case slug)");
    std::string_view facet = trim(cols[1]);
    if (facet == "region")
      e.facet = schema::Facet::kRegion;
    else if (facet == "place")
      e.facet = schema::Facet::kPlace;
    else if (facet == "person")
      e.facet = schema::Facet::kPerson;
    else if (facet == "party")
      e.facet = schema::Facet::kParty;
    else if (facet == "source")
      e.facet = schema::Facet::kSource;
    else if (facet == "agency")
      e.facet = schema::Facet::kAgency;
    else
      throw line_error(number, "unknown facet \"" + std::string(facet) + "\"");
    e.display = std::string(trim(cols[2]));
    if (e.display.empty()) throw line_error(number, "empty display name for " + e.id);
    e.aliases = list_of(cols[3]);
    e.adjectives = list_of(cols[4]);
    e.parent = std::string(trim(cols[5]));
    // "netherlands until 2024-10-01; nato": earlier tenures, then the current affiliation.
    std::string_view affiliations = trim(cols[6]);
    for (std::size_t semi; (semi = affiliations.find(';')) != std::string_view::npos;) {
      std::string_view item = trim(affiliations.substr(0, semi));
      affiliations = trim(affiliations.substr(semi + 1));
      std::size_t until = item.rfind("until ");
      std::string date = until == std::string_view::npos
                             ? std::string()
                             : std::string(trim(item.substr(until + 6)));
      if (until == std::string_view::npos || !is_iso_date(date) ||
          (!e.earlier.empty() && date <= e.earlier.back().until))
        throw line_error(number,
                         "an earlier affiliation is \"PARTY until YYYY-MM-DD;\", in "
                         "order of date (" +
                             std::string(item) + ")");
      e.earlier.push_back({std::string(trim(item.substr(0, until))), date});
    }
    e.affiliation = std::string(affiliations);
    e.display_tokens = tokenize(e.display).size();
    if (!e.adjectives.empty() && e.facet != schema::Facet::kParty)
      throw line_error(number, "adjectives are for parties only (" + e.id + ")");
    if (!e.parent.empty() && e.facet != schema::Facet::kRegion && e.facet != schema::Facet::kPlace)
      throw line_error(number, "a parent is for regions and places only (" + e.id + ")");
    if (!e.earlier.empty() && e.facet != schema::Facet::kPerson)
      throw line_error(number, "earlier affiliations are for people only (" + e.id + ")");
    if (!e.affiliation.empty() && e.facet == schema::Facet::kRegion)
      throw line_error(number, "an affiliation is not for regions (" + e.id + ")");
    if (!e.affiliation.empty() && e.facet == schema::Facet::kAgency)
      throw line_error(number, "an affiliation is not for agencies (" + e.id + ")");
    auto index = static_cast<std::uint32_t>(entities_.size());
    if (!by_id_.emplace(facet_key(e.facet, e.id), index).second)
      throw line_error(number, "duplicate id \"" + e.id + "\" in facet " + std::string(facet));
    entities_.push_back(std::move(e));
    pending.push_back({number, index});
  }

  for (const Pending& p : pending) {
    const Entity& e = entities_[p.entity];
    if (!e.parent.empty() && !find(schema::Facet::kRegion, e.parent))
      throw line_error(p.line, "unknown parent region \"" + e.parent + "\" for " + e.id);
    const Entity* party =
        e.affiliation.empty() ? nullptr : find(schema::Facet::kParty, e.affiliation);
    if (!e.affiliation.empty() && !party)
      throw line_error(p.line, "unknown affiliation party \"" + e.affiliation + "\" for " + e.id);
    // An agency belongs to an organisation that belongs to none (iaea -> united-nations).
    if (party && e.facet == schema::Facet::kParty && (party == &e || !party->affiliation.empty()))
      throw line_error(p.line, "an agency's organisation \"" + e.affiliation +
                                   "\" must belong to no other, for " + e.id);
    for (const Entity::Tenure& t : e.earlier) {
      if (!t.party.empty() && !find(schema::Facet::kParty, t.party))
        throw line_error(p.line, "unknown affiliation party \"" + t.party + "\" for " + e.id);
    }
    // A parent chain must end: region -> grouping -> nothing.
    const Entity* up = &e;
    for (std::size_t steps = 0; up && !up->parent.empty(); ++steps) {
      if (steps > entities_.size()) throw line_error(p.line, "parent cycle through " + e.id);
      up = find(schema::Facet::kRegion, up->parent);
    }
    add_key(p.entity, e.id, 0);
    add_key(p.entity, e.display, 1);
    for (const std::string& a : e.aliases) {
      add_key(p.entity, a, 2);
      add_alias(a, p.entity, MatchKind::kName, p.line);
    }
    for (const std::string& a : e.adjectives) {
      add_key(p.entity, a, 3);
      add_alias(a, p.entity, MatchKind::kAdjective, p.line);
    }
  }

  for (std::string_view raw : split_lines(not_entities)) {
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    std::vector<Token> tokens = tokenize(line);
    if (tokens.empty()) continue;
    nodes_[insert_path(tokens)].not_entity = true;
  }
}

const Gazetteer& Gazetteer::builtin() {
  static const Gazetteer instance(analysis_data("gazetteer.tsv"),
                                  analysis_data("not_entities.txt"));
  return instance;
}

std::uint32_t Gazetteer::insert_path(const std::vector<Token>& tokens) {
  std::uint32_t node = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    // An inner possessive ("People's Republic") is its own key, so that a possessive in text
    // ends a mention unless an alias continues through it.
    const Token& t = tokens[k];
    std::string key = t.possessive && k + 1 < tokens.size() ? t.text + "'s" : t.text;
    auto vit =
        vocabulary_.emplace(std::move(key), static_cast<std::uint32_t>(vocabulary_.size())).first;
    std::uint64_t edge = (static_cast<std::uint64_t>(node) << 32) | vit->second;
    auto it = edges_.find(edge);
    if (it == edges_.end()) {
      auto child = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
      it = edges_.emplace(edge, child).first;
    }
    node = it->second;
  }
  return node;
}

void Gazetteer::add_alias(std::string_view alias, std::uint32_t entity, MatchKind kind,
                          std::size_t line_number) {
  std::vector<Token> tokens = tokenize(alias);
  if (tokens.empty()) return;
  if (tokens.size() > kMaxAliasTokens)
    throw line_error(line_number, "alias \"" + std::string(alias) + "\" is too long");
  AliasEntry entry{entity, kind, false, 0};
  LetterCase first = tokens.front().letter_case;
  entry.capital_first = first == LetterCase::kCapitalised || first == LetterCase::kUpper;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (is_short_acronym(alias.substr(tokens[k].begin, tokens[k].end - tokens[k].begin)))
      entry.upper_mask |= 1U << k;
  }
  Node& node = nodes_[insert_path(tokens)];
  for (const AliasEntry& existing : node.entries) {
    if (existing.entity == entity && existing.kind == kind &&
        existing.capital_first == entry.capital_first && existing.upper_mask == entry.upper_mask)
      return;
  }
  node.entries.push_back(entry);
}

void Gazetteer::add_key(std::uint32_t entity, std::string_view text, int priority) {
  std::string key = normalise_key(text);
  if (key.empty()) return;
  std::vector<Key>& keys = keys_[facet_key(entities_[entity].facet, key)];
  for (const Key& k : keys) {
    if (k.entity == entity) return;
  }
  keys.push_back({entity, priority});
}

const Entity* Gazetteer::find(schema::Facet facet, std::string_view id) const {
  auto it = by_id_.find(facet_key(facet, id));
  return it == by_id_.end() ? nullptr : &entities_[it->second];
}

const Entity* Gazetteer::resolve(schema::Facet facet, std::string_view text) const {
  std::string key = normalise_key(text);
  if (key.empty()) return nullptr;
  auto it = keys_.find(facet_key(facet, key));
  if (it != keys_.end()) {
    const Key* best = nullptr;
    for (const Key& k : it->second) {
      if (!best || k.priority < best->priority ||
          (k.priority == best->priority && k.entity < best->entity))
        best = &k;
    }
    return &entities_[best->entity];
  }
  if (facet == schema::Facet::kParty) {
    const Entity* place = resolve(schema::Facet::kPlace, text);
    if (place && !place->affiliation.empty())
      return find(schema::Facet::kParty, place->affiliation);
  }
  return nullptr;
}

std::vector<std::string> Gazetteer::closest(schema::Facet facet, std::string_view text,
                                            std::size_t n) const {
  std::string key = normalise_key(text);
  std::vector<std::pair<std::size_t, const std::string*>> scored;
  for (const Entity& e : entities_) {
    if (e.facet != facet) continue;
    std::size_t best = edit_distance(key, normalise_key(e.id));
    best = std::min(best, edit_distance(key, normalise_key(e.display)));
    for (const std::string& a : e.aliases)
      best = std::min(best, edit_distance(key, normalise_key(a)));
    scored.emplace_back(best, &e.id);
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : *a.second < *b.second;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < n; ++i)
    out.push_back(*scored[i].second);
  return out;
}

std::uint32_t Gazetteer::child(std::uint32_t node, std::uint32_t token) const {
  if (token == kNoToken) return 0;
  auto it = edges_.find((static_cast<std::uint64_t>(node) << 32) | token);
  return it == edges_.end() ? 0 : it->second;
}

bool Gazetteer::accepts(std::uint32_t node, const std::vector<Token>& tokens,
                        std::size_t first) const {
  const Node& n = nodes_[node];
  if (n.not_entity) return true;
  for (const AliasEntry& e : n.entries) {
    if (passes_case(tokens, first, e.capital_first, e.upper_mask)) return true;
  }
  return false;
}

std::vector<Mention> Gazetteer::match(const std::vector<Token>& tokens) const {
  std::vector<Mention> mentions;
  std::vector<std::uint32_t> ids(tokens.size(), kNoToken);
  std::vector<std::uint32_t> possessive_ids(tokens.size(), kNoToken);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    auto it = vocabulary_.find(tokens[i].text);
    if (it != vocabulary_.end()) ids[i] = it->second;
    if (tokens[i].possessive) {
      it = vocabulary_.find(tokens[i].text + "'s");
      if (it != vocabulary_.end()) possessive_ids[i] = it->second;
    }
  }
  // The longest alias starting at token i: its length in tokens and its trie node.
  auto longest_at = [&](std::size_t i) {
    std::size_t best_len = 0;
    std::uint32_t best_node = 0;
    std::uint32_t node = 0;
    for (std::size_t j = i; j < tokens.size(); ++j) {
      if (j > i && !continues_phrase(tokens[j].gap)) break;
      std::uint32_t end = child(node, ids[j]);
      if (end != 0 && accepts(end, tokens, i)) {
        best_len = j - i + 1;
        best_node = end;
      }
      // A possessive ends the mention unless an alias goes on through it.
      node = tokens[j].possessive ? child(node, possessive_ids[j]) : end;
      if (node == 0) break;
    }
    return std::pair{best_len, best_node};
  };
  std::size_t i = 0;
  while (i < tokens.size()) {
    auto [best_len, best_node] = longest_at(i);
    if (best_len == 0) {
      ++i;
      continue;
    }
    // An alias that starts with "the" gives way to a longer one starting after it, which takes
    // the "the" as aliases that start with it do: in "the United Nations Children's Fund" the
    // fund, not "the United Nations", is named.
    std::size_t alias_first = i;
    if (best_len > 1 && tokens[i].text == "the") {
      auto [len, node] = longest_at(i + 1);
      if (len + 1 > best_len) {
        best_len = len + 1;
        best_node = node;
        alias_first = i + 1;
      }
    }
    const Node& n = nodes_[best_node];
    if (!n.not_entity) {
      Mention m;
      m.first = i;
      m.last = i + best_len;
      m.begin = tokens[i].begin;
      m.end = tokens[m.last - 1].end;
      for (const AliasEntry& e : n.entries) {
        if (!passes_case(tokens, alias_first, e.capital_first, e.upper_mask)) continue;
        const Entity* entity = &entities_[e.entity];
        bool seen = false;
        for (const Candidate& c : m.candidates)
          seen = seen || (c.entity == entity && c.kind == e.kind);
        if (!seen) m.candidates.push_back({entity, e.kind});
      }
      std::sort(m.candidates.begin(), m.candidates.end(),
                [](const Candidate& a, const Candidate& b) { return a.entity < b.entity; });
      mentions.push_back(std::move(m));
    }
    i += best_len;
  }
  return mentions;
}

std::vector<Mention> Gazetteer::match(std::string_view text) const {
  return match(tokenize(text));
}

}  // namespace parley
