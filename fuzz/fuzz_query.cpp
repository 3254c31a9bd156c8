// Fuzz target: the query front end as parley-search drives it, on a small in-memory index.
// Input: a first byte of options (match mode, sort, collapse, timeline), then lines: the query,
// then filters, each line's first byte choosing the facet (or --from / --to) and the rest its
// value.
#include <xapian.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/fold.h"
#include "fuzz/check.h"
#include "searcher/search.h"

namespace {

const Xapian::Database& fixture() {
  static const Xapian::Database db = [] {
    // A glass database, as parley-search opens (the in-memory backend keeps no spellings).
    static std::string folder = std::filesystem::temp_directory_path() /
                                ("parley-fuzz-query-" + std::to_string(::getpid()));
    std::atexit([] { std::filesystem::remove_all(folder); });
    Xapian::WritableDatabase w(folder, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator termgen = parley::make_term_generator();
    const char* const pages[] = {
        "date 2025-05-17 Russia demands withdrawal before a ceasefire\n\nRussian negotiators "
        "in Istanbul demanded that Ukraine withdraw from Zaporizhzhia, Reuters reported.\n",
        "date 2024-02-24 Zelensky marks two years of war\n\nPresident Volodymyr Zelensky said "
        "in Kyiv that Ukraine would not accept neutrality, AP said.\n",
        "Drone strike on Kharkiv overnight\n\nA drone strike hit Kharkiv. Officials in Moscow "
        "and Washington called for talks on a truce.\n"};
    int n = 0;
    for (const char* page : pages) {
      parley::ReadResult read =
          parley::read_articles("a" + std::to_string(n++) + ".txt", parley::Format::kText, page);
      for (const parley::Article& a : read.articles) {
        Xapian::Document doc = parley::to_document(a, parley::analyse(a), "0", termgen);
        parley::set_duplicate_group(doc, a.id);  // as indexing sets it
        w.replace_document(parley::schema::id_term(a.id), doc);
      }
    }
    for (const char* word : {"ceasefire", "withdrawal", "negotiators", "zaporizhzhia"})
      w.add_spelling(word);
    w.commit();
    return Xapian::Database(w);
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  parley::SearchRequest request;
  std::uint8_t options = data[0];
  request.match = options & 1 ? parley::MatchMode::kAny : parley::MatchMode::kAll;
  if (options & 2)
    request.sort =
        options & 4 ? parley::SortOrder::kDateDescending : parley::SortOrder::kDateAscending;
  request.collapse = options & 8;
  if (options & 16) request.timeline = options & 32 ? "month" : "day";
  for (const parley::schema::FacetInfo& f : parley::schema::kFacets)
    request.facets.push_back(f.facet);
  std::vector<std::string_view> lines =
      parley::split_lines(parley::fuzz::bytes_of(data + 1, size - 1));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i == 0) {
      request.query = std::string(lines[0]);
      continue;
    }
    if (lines[i].empty()) continue;
    unsigned which = static_cast<unsigned char>(lines[i][0]) % (parley::schema::kFacetCount + 2);
    std::string value(lines[i].substr(1));
    if (which < parley::schema::kFacetCount) {
      request.filters[which].push_back(value);
    } else if (which == parley::schema::kFacetCount) {
      request.date_from = value;
    } else {
      request.date_to = value;
    }
  }
  try {
    parley::SearchResult result = parley::run_search(fixture(), request);
    if (result.hits.size() > result.total) parley::fuzz::fail("more hits than the total", "");
  } catch (const parley::QueryError&) {
    // A query the user must fix: parley-search prints it and exits 2.
  }
  return 0;
}
