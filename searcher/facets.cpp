#include "searcher/facets.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <limits>
#include <unordered_map>

#include "common/document.h"
#include "common/fold.h"
#include "common/gazetteer.h"
#include "common/readers.h"
#include "searcher/request.h"

namespace parley::embedded {
extern const std::string_view gazetteer;
}  // namespace parley::embedded

namespace parley {

namespace {

using schema::Facet;

// Ids looked up by view, so that finding an id copies nothing.
struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename T>
using ViewMap = std::unordered_map<std::string, T, ViewHash, std::equal_to<>>;

// Display names by facet and id, read from the first three columns of the embedded gazetteer.
// Showing counts needs nothing else, and building the whole alias table
// (Gazetteer::builtin(): folded keys, the matcher's trie) would be nearly half of what a
// parley-search run with facet counts costs.
const std::array<ViewMap<std::string>, schema::kFacetCount>& display_names() {
  static const auto names = [] {
    std::array<ViewMap<std::string>, schema::kFacetCount> out;
    std::string_view data = embedded::gazetteer;
    while (!data.empty()) {
      std::size_t end = data.find('\n');
      std::string_view line = data.substr(0, end);
      data.remove_prefix(end == std::string_view::npos ? data.size() : end + 1);
      if (line.empty() || line[0] == '#') continue;
      std::string_view cols[3];
      for (std::string_view& col : cols) {
        std::size_t tab = line.find('\t');
        col = trim(line.substr(0, tab));
        line.remove_prefix(tab == std::string_view::npos ? line.size() : tab + 1);
      }
      std::optional<Facet> f = schema::facet_by_name(cols[1]);
      if (f && !cols[0].empty() && !cols[2].empty()) {
        out[static_cast<std::size_t>(*f)].emplace(std::string(cols[0]), std::string(cols[2]));
      }
    }
    return out;
  }();
  return names;
}

bool gazetteer_facet(Facet f) {
  return f == Facet::kRegion || f == Facet::kPlace || f == Facet::kPerson || f == Facet::kParty ||
         f == Facet::kSource || f == Facet::kAgency;
}

bool index_has(const Xapian::Database& db, Facet f, const std::string& id) {
  return !id.empty() && db.term_exists(std::string(schema::facet_info(f).prefix) + id);
}

// The values of `facet` the index holds, closest to `text` first.
std::vector<std::string> closest_in_index(const Xapian::Database& db, Facet f,
                                          const std::string& text, std::size_t n) {
  std::string prefix(schema::facet_info(f).prefix);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    std::string id = (*it).substr(prefix.size());
    if (f != Facet::kDemandBy && id.find('/') != std::string::npos) continue;
    scored.emplace_back(edit_distance(text, id), id);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < n; ++i)
    out.push_back(scored[i].second);
  return out;
}

[[noreturn]] void unknown(const Xapian::Database& db, Facet f, std::string_view text) {
  std::string slug = slugify(text);
  std::vector<std::string> near;
  if (gazetteer_facet(f)) near = Gazetteer::builtin().closest(f, text, 3);
  for (const std::string& id : closest_in_index(db, f, slug, 5)) {
    if (std::find(near.begin(), near.end(), id) == near.end() && near.size() < 5) {
      near.push_back(id);
    }
  }
  std::string list;
  for (const std::string& id : near)
    list += (list.empty() ? "" : ", ") + id;
  throw QueryError("unknown " + std::string(schema::facet_info(f).name) + " '" + std::string(text) +
                   "'" + (list.empty() ? std::string() : ": did you mean " + list + "?") +
                   " (parley-search --list " + std::string(schema::facet_info(f).name) +
                   " shows them all)");
}

}  // namespace

std::string resolve_facet_value(const Xapian::Database& db, Facet f, std::string_view text) {
  std::string typed(trim(text));
  if (f == Facet::kDemandBy) {
    std::size_t slash = typed.find('/');
    if (slash == std::string::npos) {
      throw QueryError("demand_by '" + typed + "' needs PARTY/DEMAND, e.g. russia/ceasefire");
    }
    std::string value = resolve_facet_value(db, Facet::kParty, typed.substr(0, slash)) + "/" +
                        resolve_facet_value(db, Facet::kDemand, typed.substr(slash + 1));
    return value;
  }
  if (index_has(db, f, typed)) return typed;
  if (gazetteer_facet(f)) {
    const Gazetteer& g = Gazetteer::builtin();
    if (const Entity* e = g.resolve(f, typed)) return e->id;
    // A region by the name of its city ("Kiev" names the city kyiv-city, in region kyiv).
    if (f == Facet::kRegion) {
      if (const Entity* place = g.resolve(Facet::kPlace, typed); place && !place->parent.empty())
        return place->parent;
    }
  }
  std::string slug = slugify(typed);
  if (index_has(db, f, slug)) return slug;
  // A demand is known once some article carries it; FACETS.md's ids are accepted before that.
  if (f == Facet::kDemand && !slug.empty() && slug == typed) return slug;
  unknown(db, f, typed);
}

std::string display_name(Facet f, std::string_view id) {
  if (gazetteer_facet(f)) {
    const auto& names = display_names()[static_cast<std::size_t>(f)];
    if (auto it = names.find(id); it != names.end()) return it->second;
  }
  if (f == Facet::kDemandBy) {
    std::size_t slash = id.find('/');
    if (slash != std::string_view::npos) {
      return display_name(Facet::kParty, id.substr(0, slash)) + ": " +
             std::string(id.substr(slash + 1));
    }
  }
  return std::string(id);
}

namespace {

// Values and their counts, ordered by count, then id: the first `limit` of them.
std::vector<FacetCount> ordered(Facet f,
                                std::vector<std::pair<std::string_view, Xapian::doccount>> counts,
                                std::size_t limit = std::numeric_limits<std::size_t>::max()) {
  auto first = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  auto end = counts.begin() + static_cast<std::ptrdiff_t>(std::min(limit, counts.size()));
  std::partial_sort(counts.begin(), end, counts.end(), first);
  std::vector<FacetCount> out;
  out.reserve(static_cast<std::size_t>(end - counts.begin()));
  for (auto it = counts.begin(); it != end; ++it)
    out.push_back({std::string(it->first), display_name(f, it->first), it->second});
  return out;
}

}  // namespace

// What the counter has seen: per wanted code, each value's count.
struct MatchCounter::Tally {
  std::array<int, 256> index;  // code -> counts[index], or -1 when not counted
  std::vector<ViewMap<Xapian::doccount>> counts;
  Xapian::doccount documents = 0;
  Xapian::doccount ungrouped = 0;  // documents without a group entry
  bool folded = false;             // remote: the spy's combinations are in

  Tally() { index.fill(-1); }

  void want(char code) {
    int& i = index[static_cast<unsigned char>(code)];
    if (i < 0) {
      i = static_cast<int>(counts.size());
      counts.emplace_back();
    }
  }

  const ViewMap<Xapian::doccount>* of(char code) const {
    int i = index[static_cast<unsigned char>(code)];
    return i < 0 ? nullptr : &counts[static_cast<std::size_t>(i)];
  }

  // Counts `n` documents whose kSlotCounts value is `joined`.
  void add(std::string_view joined, Xapian::doccount n) {
    documents += n;
    bool grouped = false;
    while (!joined.empty()) {
      std::size_t sep = joined.find(schema::kValueSeparator);
      std::string_view entry = joined.substr(0, sep);
      joined.remove_prefix(sep == std::string_view::npos ? joined.size() : sep + 1);
      if (entry.empty()) continue;
      grouped |= entry[0] == schema::kCountGroup;
      int i = index[static_cast<unsigned char>(entry[0])];
      if (i < 0) continue;
      ViewMap<Xapian::doccount>& values = counts[static_cast<std::size_t>(i)];
      entry.remove_prefix(1);
      if (auto found = values.find(entry); found != values.end()) {
        found->second += n;
      } else {
        values.emplace(entry, n);
      }
    }
    if (!grouped) ungrouped += n;
  }
};

namespace {

// Reads kSlotCounts of each matching document into a Tally: one value read per document, and
// no map of whole combinations. Local databases only (Xapian's remote server cannot run it).
class CountingSpy : public Xapian::MatchSpy {
 public:
  explicit CountingSpy(MatchCounter::Tally& tally) : tally_(tally) {}
  void operator()(const Xapian::Document& doc, double) override {
    tally_.add(doc.get_value(schema::kSlotCounts), 1);
  }

 private:
  MatchCounter::Tally& tally_;
};

}  // namespace

MatchCounter::MatchCounter(const std::vector<Facet>& facets, bool groups, bool dates, bool remote)
    : tally_(std::make_unique<Tally>()), remote_(remote) {
  for (Facet f : facets)
    tally_->want(schema::facet_info(f).code);
  if (groups) tally_->want(schema::kCountGroup);
  if (dates) tally_->want(schema::kCountDate);
  counting_ = !facets.empty() || groups || dates;
  if (remote_) {
    spy_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSlotCounts);
  } else {
    spy_ = std::make_unique<CountingSpy>(*tally_);
  }
}

MatchCounter::~MatchCounter() = default;

void MatchCounter::attach(Xapian::Enquire& enquire) {
  if (counting_) enquire.add_matchspy(spy_.get());
}

const MatchCounter::Tally& MatchCounter::tally() const {
  // Over the remote backend the counts arrive as whole combinations: split them once, here.
  if (remote_ && !tally_->folded) {
    auto& spy = static_cast<const Xapian::ValueCountMatchSpy&>(*spy_);
    Xapian::doccount with_value = 0;
    for (Xapian::TermIterator it = spy.values_begin(); it != spy.values_end(); ++it) {
      tally_->add(*it, it.get_termfreq());
      with_value += it.get_termfreq();
    }
    // Documents with an empty value are in the spy's total only.
    Xapian::doccount empty = spy.get_total() - with_value;
    tally_->documents += empty;
    tally_->ungrouped += empty;
    tally_->folded = true;
  }
  return *tally_;
}

FacetCounts MatchCounter::counts(Facet facet, std::optional<std::size_t> limit) const {
  std::vector<std::pair<std::string_view, Xapian::doccount>> all;
  if (const auto* values = tally().of(schema::facet_info(facet).code)) {
    all.reserve(values->size());
    for (const auto& [id, n] : *values)
      all.emplace_back(id, n);
  }
  std::size_t distinct = all.size();
  return {facet, ordered(facet, std::move(all), limit.value_or(distinct)), distinct};
}

Xapian::doccount MatchCounter::documents() const {
  return tally().documents;
}

std::size_t MatchCounter::groups() const {
  const auto* groups = tally().of(schema::kCountGroup);
  return (groups ? groups->size() : 0) + tally().ungrouped;
}

Xapian::doccount MatchCounter::group_size(std::string_view group) const {
  const auto* groups = tally().of(schema::kCountGroup);
  if (!groups) return 0;
  auto it = groups->find(group);
  return it == groups->end() ? 0 : it->second;
}

std::vector<Period> MatchCounter::timeline(TimelineUnit unit) const {
  std::map<std::string, Xapian::doccount> counts;
  if (const auto* dates = tally().of(schema::kCountDate)) {
    for (const auto& [date, n] : *dates) {
      std::string period = period_of(date, unit);
      if (!period.empty()) counts[period] += n;
    }
  }
  std::vector<Period> out;
  for (const auto& [period, n] : counts)
    out.push_back({period, n});
  return out;
}

TimelineUnit parse_timeline_unit(std::string_view text) {
  if (text == "day") return TimelineUnit::kDay;
  if (text == "week") return TimelineUnit::kWeek;
  if (text == "month") return TimelineUnit::kMonth;
  if (text == "year") return TimelineUnit::kYear;
  throw QueryError("unknown timeline unit '" + std::string(text) + "': day, week, month or year");
}

std::string_view timeline_unit_name(TimelineUnit unit) {
  switch (unit) {
    case TimelineUnit::kDay:
      return "day";
    case TimelineUnit::kWeek:
      return "week";
    case TimelineUnit::kMonth:
      return "month";
    case TimelineUnit::kYear:
      return "year";
  }
  return "month";
}

std::string period_of(std::string_view d, TimelineUnit unit) {
  if (d.size() != 8) return {};
  std::string y(d.substr(0, 4)), m(d.substr(4, 2)), day(d.substr(6, 2));
  switch (unit) {
    case TimelineUnit::kDay:
      return y + "-" + m + "-" + day;
    case TimelineUnit::kMonth:
      return y + "-" + m;
    case TimelineUnit::kYear:
      return y;
    case TimelineUnit::kWeek: {
      std::tm tm{};
      tm.tm_year = std::stoi(y) - 1900;
      tm.tm_mon = std::stoi(m) - 1;
      tm.tm_mday = std::stoi(day);
      tm.tm_hour = 12;
      timegm(&tm);  // fills in tm_wday and tm_yday
      char buf[16];
      std::strftime(buf, sizeof buf, "%G-W%V", &tm);
      return buf;
    }
  }
  return {};
}

std::vector<FacetCount> list_values(const Xapian::Database& db, Facet f) {
  std::string prefix(schema::facet_info(f).prefix);
  std::vector<std::pair<std::string, Xapian::doccount>> terms;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    std::string id = (*it).substr(prefix.size());
    // The demand prefix XD is not a prefix of another facet's, but guard all the same.
    if (f == Facet::kDemand && id.find('/') != std::string::npos) continue;
    terms.emplace_back(std::move(id), it.get_termfreq());
  }
  return ordered(f, {terms.begin(), terms.end()});
}

}  // namespace parley
