#include "common/analyse.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "common/analysis_data.h"
#include "common/cues.h"
#include "common/demands.h"
#include "common/fold.h"
#include "common/gazetteer.h"
#include "common/metadata.h"
#include "common/readers.h"
#include "common/tokens.h"

// The entity rules (docs/facets.md has the same in prose; the word lists are in common/data/):
//
// - Places and regions. A city, town or site gives its place and every region above it (a
//   place's parent region, that region's grouping: Mariupol -> donetsk -> donbas, Sevastopol
//   -> crimea). A name shared by a region and its city ("Kharkiv") gives both; in a list that
//   ends in a region noun ("the Kharkiv and Sumy regions", "Belgorod region") only the region.
// - Capitals. A capital's bare name ("Moscow", "Kiev") is its government, the party in the
//   gazetteer's affiliation column ("Moscow insists", "Kyiv rejected", "Moscow's terms",
//   "between Moscow and Kyiv"), unless a place cue from [locative]/[place] in context_cues.txt
//   says it is the city: a preceding preposition or verb ("in", "near", "strikes on",
//   "visited"), a following "-based", "mayor", "'s streets", or a dateline (the line starts with
//   the name in capitals or followed by a dash or bracket). A cue before the first name of a list
//   covers the list ("in Riyadh and Geneva"). A possessive capital is the government unless a
//   "'s" place cue follows ("Kyiv's mayor"). A longer form ("Kyiv city", "Washington, D.C.") is
//   always the place.
// - Parties. A state's name or metonym ("the Kremlin") is a party, except after a [locative]
//   preposition ("drones crossed into Poland"): there it is only a location. An adjective
//   ("Russian forces", "Turkish President") is a party, except on a private person or a language
//   (private_nouns.txt: "a Russian tourist", "Russian speakers"), on a number of people ("10
//   million Ukrainians"), or on a place ("Polish airspace": a location). The belligerents
//   ([belligerents]) are parties whenever mentioned at all (a location included) once the
//   article mentions both. Non-state groups are not in the gazetteer, so never parties.
// - People. A full name gives the person; a surname alone resolves to the person the article
//   names in full with that surname, else to the gazetteer's bearer. A person gives their
//   affiliated party. A capitalised name of two or three words right after a role
//   (role_nouns.txt: "analyst Nina Khrushcheva", "Defense Minister Ivan Petrov") or followed by
//   an apposition with a role ("Ivan Petrov, a Moscow-based analyst") is a person with a slugged
//   id even when the gazetteer does not know it; such names are not looked for in headline-case
//   lines. The byline (Article::author) is never a person.
// - Agencies. The credits, plus agency names cited in the text: multi-word names and the names
//   in [anywhere] of agency_cues.txt on any mention, other names only with a cue ("told _",
//   "_ reported", "( _ )").
// - Outlets named in the text ("the Kyiv Post", "The Washington Post") are consumed by the
//   matcher, so the names inside them give nothing; the source facet comes from metadata only.
// - Demands (common/demands.h), in an article that mentions a belligerent: the parties read
//   above as acting or speaking, with the region mentions, go to the demand rules; each
//   demand_by's party is a party too.

namespace parley {

namespace {

const std::string kNoParty;  // the affiliation of somebody the gazetteer does not know

using schema::Facet;

struct Rules {
  std::unordered_set<std::string> belligerents;
  CuePatterns locative, place, destination, not_destination, seat_of_government;
  PhraseSet region_nouns, place_modifiers, coordinators, quantifiers, location_nouns, war_nouns,
      origin_participles, private_nouns;
  PhraseSet bystander_before, example_cues, group_nouns, group_of_nouns, town_prepositions;
  CuePatterns comparison, not_comparison;
  CuePatterns background;  // "invaded _" in "since Russia invaded Ukraine"
  PhraseSet background_openers;
  PhraseSet comparison_nouns, member_nouns, envoy_nouns, institution_nouns, name_joiners,
      document_nouns, ally_prepositions, determiners;
  PhraseSet roles, not_names, given_names, speech_verbs, clause_openers, press_roles;
  std::vector<std::string> patronymic_endings;
  std::unordered_set<std::string> agencies_anywhere;
  CuePatterns agency_cues;
};

// The lines of section `name`, as strings.
std::vector<std::string> section(const NumberedSections& s, std::string_view name) {
  std::vector<std::string> out;
  if (auto it = s.find(name); it != s.end()) {
    for (const SectionLine& l : it->second)
      out.emplace_back(l.text);
  }
  return out;
}

[[noreturn]] void fail(std::string_view file, std::size_t line, const std::string& what) {
  throw std::runtime_error(std::string(file) + " line " + std::to_string(line) + ": " + what);
}

// The sections of data file `file`, checked: only `known` sections ("" for lines before any).
NumberedSections read_sections(std::string_view file, const std::vector<std::string_view>& known) {
  std::string_view text = analysis_data(file);
  NumberedSections s = parse_numbered_sections(text);
  for (const auto& [name, lines] : s) {
    if (lines.empty() || std::find(known.begin(), known.end(), name) != known.end()) continue;
    fail(file, lines.front().number,
         name.empty() ? "a line before any [section]" : "in unknown section [" + name + "]");
  }
  return s;
}

// Cue patterns of section `name`, each checked on its own so that a bad one names its line.
CuePatterns patterns(std::string_view file, const NumberedSections& s,
                     std::initializer_list<std::string_view> names) {
  std::vector<std::string> all;
  for (std::string_view name : names) {
    auto it = s.find(name);
    if (it == s.end()) continue;
    for (const SectionLine& l : it->second) {
      try {
        CuePatterns({std::string(l.text)});
      } catch (const std::invalid_argument& e) {
        fail(file, l.number, e.what());
      }
      all.emplace_back(l.text);
    }
  }
  return CuePatterns(all);
}

// Ids of section `name` that must be ids of `facet` in `gazetteer`.
std::unordered_set<std::string> ids(std::string_view file, const NumberedSections& s,
                                    std::string_view name, const Gazetteer& gazetteer,
                                    Facet facet) {
  std::unordered_set<std::string> out;
  if (auto it = s.find(name); it != s.end()) {
    for (const SectionLine& l : it->second) {
      if (!gazetteer.find(facet, l.text)) {
        fail(file, l.number,
             "\"" + std::string(l.text) + "\" is not a " +
                 std::string(schema::facet_info(facet).name) + " id of the gazetteer");
      }
      out.emplace(l.text);
    }
  }
  return out;
}

// The sections of context_cues.txt and role_nouns.txt that are plain lists of words and phrases,
// and the rule each fills.
using WordList = PhraseSet Rules::*;
const std::pair<std::string_view, WordList> kContextWords[] = {
    {"region-nouns", &Rules::region_nouns},
    {"town-prepositions", &Rules::town_prepositions},
    {"place-modifiers", &Rules::place_modifiers},
    {"coordinators", &Rules::coordinators},
    {"quantifiers", &Rules::quantifiers},
    {"location-nouns", &Rules::location_nouns},
    {"war-nouns", &Rules::war_nouns},
    {"origin-participles", &Rules::origin_participles},
    {"bystander-before", &Rules::bystander_before},
    {"example-cues", &Rules::example_cues},
    {"group-nouns", &Rules::group_nouns},
    {"group-of-nouns", &Rules::group_of_nouns},
    {"comparison-nouns", &Rules::comparison_nouns},
    {"member-nouns", &Rules::member_nouns},
    {"envoy-nouns", &Rules::envoy_nouns},
    {"institution-nouns", &Rules::institution_nouns},
    {"name-joiners", &Rules::name_joiners},
    {"document-nouns", &Rules::document_nouns},
    {"ally-prepositions", &Rules::ally_prepositions},
    {"determiners", &Rules::determiners},
    {"background-openers", &Rules::background_openers},
};
const std::pair<std::string_view, WordList> kRoleWords[] = {
    {"roles", &Rules::roles},
    {"not-names", &Rules::not_names},
    {"given-names", &Rules::given_names},
    {"speech-verbs", &Rules::speech_verbs},
    {"clause-openers", &Rules::clause_openers},
    {"press-roles", &Rules::press_roles},
};

// The names of `table`'s sections and of the `other` sections of the same file.
template <std::size_t N>
std::vector<std::string_view> section_names(const std::pair<std::string_view, WordList> (&table)[N],
                                            std::initializer_list<std::string_view> other) {
  std::vector<std::string_view> names(other);
  for (const auto& entry : table)
    names.push_back(entry.first);
  return names;
}

// The entity rules' word lists from analysis_data(). Throws std::runtime_error naming the file
// and line of a bad entry.
Rules load_rules(const Gazetteer& gazetteer) {
  Rules r;
  constexpr std::string_view kContext = "context_cues.txt";
  NumberedSections context = read_sections(
      kContext,
      section_names(kContextWords, {"belligerents", "locative", "target", "place", "comparison",
                                    "not-comparison", "member-list", "destination",
                                    "not-destination", "background", "seat-of-government"}));
  r.belligerents = ids(kContext, context, "belligerents", gazetteer, Facet::kParty);
  r.locative = patterns(kContext, context, {"locative", "target"});
  r.place = patterns(kContext, context, {"place", "locative", "target"});
  r.comparison = patterns(kContext, context, {"comparison", "member-list"});
  r.not_comparison = patterns(kContext, context, {"not-comparison"});
  r.background = patterns(kContext, context, {"background"});
  r.destination = patterns(kContext, context, {"destination"});
  r.not_destination = patterns(kContext, context, {"not-destination"});
  r.seat_of_government = patterns(kContext, context, {"seat-of-government"});
  for (const auto& [name, list] : kContextWords)
    r.*list = PhraseSet(section(context, name));
  r.private_nouns = PhraseSet(section(read_sections("private_nouns.txt", {""}), ""));
  NumberedSections roles =
      read_sections("role_nouns.txt", section_names(kRoleWords, {"patronymic-endings"}));
  r.patronymic_endings = section(roles, "patronymic-endings");
  for (const auto& [name, list] : kRoleWords)
    r.*list = PhraseSet(section(roles, name));
  constexpr std::string_view kAgency = "agency_cues.txt";
  NumberedSections agency = read_sections(kAgency, {"anywhere", "cues"});
  r.agencies_anywhere = ids(kAgency, agency, "anywhere", gazetteer, Facet::kAgency);
  r.agency_cues = patterns(kAgency, agency, {"cues"});
  return r;
}

const Rules& rules() {
  static const Rules r = load_rules(Gazetteer::builtin());
  return r;
}

// Spelling-tolerant form of a name part: "Aleksey" and "Alexei", "Zelenskyy" and "Zelenskiy"
// come out the same.
std::string translit_key(std::string_view folded) {
  std::string out;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    char next = i + 1 < folded.size() ? folded[i + 1] : '\0';
    if (c == 'k' && next == 's') {
      c = 'x';
      ++i;
    } else if (c == 'k' && next == 'h') {
      c = 'h';
      ++i;
    } else if (c == 'y') {
      c = 'i';
    }
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

// Two spellings of a name part: one edit apart, or two when they are longer than three letters
// and start alike ("Pyotr" and "Petr", not "John" and "Ivan").
bool close_spelling(std::string_view a, std::string_view b) {
  std::size_t d = edit_distance(a, b);
  if (d <= 1) return true;
  return d == 2 && std::min(a.size(), b.size()) > 3 && a.front() == b.front();
}

// The gazetteer's people by the first and last word of their full-name aliases, for finding a
// known person behind another spelling ("Pyotr Poroshenko", "Volodymyr Zelenksyy").
class PersonIndex {
 public:
  explicit PersonIndex(const Gazetteer& gazetteer) {
    for (const Entity& e : gazetteer.entities()) {
      if (e.facet != Facet::kPerson) continue;
      for (const std::string& alias : e.aliases) {
        std::vector<Token> words = tokenize(alias);
        if (words.size() < 2) continue;
        Name name{translit_key(words.front().text), translit_key(words.back().text), &e};
        by_first_[name.first].push_back(name);
        by_last_[name.last].push_back(name);
      }
    }
  }

  // The known person named `first` ... `last` (folded words), or nullptr.
  const Entity* find(std::string_view first, std::string_view last) const {
    std::string f = translit_key(first), l = translit_key(last);
    if (auto it = by_last_.find(l); it != by_last_.end()) {
      for (const Name& n : it->second) {
        if (close_spelling(n.first, f)) return n.entity;
      }
    }
    if (auto it = by_first_.find(f); it != by_first_.end()) {
      for (const Name& n : it->second) {
        if (close_spelling(n.last, l)) return n.entity;
      }
    }
    return nullptr;
  }

 private:
  struct Name {
    std::string first, last;
    const Entity* entity;
  };
  std::unordered_map<std::string, std::vector<Name>> by_first_, by_last_;
};

const PersonIndex& person_index() {
  static const PersonIndex index(Gazetteer::builtin());
  return index;
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  v.erase(std::remove(v.begin(), v.end(), std::string()), v.end());
}

bool is_number(const Token& t) {
  return !t.text.empty() && t.text.front() >= '0' && t.text.front() <= '9';
}

// One article's analysis: the tokens, the mentions and what the rules make of them.
class Analysis {
 public:
  Analysis(const Article& article, const Gazetteer& gazetteer, const Rules& rules,
           Evidence* evidence)
      : article_(article), gazetteer_(gazetteer), rules_(rules), evidence_(evidence) {
    text_ = article.title.empty() ? article.body : article.title + "\n" + article.body;
    tokens_ = tokenize(text_);
    mentions_ = gazetteer_.match(tokens_);
    outlet_ = find_outlet();
    mention_at_.assign(tokens_.size(), -1);
    for (std::size_t m = 0; m < mentions_.size(); ++m) {
      for (std::size_t t = mentions_[m].first; t < mentions_[m].last; ++t)
        mention_at_[t] = static_cast<int>(m);
    }
  }

  Entities run();

 private:
  const Entity* find_outlet() const;
  bool chained(std::size_t m) const;
  bool chained_by_the(std::size_t m) const;
  bool comma_before(std::size_t i) const;
  bool followed_by(const Mention& m, const PhraseSet& words) const;
  bool bystander_word_before(const Mention& m) const;
  bool dateline(const Mention& m) const;
  bool is_private(const Mention& m) const;
  bool people_named(const Mention& m, const Candidate& c, const Mention& list_head) const;
  bool names_war(const Mention& m) const;
  bool private_noun_after(const Mention& m) const;
  bool on_location(const Mention& m) const;
  bool noun_after(const Mention& m) const;
  bool of_private(const Mention& m) const;
  bool bystander(const Mention& m) const;
  bool example(const Mention& m) const;
  bool background(const Mention& m) const;
  bool in_institution(const Mention& m) const;
  bool opens_list(std::size_t k) const;
  bool after_town(const Mention& m) const;
  bool before_state(const Mention& m) const;
  bool after_unnamed_list(const Mention& m, const CuePatterns& cue) const;
  std::size_t cue_end(const Mention& m) const;
  bool names_document(const Mention& m) const;
  bool names_members(const Mention& m) const;
  bool state_envoy(std::size_t m) const;
  bool reporter_at(std::size_t first) const;
  bool after_unknown_town(std::size_t mi) const;
  bool state_ending_phrase(const Mention& m) const;
  bool other_party_before(std::size_t first, const std::string& party) const;
  bool cites_agency(const Mention& m, const Entity& agency) const;
  bool headline_line(std::size_t token) const;
  bool is_person_mention(int m) const;
  void find_role_people();
  void check_name(std::size_t a, std::size_t b);
  void put(Facet f, const std::string& id, std::size_t first, std::size_t last);
  void note(Facet f, const std::string& id, std::size_t first, std::size_t last);
  void add_place(const Entity& place, const Mention& m);
  void add_region(const Entity& region, const Mention& m);
  void add_party(const std::string& id, bool acting, std::size_t first, std::size_t last);
  void add_party_span(const Mention& m, const std::string& party, bool person = false);
  void resolve_people();
  void find_demands();
  void fill_evidence();
  Quote quote(std::size_t first, std::size_t last) const;

  const Article& article_;
  const Gazetteer& gazetteer_;
  const Rules& rules_;
  Evidence* evidence_;  // null: no evidence wanted
  std::string text_;
  std::vector<Token> tokens_;
  std::vector<Mention> mentions_;
  std::vector<int> mention_at_;     // token -> index of the mention covering it, or -1
  const Entity* outlet_ = nullptr;  // the gazetteer's entry for the article's outlet, if any

  Entities out_;
  // Parties named in any non-private way: how many mentions, and whether a second one elsewhere
  // followed.
  struct Mentioned {
    std::size_t last_first;      // the first token of the latest mention
    std::size_t count = 1;       // mentions, each counted once
    std::size_t background = 0;  // of them, a warring side's in a time clause
    bool again() const { return count > 1; }
  };
  std::unordered_map<std::string, Mentioned> mentioned_;
  // States named as where something goes ("gas to Germany"), by mention: parties only when the
  // article names them again.
  std::vector<std::pair<std::string, std::size_t>> destinations_;
  struct RolePerson {
    std::string id;
    std::string surname;  // folded last token
    int replaces = -1;    // a surname mention that names this person, not the gazetteer's
    std::size_t first = 0, last = 0;  // the name's tokens
  };
  std::vector<RolePerson> role_people_;
  std::vector<PartySpan> party_spans_;   // mentions of parties acting or speaking
  std::vector<TokenSpan> region_spans_;  // mentions of regions and of places inside them

  // With evidence_: the token spans behind each (facet, value), and each party's mentions
  // that did not make it a party by themselves (for the belligerents of a war article).
  using Spans = std::vector<std::pair<std::size_t, std::size_t>>;
  std::map<std::pair<int, std::string>, Spans> spans_;
  std::unordered_map<std::string, Spans> mention_spans_;
};

// The article's outlet in the gazetteer: by its metadata name, else by its URL's domain or the
// domain without its first label ("en.kremlin.ru"); nullptr when the gazetteer lacks it.
const Entity* Analysis::find_outlet() const {
  if (!article_.source.empty()) return gazetteer_.resolve(Facet::kSource, article_.source);
  std::string domain = domain_of(article_.url);
  if (domain.empty()) return nullptr;
  const Entity* outlet = gazetteer_.resolve(Facet::kSource, domain);
  if (!outlet && domain.find('.') != std::string::npos)
    outlet = gazetteer_.resolve(Facet::kSource, domain.substr(domain.find('.') + 1));
  return outlet;
}

// A comma stands in the punctuation before token i.
bool Analysis::comma_before(std::size_t i) const {
  return tokens_[i].gap == Gap::kPunct &&
         separator_before(text_, tokens_, i).find(',') != std::string_view::npos;
}

// The word right after mention m, joined to it by a space or hyphen and not after a possessive,
// is one of `words`: "Polish airspace", "the Finnish model", "the Vienna Document".
bool Analysis::followed_by(const Mention& m, const PhraseSet& words) const {
  std::size_t k = m.last;
  return k < tokens_.size() && !tokens_[k - 1].possessive && continues_phrase(tokens_[k].gap) &&
         words.contains(tokens_[k].text);
}

// Mention m continues a list begun by mention m-1: "X and Y", "X or Y", "X, Y", "X, and Y".
bool Analysis::chained(std::size_t m) const {
  if (m == 0) return false;
  const Mention& p = mentions_[m - 1];
  const Mention& c = mentions_[m];
  if (tokens_[p.last - 1].possessive) return false;
  if (c.first == p.last) return comma_before(c.first);
  if (c.first == p.last + 1) {
    std::size_t k = p.last;
    return rules_.coordinators.contains(tokens_[k].text) && !tokens_[k].possessive &&
           (continues_phrase(tokens_[k].gap) || comma_before(k)) &&
           continues_phrase(tokens_[c.first].gap);
  }
  return false;
}

// Mention m continues a list after a comma and "the": "Residents of France, the Czech Republic,
// the Netherlands".
bool Analysis::chained_by_the(std::size_t m) const {
  if (m == 0) return false;
  const Mention& p = mentions_[m - 1];
  const Mention& c = mentions_[m];
  return c.first == p.last + 1 && tokens_[p.last].text == "the" && comma_before(p.last) &&
         !tokens_[p.last - 1].possessive;
}

// "MOSCOW, May 17 (Reuters) -", "Moscow -NC —": a name that opens a line as a dateline.
bool Analysis::dateline(const Mention& m) const {
  if (tokens_[m.first].gap != Gap::kLine) return false;
  if (tokens_[m.first].letter_case == LetterCase::kUpper && m.last - m.first == 1 &&
      tokens_[m.first].text.size() > 2)
    return true;
  std::string_view after = separator_before(text_, tokens_, m.last);
  while (!after.empty() && (after.front() == ' ' || after.front() == '\t'))
    after.remove_prefix(1);
  return after.starts_with("-") || after.starts_with("(") || after.starts_with("\xE2\x80\x94") ||
         after.starts_with("\xE2\x80\x93");
}

// A nationality adjective on a private person or a language: "a Russian tourist", "Russian
// speakers", "a British aid worker".
bool Analysis::private_noun_after(const Mention& m) const {
  if (tokens_[m.last - 1].possessive) return false;
  for (std::size_t k = m.last; k < tokens_.size() && k < m.last + 2; ++k) {
    if (!continues_phrase(tokens_[k].gap)) break;
    if (rules_.private_nouns.contains(tokens_[k].text)) return true;
    if (tokens_[k].possessive) break;
  }
  return false;
}

// A nationality adjective on a private person or a language, or a demonym counted as people.
bool Analysis::is_private(const Mention& m) const {
  if (private_noun_after(m)) return true;
  const std::string& word = tokens_[m.last - 1].text;
  if (word.empty() || word.back() != 's' || m.first == 0) return false;
  std::size_t k = m.first - 1;
  if (!continues_phrase(tokens_[m.first].gap)) return false;
  if (tokens_[k].text == "of" && k > 0 && continues_phrase(tokens_[k].gap)) --k;
  return is_number(tokens_[k]) || rules_.quantifiers.contains(tokens_[k].text);
}

// A plural demonym with no article before its list names a people, not its state: "Americans
// care about ...", "Lithuanians, Latvians, Estonians ... have not forgotten", "58% of Finns";
// "the Americans", "the British, Americans and Canadians" are the governments. A demonym is
// plural when it ends in "s" and the state's adjective does not ("Swiss" is no plural).
bool Analysis::people_named(const Mention& m, const Candidate& c, const Mention& list_head) const {
  if (c.kind != MatchKind::kAdjective || c.entity->adjectives.empty()) return false;
  const std::string& word = tokens_[m.last - 1].text;
  if (word.empty() || word.back() != 's' || c.entity->adjectives.front().ends_with('s'))
    return false;
  return list_head.first == 0 || tokens_[list_head.first - 1].text != "the" ||
         !continues_phrase(tokens_[list_head.first].gap);
}

// "the Syrian conflict", "the Georgia war in 2008": a war fought there, not the state acting;
// "a French war crimes prosecutor" is no war.
bool Analysis::names_war(const Mention& m) const {
  return followed_by(m, rules_.war_nouns) &&
         !(m.last + 1 < tokens_.size() && tokens_[m.last + 1].text == "crimes");
}

// "Polish airspace", "Belarusian territory": the state's adjective on a place; "Iranian-made
// drones", "the Britain-based observatory": the state as an origin.
// After a name the participle needs its hyphen: "Russia made demands" is Russia acting.
bool Analysis::on_location(const Mention& m) const {
  if (followed_by(m, rules_.location_nouns)) return true;
  if (!followed_by(m, rules_.origin_participles)) return false;
  bool adjective = std::any_of(m.candidates.begin(), m.candidates.end(),
                               [](const Candidate& c) { return c.kind == MatchKind::kAdjective; });
  return adjective || tokens_[m.last].gap == Gap::kHyphen;
}

// An adjective on a noun that makes it no actor: a private person or a language, a place
// ("Polish airspace"), or a comparison ("an Austrian or Swedish version", "the Finnish model").
bool Analysis::noun_after(const Mention& m) const {
  return private_noun_after(m) || on_location(m) || followed_by(m, rules_.comparison_nouns);
}

// "citizens of Ukraine and Armenia", "residents of Poland", "mercenaries from Poland": the state
// as private people's nationality or home, not as an actor.
bool Analysis::of_private(const Mention& m) const {
  std::size_t f = m.first;
  return f >= 2 && (tokens_[f - 1].text == "of" || tokens_[f - 1].text == "from") &&
         continues_phrase(tokens_[f].gap) && continues_phrase(tokens_[f - 1].gap) &&
         rules_.private_nouns.contains(tokens_[f - 2].text);
}

// "King's College London", "the Syrian American Medical Society", "the Center for a New American
// Study": a state's name, adjective or capital inside the proper name of an institution
// ([institution-nouns]) names no actor. The name is the run of capitalised words around the
// mention, joined by spaces or hyphens, with lower-case [name-joiners] ("of", "for") inside.
// Headline-case lines are left alone: every word is capitalised there.
bool Analysis::in_institution(const Mention& m) const {
  auto capitalised = [&](std::size_t k) {
    return tokens_[k].letter_case == LetterCase::kCapitalised ||
           tokens_[k].letter_case == LetterCase::kUpper;
  };
  auto joiner = [&](std::size_t k) {
    return tokens_[k].letter_case == LetterCase::kLower &&
           rules_.name_joiners.contains(tokens_[k].text);
  };
  constexpr std::size_t kReach = 6;  // words of the name on either side of the mention
  bool found = false;
  for (std::size_t k = m.last; k < tokens_.size() && k < m.last + kReach && !found; ++k) {
    if (!continues_phrase(tokens_[k].gap) || tokens_[k - 1].possessive) break;
    if (capitalised(k))
      found = rules_.institution_nouns.contains(tokens_[k].text);
    else if (!joiner(k))
      break;
  }
  for (std::size_t k = m.first; k > 0 && k + kReach > m.first && !found; --k) {
    if (!continues_phrase(tokens_[k].gap)) break;
    if (capitalised(k - 1))
      found = rules_.institution_nouns.contains(tokens_[k - 1].text);
    else if (!joiner(k - 1))
      break;
  }
  return found && !headline_line(m.first);
}

// "a former NATO commander", "Germany's former premier": the state or bloc names somebody's
// past office, it does not act; nor does the other side of "tensions with China".
bool Analysis::bystander(const Mention& m) const {
  if (bystander_word_before(m)) return true;
  return tokens_[m.last - 1].possessive && m.last < tokens_.size() &&
         continues_phrase(tokens_[m.last].gap) &&
         rules_.bystander_before.contains(tokens_[m.last].text);
}

// "a former NATO commander", "tensions with Iran", "pro-European Union": a [bystander-before]
// phrase right before the mention.
bool Analysis::bystander_word_before(const Mention& m) const {
  return m.first > 0 && continues_phrase(tokens_[m.first].gap) &&
         rules_.bystander_before.match_ending_at(tokens_, m.first - 1) > 0;
}

// Token k is followed by a colon or a dash that opens a list: "several regions — Chernihiv,
// Sumy", "nuclear powers -- the U.S., Russia".
bool Analysis::opens_list(std::size_t k) const {
  if (k + 1 >= tokens_.size() || tokens_[k + 1].gap != Gap::kPunct) return false;
  std::string_view sep = separator_before(text_, tokens_, k + 1);
  return sep.find(':') != std::string_view::npos || sep.find(" - ") != std::string_view::npos ||
         sep.find("--") != std::string_view::npos ||
         sep.find("\xE2\x80\x94") != std::string_view::npos ||
         sep.find("\xE2\x80\x93") != std::string_view::npos;
}

// "in Medyka, Poland", "near Kryvyi Rih, Ukraine": a state after a town and a comma, the town
// after a place cue, names where the town is.
bool Analysis::after_town(const Mention& m) const {
  std::size_t f = m.first;
  // "photographs of Mariupol, Ukraine": a town the gazetteer knows needs no cue, where the
  // state ends the phrase ("Sieverodonetsk, the UK ministry of defence has said" acts).
  bool ends_phrase = !tokens_[m.last - 1].possessive &&
                     (m.last == tokens_.size() || !continues_phrase(tokens_[m.last].gap));
  // "at Przemysl train station, southeastern Poland, on Friday": a [place-modifiers] word
  // between the comma and the state places whatever stands before, known or not.
  if (std::size_t len = f > 0 ? rules_.place_modifiers.match_ending_at(tokens_, f - 1) : 0;
      len > 0 && f > len + 1 && comma_before(f - len) && ends_phrase)
    return true;
  if (f < 2 || !comma_before(f)) return false;
  if (int town = mention_at_[f - 1]; town >= 0 && ends_phrase) {
    const Mention& t = mentions_[static_cast<std::size_t>(town)];
    bool place = std::any_of(t.candidates.begin(), t.candidates.end(), [](const Candidate& c) {
      return c.entity->facet == Facet::kPlace && c.entity->affiliation.empty();
    });
    if (place) return true;
  }
  std::size_t start = f - 1;
  if (tokens_[start].letter_case != LetterCase::kCapitalised) return false;
  while (start > 0 && f - start < 3 && continues_phrase(tokens_[start].gap) &&
         tokens_[start - 1].letter_case == LetterCase::kCapitalised)
    --start;
  return rules_.place.matches_before(text_, tokens_, start);
}

// "Kherson, Ukraine", "Zaporizhzhia, southeastern Ukraine", "Kyiv, Ukraine —": mention m is
// followed by a comma and a state's name (a [place-modifiers] word may stand between), the way
// a town is placed in its country.
bool Analysis::before_state(const Mention& m) const {
  std::size_t k = m.last;
  if (k >= tokens_.size() || !comma_before(k)) return false;
  while (k < tokens_.size() && mention_at_[k] < 0 &&
         rules_.place_modifiers.contains(tokens_[k].text))
    ++k;
  if (k >= tokens_.size() || mention_at_[k] < 0) return false;
  const Mention& state = mentions_[static_cast<std::size_t>(mention_at_[k])];
  return state.first == k && state_ending_phrase(state);
}

// Mention m is a state's name that ends its phrase, as a town's country does: "Kiev, Kremlin
// Press Secretary Dmitry Peskov has confirmed" and "Moscow, Russia's Foreign Ministry said" name
// no town's country.
bool Analysis::state_ending_phrase(const Mention& m) const {
  if (tokens_[m.last - 1].possessive ||
      (m.last < tokens_.size() && continues_phrase(tokens_[m.last].gap)))
    return false;
  return std::any_of(m.candidates.begin(), m.candidates.end(), [](const Candidate& c) {
    return c.entity->facet == Facet::kParty && c.kind == MatchKind::kName;
  });
}

// "pointing to Aleppo, Syria, and Grozny", "from Lublin, Poland": state mention `mi` names the
// country of a town the gazetteer does not hold, one or two capitalised words right after a
// preposition of place and before a comma; the state ends its phrase and opens no list.
bool Analysis::after_unknown_town(std::size_t mi) const {
  const Mention& m = mentions_[mi];
  if (m.first < 2 || !comma_before(m.first) || !state_ending_phrase(m) ||
      (mi + 1 < mentions_.size() && chained(mi + 1)))
    return false;
  std::size_t k = m.first - 1;  // the town's last word
  for (int words = 0; words < 2; ++words) {
    // No month or weekday: "In December, the European Union ...".
    if (mention_at_[k] >= 0 || tokens_[k].letter_case != LetterCase::kCapitalised ||
        rules_.not_names.contains(tokens_[k].text))
      return false;
    if (k == 0 || !continues_phrase(tokens_[k].gap)) return false;
    if (rules_.town_prepositions.contains(tokens_[k - 1].text)) break;
    if (words == 1) return false;
    --k;
  }
  return true;
}

// Where a place cue before `m` must end: right before it, or before a [place-modifiers] phrase
// that stands between ("in central Romania", "from neighbouring Kazakhstan").
std::size_t Analysis::cue_end(const Mention& m) const {
  if (m.first == 0 || !continues_phrase(tokens_[m.first].gap)) return m.first;
  std::size_t len = rules_.place_modifiers.match_ending_at(tokens_, m.first - 1);
  return len > 0 && len < m.first && !tokens_[m.first - 1].possessive ? m.first - len : m.first;
}

// "in Chechnya and Syria": a mention at the end of a list whose first items are capitalised
// names the gazetteer does not hold, the list after `cue` ("in _").
bool Analysis::after_unnamed_list(const Mention& m, const CuePatterns& cue) const {
  std::size_t k = m.first;
  for (int items = 0; items < 4; ++items) {
    // The link before item k: "and", "or", or a comma, but the last item must follow "and" or
    // "or" ("in March, Moscow and Kiev" is no list).
    if (items == 0 || !comma_before(k)) {
      if (k < 2 || !continues_phrase(tokens_[k].gap) ||
          !rules_.coordinators.contains(tokens_[k - 1].text))
        return false;
      --k;
      if (tokens_[k].gap == Gap::kPunct && !comma_before(k)) return false;
    }
    // The item before: one to three capitalised words that name nothing the gazetteer holds and
    // are no month or weekday ("in February and NATO" is no list of places).
    std::size_t end = k, start = k;
    while (start > 0 && end - start < 3 && mention_at_[start - 1] < 0 &&
           tokens_[start - 1].letter_case == LetterCase::kCapitalised &&
           !rules_.not_names.contains(tokens_[start - 1].text) &&
           (start == end || continues_phrase(tokens_[start].gap)))
      --start;
    if (start == end) return false;
    if (cue.matches_before(text_, tokens_, start)) return true;
    k = start;
  }
  return false;
}

// "the Vienna Document", "the Budapest Memorandum", "the Washington Treaty": a capital's name
// on a document ([document-nouns]) names neither the city nor its government.
bool Analysis::names_document(const Mention& m) const {
  return followed_by(m, rules_.document_nouns);
}

// "NATO members Lithuania and Poland", "NATO ally Turkey", "Turkey, a NATO member, ...": a bloc
// that only says what the states named after it, or the one it is said of, belong to. "NATO
// allies have deemed" is the bloc acting through its members.
bool Analysis::names_members(const Mention& m) const {
  if (!followed_by(m, rules_.member_nouns)) return false;
  // "commitment to its NATO allies", "divisions among NATO allies": the member states as the
  // object of a preposition, not the bloc acting ("the US and its NATO allies rejected").
  bool name = std::all_of(m.candidates.begin(), m.candidates.end(),
                          [](const Candidate& c) { return c.kind == MatchKind::kName; });
  if (name && tokens_[m.last].text == "allies") {
    std::size_t k = m.first;
    while (k > 0 && (tokens_[k - 1].possessive || rules_.determiners.contains(tokens_[k - 1].text)))
      --k;
    if (k > 0 && rules_.ally_prepositions.contains(tokens_[k - 1].text)) return true;
  }
  std::size_t k = m.last + 1;
  if (k < tokens_.size() && continues_phrase(tokens_[k].gap) && mention_at_[k] >= 0) return true;
  // "a NATO member", "a fellow Nato member", "not NATO members": one state's membership, told
  // in passing or denied.
  if (m.first == 0 || !continues_phrase(tokens_[m.first].gap)) return false;
  const std::string& before = tokens_[m.first - 1].text;
  return before == "a" || before == "an" || before == "fellow" || before == "not" ||
         before == "non";
}

// The name at token `first` is a news outlet's reporter: right after a press role
// ("correspondent Holly Williams") or an outlet's possessive ("CNN's Matthew Chance", "the
// BBC's Sarah Rainsford").
bool Analysis::reporter_at(std::size_t first) const {
  if (first == 0 || !continues_phrase(tokens_[first].gap)) return false;
  const Token& before = tokens_[first - 1];
  if (rules_.press_roles.contains(before.text)) return true;
  int m = mention_at_[first - 1];
  if (m < 0 || !before.possessive) return false;
  const Mention& outlet = mentions_[static_cast<std::size_t>(m)];
  return outlet.last == first &&
         std::any_of(outlet.candidates.begin(), outlet.candidates.end(),
                     [](const Candidate& c) { return c.entity->facet == Facet::kSource; });
}

// "Ukraine's U.N. envoy", "Russia's NATO ambassador": mention m names the bloc a state's envoy
// is sent to (a party's possessive right before it, an [envoy-nouns] word right after); the
// envoy acts for the state.
bool Analysis::state_envoy(std::size_t m) const {
  const Mention& mention = mentions_[m];
  if (m == 0 || !followed_by(mention, rules_.envoy_nouns)) return false;
  const Mention& before = mentions_[m - 1];
  if (before.last != mention.first || !tokens_[before.last - 1].possessive) return false;
  return std::any_of(before.candidates.begin(), before.candidates.end(),
                     [](const Candidate& c) { return c.entity->facet == Facet::kParty; });
}

// "Dutch Prime Minister Mark Rutte": a state named in the role right before a person's name,
// other than `party`, says whom the person acts for here, whatever the gazetteer's affiliation
// (which may be a later office).
bool Analysis::other_party_before(std::size_t first, const std::string& party) const {
  for (std::size_t k = first; k > 0 && k + 5 > first; --k) {
    if (!continues_phrase(tokens_[k].gap)) break;
    int m = mention_at_[k - 1];
    if (m < 0) {
      // Only the words of a role stand between: "Dutch Prime Minister", "Dutch prime minister".
      const Token& t = tokens_[k - 1];
      if (t.letter_case == LetterCase::kCapitalised || t.letter_case == LetterCase::kUpper ||
          rules_.roles.match_ending_at(tokens_, k - 1) > 0 ||
          rules_.roles.match_starting_at(tokens_, k - 1) > 0)
        continue;
      return false;
    }
    for (const Candidate& c : mentions_[static_cast<std::size_t>(m)].candidates) {
      if (c.entity->facet == Facet::kParty) return c.entity->id != party;
    }
    return false;
  }
  return false;
}

// "countries ... including Austria, Finland", "nations such as": states
// given as examples of a group, which do not act themselves. The cue must be right before the
// mention; the group noun within the twelve tokens before the cue, in the same sentence. So
// too a group noun right before "of" ("the Baltic countries of Latvia, Lithuania and Estonia",
// "the country of Georgia"), and a comparison ("a status similar to that of Austria").
bool Analysis::example(const Mention& m) const {
  if (m.first == 0 ||
      (!continues_phrase(tokens_[m.first].gap) && tokens_[m.first].gap != Gap::kPunct))
    return false;
  if (rules_.comparison.matches_before(text_, tokens_, m.first) &&
      !rules_.not_comparison.matches_before(text_, tokens_, m.first))
    return true;
  std::size_t f = m.first;
  if (f >= 2 && tokens_[f - 1].text == "of" && continues_phrase(tokens_[f].gap) &&
      continues_phrase(tokens_[f - 1].gap) && rules_.group_of_nouns.contains(tokens_[f - 2].text))
    return true;
  // "the five original nuclear powers -- the U.S., Russia, China": the group's members listed.
  if (opens_list(f - 1) && rules_.group_nouns.contains(tokens_[f - 1].text)) return true;
  std::size_t cue = rules_.example_cues.match_ending_at(tokens_, m.first - 1);
  if (cue == 0) return false;
  std::size_t start = m.first - cue;
  for (std::size_t k = start; k-- > 0 && k + 13 > start;) {
    if (rules_.group_nouns.contains(tokens_[k].text)) return true;
    if (tokens_[k + 1].gap == Gap::kStop || tokens_[k + 1].gap == Gap::kLine) break;
  }
  return false;
}

// "since Russia invaded Ukraine", "amid the war in Ukraine": a warring side named as the target
// of the war ([background] right before it) in a clause of time (a [background-openers] word
// within the eight tokens before, in the same sentence) dates a story; it does not by itself
// make one about the war.
bool Analysis::background(const Mention& m) const {
  std::size_t f = cue_end(m);
  if (!rules_.background.matches_before(text_, tokens_, f)) return false;
  for (std::size_t k = f; k-- > 0 && k + 9 > f;) {
    if (rules_.background_openers.contains(tokens_[k].text)) return true;
    if (tokens_[k].gap == Gap::kStop || tokens_[k].gap == Gap::kLine) break;
  }
  return false;
}

bool Analysis::cites_agency(const Mention& m, const Entity& agency) const {
  return m.last - m.first > 1 || rules_.agencies_anywhere.count(agency.id) > 0 ||
         rules_.agency_cues.matches(text_, tokens_, m.first, m.last);
}

// A line in headline case (most words capitalised, no sentence end): no role-name search there.
bool Analysis::headline_line(std::size_t token) const {
  std::size_t start = token;
  while (start > 0 && tokens_[start].gap != Gap::kLine)
    --start;
  std::size_t end = token + 1;
  while (end < tokens_.size() && tokens_[end].gap != Gap::kLine)
    ++end;
  std::size_t words = 0, capitals = 0;
  for (std::size_t i = start; i < end; ++i) {
    if (tokens_[i].letter_case == LetterCase::kNone) continue;
    ++words;
    if (tokens_[i].letter_case != LetterCase::kLower) ++capitals;
  }
  std::string_view after = separator_before(text_, tokens_, end);
  bool sentence_end = after.find_first_of(".!?:\"") != std::string_view::npos ||
                      after.find("\xE2\x80\x9D") != std::string_view::npos;
  return words >= 4 && capitals * 10 >= words * 7 && !sentence_end;
}

bool Analysis::is_person_mention(int m) const {
  if (m < 0) return false;
  for (const Candidate& c : mentions_[static_cast<std::size_t>(m)].candidates) {
    if (c.entity->facet == Facet::kPerson) return true;
  }
  return false;
}

// Tokens [a, b) as a person's name introduced by a role; adds it when it is one.
void Analysis::check_name(std::size_t a, std::size_t b) {
  auto digits = [&](std::size_t i) {
    return std::any_of(tokens_[i].text.begin(), tokens_[i].text.end(),
                       [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  // "https://t.co/2XFKUJop0q Kurt Bardella": a link's code run into a name is not part of it.
  while (a < b && digits(a))
    ++a;
  for (std::size_t i = a; i < b; ++i) {
    if (digits(i)) return;
  }
  std::size_t words = 0;
  for (std::size_t i = a; i < b; ++i) {
    if (i == a || tokens_[i].gap != Gap::kHyphen) ++words;
    if (tokens_[i].possessive && i + 1 < b) return;
  }
  if (words < 2 || words > 3) return;
  // A name the gazetteer spells this way is a mention already; a known surname alone at the end
  // may be somebody else's ("Jack Kirby" is not john-kirby); any other entity is no name.
  int surname = -1;
  for (std::size_t i = a; i < b; ++i) {
    int m = mention_at_[i];
    if (m < 0) continue;
    const Mention& mention = mentions_[static_cast<std::size_t>(m)];
    if (!is_person_mention(m) || mention.first != b - 1 || mention.last != b) return;
    surname = m;
  }
  RolePerson p;
  p.surname = tokens_[b - 1].text;
  p.replaces = surname;
  p.first = a;
  p.last = b;
  if (const Entity* known = person_index().find(tokens_[a].text, tokens_[b - 1].text)) {
    if (surname >= 0) {
      for (const Candidate& c : mentions_[static_cast<std::size_t>(surname)].candidates) {
        if (c.entity == known) return;  // the surname mention resolves to them anyway
      }
    }
    p.id = known->id;
  } else {
    // The name as the news usually gives it: "Vitaliy Volodymyrovych Skakun" is Vitaliy Skakun
    // (a patronymic in the middle of three words), "Paul N. Whelan" is Paul Whelan (a middle
    // initial).
    auto patronymic = [&](const std::string& w) {
      return std::any_of(
          rules_.patronymic_endings.begin(), rules_.patronymic_endings.end(),
          [&](const std::string& end) { return w.size() > end.size() + 2 && w.ends_with(end); });
    };
    std::string name;
    for (std::size_t i = a; i < b; ++i) {
      const std::string& w = tokens_[i].text;
      bool middle = i > a && i + 1 < b;
      if (middle && (w.size() == 1 || (b - a == 3 && patronymic(w)))) continue;
      if (!name.empty()) name += ' ';
      name += std::string_view(text_).substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
    }
    p.id = slugify(name);
  }
  if (!p.id.empty()) role_people_.push_back(std::move(p));
}

void Analysis::find_role_people() {
  auto name_like = [&](std::size_t i, std::size_t run_start) {
    const Token& t = tokens_[i];
    if (rules_.not_names.contains(t.text)) return false;
    if (t.letter_case == LetterCase::kCapitalised) return true;
    // An initial inside a name: "Nina L. Khrushcheva".
    return i > run_start && t.letter_case == LetterCase::kUpper && t.text.size() == 1;
  };
  std::size_t i = 0;
  int headline_checked_line = -1;
  bool headline = false;
  int line = 0;
  while (i < tokens_.size()) {
    if (tokens_[i].gap == Gap::kLine && i > 0) ++line;
    if (!name_like(i, i)) {
      ++i;
      continue;
    }
    // A run of capitalised words joined by spaces or hyphens.
    std::size_t s = i, e = i + 1;
    // "Ban Ki-moon", "Tsai Ing-wen": a hyphen joins any word to a name.
    while (e < tokens_.size() && continues_phrase(tokens_[e].gap) && !tokens_[e - 1].possessive &&
           (name_like(e, s) ||
            (tokens_[e].gap == Gap::kHyphen && tokens_[e].letter_case != LetterCase::kNone)))
      ++e;
    i = e;
    if (line != headline_checked_line) {
      headline = headline_line(s);
      headline_checked_line = line;
    }
    if (headline) continue;
    // A role inside the run ("Defense Minister Ivan Petrov"): the name follows its last one.
    std::size_t name_start = s;
    bool role = false;
    for (std::size_t r = s; r < e; ++r) {
      if (rules_.roles.match_ending_at(tokens_, r) > 0) {
        name_start = r + 1;
        role = true;
      }
    }
    if (!role && s > 0 && continues_phrase(tokens_[s].gap) && !tokens_[s - 1].possessive &&
        rules_.roles.match_ending_at(tokens_, s - 1) > 0)
      role = true;
    auto determiner = [&](std::size_t k) {
      const std::string& w = tokens_[k].text;
      return w == "the" || w == "a" || w == "an";
    };
    bool after_determiner = s > 0 && continues_phrase(tokens_[s].gap) && determiner(s - 1);
    // A given name starts a name of two or three words ("Colin Kahl", "... and Trade Oleg
    // Ryazantsev").
    if (!role) {
      for (std::size_t g = s; g + 1 < e; ++g) {
        if (rules_.given_names.contains(tokens_[g].text) && e - g <= 3 && !tokens_[g].possessive) {
          name_start = g;
          role = true;
          break;
        }
      }
    }
    auto comma_after = [&] { return e < tokens_.size() && comma_before(e); };
    // "Serhii Leyenkyi, who works for", "Paul Urey, 45, who", "Colin Kahl said".
    if (!role && !after_determiner && e < tokens_.size() && comma_after() &&
        (tokens_[e].text == "who" ||
         (is_number(tokens_[e]) && e + 1 < tokens_.size() && tokens_[e + 1].gap == Gap::kPunct)))
      role = true;
    if (!role && !after_determiner && e < tokens_.size() && !tokens_[e - 1].possessive &&
        continues_phrase(tokens_[e].gap) && rules_.speech_verbs.contains(tokens_[e].text))
      role = true;
    if (!role && !after_determiner && comma_after()) {
      // An apposition: "Ivan Petrov, a Moscow-based political analyst", "Alexei Malashenko,
      // chief researcher at".
      // A conjunction opens a clause, not an apposition: "the Richardson Center for Global
      // Engagement, but a spokesperson declined".
      bool opens_clause = rules_.clause_openers.contains(tokens_[e].text);
      if (!opens_clause &&
          (determiner(e) || mention_at_[e] >= 0 || tokens_[e].letter_case == LetterCase::kLower)) {
        for (std::size_t k = e; k < tokens_.size() && k < e + 7; ++k) {
          if (k > e && !continues_phrase(tokens_[k].gap)) break;
          if (rules_.roles.match_ending_at(tokens_, k) > 0) {
            role = true;
            break;
          }
        }
      }
    }
    // An apposition after a role: "a department spokesman, Vedant Patel, said", "the lawyer,
    // Alexandr D. Boykov, said".
    if (!role && s > 1 && tokens_[s].gap == Gap::kPunct && comma_after() &&
        separator_before(text_, tokens_, s).find(',') != std::string_view::npos &&
        rules_.roles.match_ending_at(tokens_, s - 1) > 0)
      role = true;
    // "Pharmacist Kristina Burdiuk, 25, said", "Resident Oksana told": a private person's noun
    // that opens the sentence is no part of the name.
    if (role && name_start == s && name_start + 1 < e && !continues_phrase(tokens_[s].gap) &&
        rules_.private_nouns.contains(tokens_[name_start].text))
      ++name_start;
    if (role && name_start < e) check_name(name_start, e);
  }
}

void Analysis::put(Facet f, const std::string& id, std::size_t first, std::size_t last) {
  out_[f].push_back(id);
  note(f, id, first, last);
}

void Analysis::note(Facet f, const std::string& id, std::size_t first, std::size_t last) {
  if (!evidence_ || first >= last) return;
  Spans& spans = spans_[{static_cast<int>(f), id}];
  if (spans.size() < 4 * Evidence::kMaxQuotes) spans.emplace_back(first, last);
}

void Analysis::add_region(const Entity& region, const Mention& m) {
  const Entity* r = &region;
  for (std::size_t steps = 0; r && steps < 8; ++steps) {
    put(Facet::kRegion, r->id, m.first, m.last);
    r = r->parent.empty() ? nullptr : gazetteer_.find(Facet::kRegion, r->parent);
  }
}

void Analysis::add_place(const Entity& place, const Mention& m) {
  put(Facet::kPlace, place.id, m.first, m.last);
  if (!place.parent.empty()) {
    if (const Entity* r = gazetteer_.find(Facet::kRegion, place.parent)) add_region(*r, m);
  }
}

void Analysis::add_party(const std::string& id, bool acting, std::size_t first, std::size_t last) {
  auto [it, fresh] = mentioned_.try_emplace(id, Mentioned{first});
  if (!fresh && it->second.last_first != first) {
    it->second.last_first = first;
    ++it->second.count;
  }
  if (acting) {
    put(Facet::kParty, id, first, last);
  } else if (evidence_) {
    Spans& spans = mention_spans_[id];
    if (spans.size() < Evidence::kMaxQuotes) spans.emplace_back(first, last);
  }
}

void Analysis::add_party_span(const Mention& m, const std::string& party, bool person) {
  party_spans_.push_back({m.first, m.last, party, person});
}

void Analysis::resolve_people() {
  std::string byline = slugify(article_.author);
  std::unordered_map<std::string, std::string> full_names;  // folded surname -> person id
  std::unordered_set<int> replaced;
  for (const RolePerson& p : role_people_) {
    full_names[p.surname] = p.id;
    if (p.replaces >= 0) replaced.insert(p.replaces);
  }
  for (const Mention& m : mentions_) {
    if (m.last - m.first < 2) continue;
    for (const Candidate& c : m.candidates) {
      if (c.entity->facet == Facet::kPerson)
        full_names.emplace(tokens_[m.last - 1].text, c.entity->id);
    }
  }
  // The party a person acts for on the article's date. An agency's people act for the
  // organisation it belongs to (the gazetteer's affiliation of the agency: ohchr ->
  // united-nations) in an article that names the agency nowhere: "Bachelet, addressing the
  // Human Rights Council" is the UN's.
  std::unordered_set<std::string> named_parties;
  for (const auto& [id, mentioned] : mentioned_)
    named_parties.insert(id);
  auto party_of = [&](const Entity* e) -> const std::string& {
    if (!e) return kNoParty;
    const std::string& party = e->affiliation_on(article_.date);
    const Entity* agency = party.empty() ? nullptr : gazetteer_.find(Facet::kParty, party);
    if (agency && !agency->affiliation.empty() && !named_parties.count(party))
      return agency->affiliation;
    return party;
  };
  struct Named {
    std::string id;
    std::size_t first, last;
  };
  std::vector<Named> people;
  for (const RolePerson& p : role_people_)
    people.push_back({p.id, p.first, p.last});
  for (std::size_t i = 0; i < mentions_.size(); ++i) {
    const Mention& m = mentions_[i];
    const Entity* known = nullptr;
    for (const Candidate& c : m.candidates) {
      if (c.entity->facet != Facet::kPerson) continue;
      if (!known) known = c.entity;
      // Of several people with this alias, prefer the one named in full.
      auto it = full_names.find(tokens_[m.last - 1].text);
      if (it != full_names.end() && it->second == c.entity->id) known = c.entity;
    }
    if (!known || replaced.count(static_cast<int>(i))) continue;
    std::string id = known->id;
    bool surname_only = m.last - m.first == 1 && known->display_tokens > 1;
    if (surname_only) {
      auto it = full_names.find(tokens_[m.first].text);
      if (it != full_names.end()) id = it->second;
    }
    people.push_back({id, m.first, m.last});
    const std::string& party = party_of(gazetteer_.find(Facet::kPerson, id));
    if (!party.empty() && id != byline && !other_party_before(m.first, party))
      add_party_span(m, party, true);
  }
  // "former President Donald Trump", "Germany's former premier Angela Merkel": somebody out of
  // office does not act for their state in this article.
  std::unordered_set<std::string> former;
  for (const Named& p : people) {
    for (std::size_t k = p.first; k > 0 && k + 4 > p.first; --k) {
      if (!continues_phrase(tokens_[k].gap)) break;
      if (rules_.bystander_before.contains(tokens_[k - 1].text)) former.insert(p.id);
    }
  }
  // "CBS News correspondent Holly Williams reports", "ABC's Terry Moran on the crisis": the
  // outlet's reporter, unless the article names the person otherwise too.
  std::unordered_set<std::string> in_the_news;
  for (const Named& p : people) {
    if (!reporter_at(p.first)) in_the_news.insert(p.id);
  }
  for (const Named& p : people) {
    if (p.id == byline || !in_the_news.count(p.id)) continue;
    put(Facet::kPerson, p.id, p.first, p.last);
    // The party the person acted for when the article was written ("Prime Minister Kaja Kallas"
    // in 2022 is Estonia's, not the European Union's).
    const std::string& party = party_of(gazetteer_.find(Facet::kPerson, p.id));
    if (!party.empty() && !former.count(p.id) && !other_party_before(p.first, party))
      add_party(party, true, p.first, p.last);
  }
}

void Analysis::find_demands() {
  auto by_position = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.last < b.last;
  };
  std::sort(party_spans_.begin(), party_spans_.end(), by_position);
  std::sort(region_spans_.begin(), region_spans_.end(), by_position);
  // A government's own outlet (kremlin.ru, president.gov.ua) speaks for that government.
  std::string_view house = outlet_ ? std::string_view(outlet_->affiliation) : std::string_view();
  for (const Demand& d : DemandRules::builtin().find(text_, tokens_, party_spans_, region_spans_,
                                                     house, article_.date)) {
    // A term is a demand of the article only where a party puts it forward (FACETS.md: each
    // attributed to the party making it); one whose speaker the text does not name, or names
    // as no party (a columnist, an opposition congress), is left out.
    if (d.party.empty()) continue;
    put(Facet::kDemand, d.id, d.first, d.last);
    put(Facet::kDemandBy, d.party + "/" + d.id, d.first, d.last);
    add_party(d.party, true, d.first, d.last);
  }
}

Entities Analysis::run() {
  const std::size_t n = mentions_.size();
  std::vector<char> chain(n), locative(n), place_before(n), region_list(n), aside(n), aside_list(n);
  std::vector<char> origin_list(n);     // private people's origins: "residents of _"
  std::vector<char> destination(n);     // where something goes: "to _"
  std::vector<std::size_t> list_of(n);  // the first mention of the list a mention is in
  std::vector<char> venue_list(n);      // by first mention: the list names a venue
  std::vector<char> seat(n);            // the government where it sits: "officials in _"
  for (std::size_t m = 0; m < n; ++m) {
    const Mention& mention = mentions_[m];
    const std::size_t cue = cue_end(mention);
    chain[m] = chained(m);
    list_of[m] = chain[m] ? list_of[m - 1] : m;
    seat[m] =
        rules_.seat_of_government.matches_before(text_, tokens_, cue) || (chain[m] && seat[m - 1]);
    // A possessive ends the list: "the war in Ukraine and Russia's army".
    locative[m] =
        !seat[m] && (rules_.locative.matches_before(text_, tokens_, cue) ||
                     (chain[m] && locative[m - 1] && !tokens_[mention.last - 1].possessive) ||
                     after_unnamed_list(mention, rules_.locative) || after_unknown_town(m));
    destination[m] = (rules_.destination.matches_before(text_, tokens_, cue) &&
                      !rules_.not_destination.matches_before(text_, tokens_, cue)) ||
                     (chain[m] && destination[m - 1]);
    place_before[m] =
        !seat[m] && (locative[m] || rules_.place.matches_before(text_, tokens_, cue) ||
                     (chain[m] && place_before[m - 1]));
    // An example, a comparison, private people's nationality or a strained relation covers the
    // list that it opens ("tensions with Ukraine, NATO and the world"); "Germany's former
    // premier" only its own name.
    // Private people's origins run on over "the": "Residents of France, the Czech Republic".
    origin_list[m] = chain[m] ? origin_list[m - 1]
                              : of_private(mention) || (chained_by_the(m) && origin_list[m - 1]);
    aside_list[m] =
        origin_list[m] ||
        (chain[m] ? aside_list[m - 1] : example(mention) || bystander_word_before(mention));
    aside[m] = aside_list[m] || bystander(mention);
    // A city that stands for no government ("Istanbul", "Geneva") in a list makes the list's
    // capitals cities too: "Warsaw, Bratislava, Budapest, Istanbul, Baku".
    for (const Candidate& c : mention.candidates) {
      if (c.entity->facet == Facet::kPlace && c.entity->affiliation.empty() &&
          (chain[m] || (m + 1 < n && chained(m + 1))))
        venue_list[list_of[m]] = 1;
    }
  }
  // "the northeastern region of Kharkiv", "the regions of Kharkiv and Sumy", "several regions
  // around it — Chernihiv, Cherkasy and Sumy", "regions: Kharkiv, Sumy".
  std::vector<char> region_of(n);
  for (std::size_t m = 0; m < n; ++m) {
    std::size_t f = mentions_[m].first;
    auto introduces = [&](std::size_t k) {  // token k is a region noun before a colon or dash
      return rules_.region_nouns.contains(tokens_[k].text) && opens_list(k);
    };
    region_of[m] = (f >= 2 && tokens_[f - 1].text == "of" && continues_phrase(tokens_[f].gap) &&
                    continues_phrase(tokens_[f - 1].gap) &&
                    rules_.region_nouns.contains(tokens_[f - 2].text)) ||
                   (f >= 1 && introduces(f - 1)) || (chain[m] && region_of[m - 1]);
  }
  // "the Kharkiv and Sumy regions", "Belgorod region".
  for (std::size_t m = n; m-- > 0;) {
    const Mention& mention = mentions_[m];
    std::size_t k = mention.last;
    // The region noun may close the mention itself: "the Kharkiv or Sumy region", where "Sumy
    // region" is one alias.
    region_list[m] = region_of[m] || followed_by(mention, rules_.region_nouns) ||
                     (k - mention.first > 1 && rules_.region_nouns.contains(tokens_[k - 1].text)) ||
                     (m + 1 < n && chain[m + 1] && region_list[m + 1]);
  }

  // "an Austrian or Swedish version", "Russian and Ukrainian refugees": the noun after a list of
  // adjectives applies to each, and so does the noun after a compound of them ("the
  // Polish-Ukrainian border", "a Russian-American journalist").
  std::vector<char> noun_list(n), private_list(n);
  for (std::size_t m = n; m-- > 0;) {
    const std::size_t last = mentions_[m].last;
    bool compound = m + 1 < n && mentions_[m + 1].first == last && last < tokens_.size() &&
                    tokens_[last].gap == Gap::kHyphen;
    bool next = m + 1 < n && (chain[m + 1] || compound);
    noun_list[m] = noun_after(mentions_[m]) || (next && noun_list[m + 1]);
    private_list[m] = private_noun_after(mentions_[m]) || (next && private_list[m + 1]);
  }

  for (std::size_t m = 0; m < n; ++m) {
    const Mention& mention = mentions_[m];
    if (is_person_mention(static_cast<int>(m))) continue;  // resolve_people()
    const bool institution = in_institution(mention);
    const bool possessive = tokens_[mention.last - 1].possessive;
    for (const Candidate& c : mention.candidates) {
      const Entity& e = *c.entity;
      switch (e.facet) {
        case Facet::kAgency:
          if (cites_agency(mention, e)) put(Facet::kAgency, e.id, mention.first, mention.last);
          break;
        case Facet::kParty: {
          if (is_private(mention) || private_list[m]) break;  // "a US citizen", "a Russian tourist"
          const bool belligerent = rules_.belligerents.count(e.id) > 0;
          if (!belligerent && people_named(mention, c, mentions_[list_of[m]])) break;
          {
            // A name after a [locative] cue is a location ("into Poland"); an adjective there
            // still acts ("in Russian hands").
            bool acting = !aside[m] && !institution && !noun_list[m] && !names_members(mention) &&
                          !state_envoy(m) && (belligerent || !names_war(mention)) &&
                          (c.kind != MatchKind::kName || (!locative[m] && !after_town(mention)));
            // A state (a party with nationality adjectives) named as a destination, unless a
            // relative clause makes it act ("moved to Turkey, which hosted them").
            bool relative =
                mention.last < tokens_.size() && comma_before(mention.last) &&
                (tokens_[mention.last].text == "which" || tokens_[mention.last].text == "who");
            if (acting && destination[m] && !relative && c.kind == MatchKind::kName &&
                !e.adjectives.empty() && !belligerent) {
              add_party(e.id, false, mention.first, mention.last);
              destinations_.emplace_back(e.id, m);
              break;
            }
            add_party(e.id, acting, mention.first, mention.last);
            if (acting) add_party_span(mention, e.id);
            if (belligerent && background(mention)) ++mentioned_.at(e.id).background;
          }
          break;
        }
        case Facet::kRegion: {
          add_region(e, mention);
          region_spans_.push_back({mention.first, mention.last});
          // A region's name placed in its country, "Kherson, Ukraine", is its city.
          bool place_too = std::any_of(
              mention.candidates.begin(), mention.candidates.end(),
              [](const Candidate& other) { return other.entity->facet == Facet::kPlace; });
          // Not "Kherson region", nor the middle of an address ("Kramatorsk, Donetsk, Ukraine").
          bool bare = mention.last - mention.first == e.display_tokens;
          bool in_address = mention.first > 0 && comma_before(mention.first) &&
                            tokens_[mention.first - 1].letter_case == LetterCase::kCapitalised;
          if (!place_too && bare && !in_address && before_state(mention)) {
            if (const Entity* city = gazetteer_.find(Facet::kPlace, e.id + "-city"))
              add_place(*city, mention);
          }
          break;
        }
        case Facet::kPlace: {
          const Entity* parent =
              e.parent.empty() ? nullptr : gazetteer_.find(Facet::kRegion, e.parent);
          if (parent) region_spans_.push_back({mention.first, mention.last});
          if (region_list[m] && parent && parent->display == e.display) {
            add_region(*parent, mention);  // "the Kyiv and Chernihiv regions", "Belgorod region"
            break;
          }
          bool bare = mention.last - mention.first == e.display_tokens;
          // "King's College London", "Kyiv School of Economics", "the Budapest Memorandum".
          if ((institution || names_document(mention)) && bare) break;
          if (e.affiliation.empty() || !bare) {
            add_place(e, mention);
            break;
          }
          // A capital's bare name: the city with a place cue, else its government.
          bool is_place =
              possessive
                  ? rules_.place.matches_after(text_, tokens_, mention.first, mention.last)
                  : !seat[m] && (place_before[m] || venue_list[list_of[m]] || dateline(mention) ||
                                 before_state(mention) ||
                                 rules_.place.matches(text_, tokens_, mention.first, mention.last));
          if (is_place) {
            add_place(e, mention);
            add_party(e.affiliation, false, mention.first, mention.last);
          } else {
            add_party(e.affiliation, true, mention.first, mention.last);
            add_party_span(mention, e.affiliation);
          }
          break;
        }
        default:
          break;  // outlets named in the text: the source comes from metadata
      }
    }
  }

  find_role_people();
  resolve_people();
  // "weapons to Poland or Lithuania", "gas to Germany": a state named only as where something
  // goes is no party; named again, it is one as before.
  for (const auto& [id, m] : destinations_) {
    if (!mentioned_.at(id).again()) continue;
    put(Facet::kParty, id, mentions_[m].first, mentions_[m].last);
    add_party_span(mentions_[m], id);
  }

  // A war article names each warring side more than once: one passing "Russia's invasion of
  // Ukraine" in a story about gas prices or a US inquiry does not make it one, nor do names only
  // in clauses that date a story ("since Russia invaded Ukraine", twice in a Griner story). A
  // short item (a summary, a caption) may name each side once, in any way.
  constexpr std::size_t kShortItem = 120;  // tokens
  bool war = !rules_.belligerents.empty();
  for (const std::string& id : rules_.belligerents) {
    auto it = mentioned_.find(id);
    war = war && it != mentioned_.end() &&
          (tokens_.size() < kShortItem ||
           (it->second.again() && it->second.count > it->second.background));
  }
  if (war) {
    for (const std::string& id : rules_.belligerents) {
      out_[Facet::kParty].push_back(id);
      if (auto it = mention_spans_.find(id); it != mention_spans_.end()) {
        for (const auto& [first, last] : it->second)
          note(Facet::kParty, id, first, last);
      }
    }
  }
  // Terms of ending the war: only in an article that names one of the warring sides.
  bool belligerent = false;
  for (const std::string& id : rules_.belligerents)
    belligerent = belligerent || mentioned_.count(id) > 0;
  if (belligerent) find_demands();

  // The outlet: its metadata name, else its URL's domain (an alias in the gazetteer, else the
  // domain's registered name).
  if (!article_.source.empty()) {
    out_[Facet::kSource].push_back(outlet_ ? outlet_->id : slugify(article_.source));
    if (evidence_)
      (*evidence_)[Facet::kSource][out_[Facet::kSource].back()].push_back({article_.source, {}});
  } else if (std::string domain = domain_of(article_.url); !domain.empty()) {
    out_[Facet::kSource].push_back(outlet_ ? outlet_->id : registered_name(domain));
    if (evidence_)
      (*evidence_)[Facet::kSource][out_[Facet::kSource].back()].push_back({article_.url, {}});
  }
  // Credits ("Source: Reuters", a dateline's "(AP)") count for agencies the gazetteer knows.
  for (const std::string& credit : article_.credits) {
    if (const Entity* e = gazetteer_.resolve(Facet::kAgency, credit)) {
      out_[Facet::kAgency].push_back(e->id);
      if (evidence_) (*evidence_)[Facet::kAgency][e->id].push_back({credit, {}});
    }
  }
  for (auto& values : out_.values)
    sort_unique(values);
  if (evidence_) fill_evidence();
  return std::move(out_);
}

// The sentence around tokens [first, last), cut to about kWindow bytes either side of them.
Quote Analysis::quote(std::size_t first, std::size_t last) const {
  constexpr std::size_t kWindow = 120;
  std::size_t s = first, e = last;
  auto ends_sentence = [&](std::size_t i) {  // the gap before token i ends a sentence
    return tokens_[i].gap == Gap::kLine ||
           (tokens_[i].gap == Gap::kStop &&
            separator_before(text_, tokens_, i).find_first_of(".!?") != std::string_view::npos);
  };
  while (s > 0 && !ends_sentence(s) && tokens_[first].begin - tokens_[s - 1].begin <= kWindow)
    --s;
  while (e < tokens_.size() && !ends_sentence(e) &&
         tokens_[e].end - tokens_[last - 1].end <= kWindow)
    ++e;
  Quote q;
  q.phrase = text_.substr(tokens_[first].begin, tokens_[last - 1].end - tokens_[first].begin);
  std::size_t begin = tokens_[s].begin;
  std::size_t end = e < tokens_.size() ? tokens_[e - 1].next : text_.size();
  std::string_view after = std::string_view(text_).substr(end);
  if (e == tokens_.size() || ends_sentence(e)) {
    // Keep the sentence's own end mark and closing quote.
    std::size_t keep = after.find_first_of("\n");
    std::string_view tail = after.substr(0, keep == std::string_view::npos ? after.size() : keep);
    std::size_t stop = tail.find_first_of(".!?");
    end += stop == std::string_view::npos ? 0 : stop + 1;
    if (stop != std::string_view::npos) {
      std::string_view rest = tail.substr(stop + 1);
      for (std::string_view close : {"\"", "\xE2\x80\x9D", "\xE2\x80\x99", "'"}) {
        if (rest.starts_with(close)) {
          end += close.size();
          break;
        }
      }
    }
  }
  if (s > 0 && !ends_sentence(s)) q.sentence = "\xE2\x80\xA6";
  q.sentence += text_.substr(begin, end - begin);
  if (e < tokens_.size() && !ends_sentence(e)) q.sentence += "\xE2\x80\xA6";
  return q;
}

void Analysis::fill_evidence() {
  for (int f = 0; f < static_cast<int>(schema::kFacetCount); ++f) {
    auto& facet = evidence_->values[static_cast<std::size_t>(f)];
    for (const std::string& id : out_.values[static_cast<std::size_t>(f)]) {
      std::vector<Quote>& quotes = facet[id];
      auto it = spans_.find({f, id});
      if (it == spans_.end()) continue;
      Spans spans = it->second;
      std::sort(spans.begin(), spans.end());
      for (const auto& [first, last] : spans) {
        if (quotes.size() >= Evidence::kMaxQuotes) break;
        Quote q = quote(first, last);
        bool seen = std::any_of(quotes.begin(), quotes.end(), [&](const Quote& o) {
          return o.phrase == q.phrase && o.sentence == q.sentence;
        });
        if (!seen) quotes.push_back(std::move(q));
      }
    }
    // Values dropped after they were noted (the byline) have no evidence.
    for (auto it = facet.begin(); it != facet.end();) {
      const auto& values = out_.values[static_cast<std::size_t>(f)];
      it = std::binary_search(values.begin(), values.end(), it->first) ? std::next(it)
                                                                       : facet.erase(it);
    }
  }
}

}  // namespace

std::string agency_id(std::string_view name) {
  if (const Entity* e = Gazetteer::builtin().resolve(Facet::kAgency, name)) return e->id;
  return slugify(name);
}

namespace {

// The first and last words of a person id.
std::pair<std::string_view, std::string_view> name_ends(std::string_view id) {
  std::size_t a = id.find('-'), b = id.rfind('-');
  if (a == std::string_view::npos) return {id, id};
  return {id.substr(0, a), id.substr(b + 1)};
}

}  // namespace

const Entity* known_person(std::string_view id) {
  auto [first, last] = name_ends(id);
  return first == last ? nullptr : person_index().find(first, last);
}

bool same_name(std::string_view a, std::string_view b) {
  auto [a_first, a_last] = name_ends(a);
  auto [b_first, b_last] = name_ends(b);
  return close_spelling(translit_key(a_first), translit_key(b_first)) &&
         close_spelling(translit_key(a_last), translit_key(b_last));
}

void check_analysis_data() {
  Gazetteer gazetteer(analysis_data("gazetteer.tsv"), analysis_data("not_entities.txt"));
  load_rules(gazetteer);
  DemandRules demands(analysis_data("demand_cues.txt"), analysis_data("demand_terms.txt"));
}

Entities analyse(const Article& article, Evidence* evidence) {
  if (evidence) *evidence = Evidence();
  return Analysis(article, Gazetteer::builtin(), rules(), evidence).run();
}

}  // namespace parley
