// parley-score: compares `parley-index --inspect` output with a gold file (seed-gold.jsonl's
// format) and prints precision, recall and F1 per facet, micro-averaged over articles, and
// the misses and false hits.
//
//   parley-score GOLD.jsonl INSPECT.jsonl [--details]
//
// A gold record names its article by "file" (matched against the inspect record's id or the
// last part of its path) or by "record" (matched against the part of the id after '#').
//
// A gold value that is no id of the gazetteer but one of its aliases is read as the id a user
// typing it would get (FACETS.md: every value resolves through the alias table), so a label
// "yury-ushakov" counts for the gazetteer's yuri-ushakov; --details lists each such reading.
// A person label is read the same way through the spelling rules that find a known person
// behind a variant ("vassily-nebenzia" is vasily-nebenzya). Labels that name no entity of the
// gazetteer (people found by their role, say) are compared as they are, except that a missed
// person and a false hit in the same article that spell one name two ways
// ("oleksandr-chalyi", "oleksander-chaly": annotators transliterate people the gazetteer does
// not know their own way) count as a match; the scores say how many, and --strict counts them
// as a miss and a false hit.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/analyse.h"
#include "common/gazetteer.h"
#include "common/schema.h"

namespace {

using nlohmann::json;

const char* const kFacets[] = {"region", "place",     "person", "party",
                               "demand", "demand_by", "agency", "source"};

std::vector<json> read_jsonl(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "parley-score: error: cannot read " << path << "\n";
    std::exit(2);
  }
  std::vector<json> out;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(line, nullptr, false);
    if (!j.is_object()) {
      std::cerr << "parley-score: error: " << path << " line " << n << ": not a JSON object\n";
      std::exit(2);
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::set<std::string> values(const json& record, const char* facet) {
  std::set<std::string> out;
  auto it = record.find(facet);
  if (it == record.end() || it->is_null()) return out;
  if (it->is_string()) {
    out.insert(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& v : *it) {
      if (v.is_string()) out.insert(v.get<std::string>());
    }
  }
  return out;
}

// The gazetteer's id for gold value `v` of `facet` (see the top of this file); `v` itself
// when it is an id or names nothing. demand_by pairs have their party read that way.
std::string gazetteer_id(const std::string& facet, const std::string& v) {
  using parley::schema::Facet;
  const parley::Gazetteer& g = parley::Gazetteer::builtin();
  if (facet == "demand_by") {
    std::size_t slash = v.find('/');
    if (slash == std::string::npos) return v;
    return gazetteer_id("party", v.substr(0, slash)) + v.substr(slash);
  }
  std::optional<Facet> f = parley::schema::facet_by_name(facet);
  if (!f || *f == Facet::kDemand) return v;
  if (g.find(*f, v)) return v;
  const parley::Entity* e = g.resolve(*f, v);
  if (!e && *f == Facet::kPerson) e = parley::known_person(v);
  return e ? e->id : v;
}

std::string key_of_gold(const json& g) {
  if (g.contains("record") && g["record"].is_string()) return "#" + g["record"].get<std::string>();
  if (g.contains("file") && g["file"].is_string()) return g["file"].get<std::string>();
  return {};
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: parley-score GOLD.jsonl INSPECT.jsonl [--details] [--strict]\n";
    return 2;
  }
  bool details = false, strict = false;
  for (int i = 3; i < argc; ++i) {
    details = details || std::string(argv[i]) == "--details";
    strict = strict || std::string(argv[i]) == "--strict";
  }
  std::vector<json> gold = read_jsonl(argv[1]);
  std::map<std::string, json> found;  // by id, by "#record" and by file name
  for (json& r : read_jsonl(argv[2])) {
    std::string id = str(r, "id");
    if (std::size_t hash = id.find('#'); hash != std::string::npos) found[id.substr(hash)] = r;
    std::string path = str(r, "path");
    found[path.substr(path.find_last_of('/') + 1)] = r;
    found[id] = r;
  }

  struct Counts {
    std::size_t tp = 0, fp = 0, fn = 0;
  };
  std::map<std::string, Counts> counts;
  std::size_t matched = 0, titles = 0, dates = 0;
  std::vector<std::string> report, readings, spellings;
  for (const json& g : gold) {
    std::string key = key_of_gold(g);
    auto it = found.find(key);
    if (it == found.end()) {
      report.push_back(key + ": not in the inspect output");
      continue;
    }
    ++matched;
    const json& r = it->second;
    titles += str(g, "title") == str(r, "title");
    dates += str(g, "date") == str(r, "date");
    for (const char* facet : kFacets) {
      std::set<std::string> want, got = values(r, facet);
      for (const std::string& label : values(g, facet)) {
        std::string id = gazetteer_id(facet, label);
        if (id != label)
          readings.push_back(key + ": " + facet + " label " + label + " read as " + id);
        want.insert(id);
      }
      Counts& c = counts[facet];
      std::set<std::string> extra, missed;
      std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                          std::inserter(extra, extra.end()));
      std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                          std::inserter(missed, missed.end()));
      c.tp += got.size() - extra.size();
      if (!strict && std::string_view(facet) == "person") {
        for (auto m = missed.begin(); m != missed.end();) {
          auto alike = std::find_if(extra.begin(), extra.end(),
                                    [&](const std::string& v) { return parley::same_name(*m, v); });
          if (alike == extra.end()) {
            ++m;
            continue;
          }
          ++c.tp;
          spellings.push_back(key + ": person " + *alike + " matches the label " + *m);
          extra.erase(alike);
          m = missed.erase(m);
        }
      }
      for (const std::string& v : extra) {
        ++c.fp;
        report.push_back(key + ": " + facet + " false hit " + v);
      }
      for (const std::string& v : missed) {
        ++c.fn;
        report.push_back(key + ": " + facet + " missed " + v);
      }
    }
  }

  std::printf("gold %s: %zu articles, %zu found in %s\n\n", argv[1], gold.size(), matched, argv[2]);
  std::printf("%-10s %5s %5s %5s %9s %7s %6s\n", "facet", "tp", "fp", "fn", "precision", "recall",
              "F1");
  for (const char* facet : kFacets) {
    const Counts& c = counts[facet];
    double p = c.tp + c.fp ? double(c.tp) / double(c.tp + c.fp) : 1.0;
    double r = c.tp + c.fn ? double(c.tp) / double(c.tp + c.fn) : 1.0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    std::printf("%-10s %5zu %5zu %5zu %9.3f %7.3f %6.3f\n", facet, c.tp, c.fp, c.fn, p, r, f);
  }
  std::printf("\ntitle exact %zu/%zu, date exact %zu/%zu\n", titles, matched, dates, matched);
  if (!readings.empty())
    std::printf("%zu labels read through the gazetteer's aliases (--details lists them)\n",
                readings.size());
  if (!spellings.empty())
    std::printf("%zu people matched as two spellings of one name (--strict does not)\n",
                spellings.size());
  if (details) {
    std::printf("\n");
    for (const std::string& line : report)
      std::printf("%s\n", line.c_str());
    if (!readings.empty()) std::printf("\nlabels read through the alias table:\n");
    for (const std::string& line : readings)
      std::printf("%s\n", line.c_str());
    if (!spellings.empty()) std::printf("\npeople matched as two spellings of one name:\n");
    for (const std::string& line : spellings)
      std::printf("%s\n", line.c_str());
  }
  return matched == gold.size() ? 0 : 1;
}
