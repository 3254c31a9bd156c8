#include "searcher/facets.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
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

// Display names by "<facet>:<id>", read from the first three columns of the embedded
// gazetteer. Showing counts needs nothing else, and building the whole alias table
// (Gazetteer::builtin(): folded keys, the matcher's trie) would be nearly half of what a
// parley-search run with facet counts costs.
const std::unordered_map<std::string, std::string>& display_names() {
  static const std::unordered_map<std::string, std::string> names = [] {
    std::unordered_map<std::string, std::string> out;
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
      if (!cols[0].empty() && !cols[2].empty()) {
        out.emplace(std::string(cols[1]) + ":" + std::string(cols[0]), std::string(cols[2]));
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
    const auto& names = display_names();
    auto it = names.find(std::string(schema::facet_info(f).name) + ":" + std::string(id));
    if (it != names.end()) return it->second;
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

FacetCounter::FacetCounter(const std::vector<Facet>& facets) : facets_(facets) {
  for (Facet f : facets_) {
    spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(schema::facet_info(f).slot));
  }
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
  for (auto& spy : spies_)
    enquire.add_matchspy(spy.get());
}

namespace {

std::vector<FacetCount> ordered(Facet f, const std::map<std::string, Xapian::doccount>& counts) {
  std::vector<FacetCount> out;
  for (const auto& [id, n] : counts)
    out.push_back({id, display_name(f, id), n});
  std::stable_sort(out.begin(), out.end(),
                   [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  return out;
}

}  // namespace

std::vector<FacetCount> FacetCounter::counts(Facet facet) const {
  // Ids looked up by view, so that splitting a counted combination copies no id already seen.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Xapian::doccount, Hash, std::equal_to<>> counts;
  for (std::size_t i = 0; i < facets_.size(); ++i) {
    if (facets_[i] != facet) continue;
    const Xapian::ValueCountMatchSpy& spy = *spies_[i];
    for (Xapian::TermIterator it = spy.values_begin(); it != spy.values_end(); ++it) {
      const std::string joined = *it;
      Xapian::doccount n = it.get_termfreq();
      std::string_view rest = joined;
      while (!rest.empty()) {
        std::size_t sep = rest.find(schema::kValueSeparator);
        std::string_view id = rest.substr(0, sep);
        rest.remove_prefix(sep == std::string_view::npos ? rest.size() : sep + 1);
        if (auto found = counts.find(id); found != counts.end()) {
          found->second += n;
        } else {
          counts.emplace(id, n);
        }
      }
    }
  }
  std::vector<FacetCount> out;
  out.reserve(counts.size());
  for (const auto& [id, n] : counts)
    out.push_back({id, display_name(facet, id), n});
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.id < b.id;
  });
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

std::vector<Period> timeline(const Xapian::ValueCountMatchSpy& dates, TimelineUnit unit) {
  std::map<std::string, Xapian::doccount> counts;
  for (Xapian::TermIterator it = dates.values_begin(); it != dates.values_end(); ++it) {
    std::string period = period_of(*it, unit);
    if (!period.empty()) counts[period] += it.get_termfreq();
  }
  std::vector<Period> out;
  for (const auto& [period, n] : counts)
    out.push_back({period, n});
  return out;
}

std::vector<FacetCount> list_values(const Xapian::Database& db, Facet f) {
  std::string prefix(schema::facet_info(f).prefix);
  std::map<std::string, Xapian::doccount> counts;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    std::string id = (*it).substr(prefix.size());
    // The demand prefix XD is not a prefix of another facet's, but guard all the same.
    if (f == Facet::kDemand && id.find('/') != std::string::npos) continue;
    counts[id] = it.get_termfreq();
  }
  return ordered(f, counts);
}

}  // namespace parley
