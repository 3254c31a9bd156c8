#include "common/document.h"

#include <stdexcept>

#include "common/fold.h"
#include "common/neardup.h"
#include "common/schema.h"

namespace parley {

namespace {

// How much more a word in the title counts than one in the body.
constexpr Xapian::termcount kTitleWeight = 5;

std::string compact_date(std::string_view date) {
  std::string out;
  for (char c : date) {
    if (c != '-') out.push_back(c);
  }
  return out;
}

}  // namespace

Xapian::Stem english_stemmer() {
  return Xapian::Stem("english");
}

Xapian::TermGenerator make_term_generator() {
  Xapian::TermGenerator termgen;
  termgen.set_stemmer(english_stemmer());
  termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  return termgen;
}

void set_duplicate_group(Xapian::Document& doc, const std::string& group) {
  doc.add_value(schema::kSlotDuplicateGroup, group);
  std::string counts = doc.get_value(schema::kSlotCounts);
  if (!counts.empty()) counts.push_back(schema::kValueSeparator);
  counts.push_back(schema::kCountGroup);
  counts.append(group);
  doc.add_value(schema::kSlotCounts, counts);
}

nlohmann::ordered_json entities_json(const Entities& entities) {
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const schema::FacetInfo& f : schema::kFacets) {
    facets[std::string(f.name)] = entities[f.facet];
  }
  return facets;
}

// Xapian's glass backend refuses longer terms when a document is written.
constexpr std::size_t kMaxFacetTermBytes = 245;

Xapian::Document to_document(const Article& article, const Entities& entities,
                             std::string_view content_hash, Xapian::TermGenerator& termgen) {
  Xapian::Document doc;
  termgen.set_document(doc);
  if (!article.title.empty()) {
    std::string title = search_form(article.title);
    termgen.index_text(title, 1, std::string(schema::kTitlePrefix));
    termgen.index_text(title, kTitleWeight);
    termgen.increase_termpos();
  }
  termgen.index_text(search_form(article.body));  // Erdoğan is found as Erdogan too

  doc.add_boolean_term(schema::id_term(article.id));
  doc.add_boolean_term(std::string(schema::kFormatPrefix) + article.format);
  if (!article.date.empty()) {
    std::string ymd = compact_date(article.date);
    doc.add_value(schema::kSlotDate, ymd);
    doc.add_boolean_term(std::string(schema::kYearPrefix) + ymd.substr(0, 4));
    doc.add_boolean_term(std::string(schema::kMonthPrefix) + ymd.substr(0, 6));
    doc.add_boolean_term(std::string(schema::kDayPrefix) + ymd);
  }
  doc.add_value(schema::kSlotContentHash, std::string(content_hash));
  doc.add_value(schema::kSlotDateOrder,
                (article.date.empty() ? std::string(8, '0') : compact_date(article.date)) +
                    std::string(content_hash));
  if (std::optional<Fingerprint> print = fingerprint(article.body)) {
    doc.add_value(schema::kSlotFingerprint, print->serialise());
    for (const std::string& band : band_keys(*print)) {
      doc.add_boolean_term(std::string(schema::kNearDupBandPrefix) + band);
    }
  }
  std::string counts;
  auto count = [&](char code, std::string_view value) {
    if (!counts.empty()) counts.push_back(schema::kValueSeparator);
    counts.push_back(code);
    counts.append(value);
  };
  for (const schema::FacetInfo& f : schema::kFacets) {
    for (const std::string& v : entities[f.facet]) {
      // A value past Xapian's term limit (a 400-byte "source:" in front matter) would make the
      // whole write fail: the article is kept without that facet term.
      if (f.prefix.size() + v.size() <= kMaxFacetTermBytes)
        doc.add_boolean_term(std::string(f.prefix) + v);
      count(f.code, v);
    }
  }
  if (!article.date.empty()) count(schema::kCountDate, compact_date(article.date));
  doc.add_value(schema::kSlotCounts, counts);

  // The text follows the JSON header as it is: a hit's display reads the header, and the text
  // is taken without decoding (a JSON string of a long article costs more to parse than the
  // rest of a search). The header's dump never holds a raw newline.
  nlohmann::ordered_json header = {
      {"id", article.id},       {"path", article.path},     {"format", article.format},
      {"title", article.title}, {"date", article.date},     {"source", article.source},
      {"url", article.url},     {"author", article.author}, {"facets", entities_json(entities)},
  };
  std::string data = header.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  data.push_back('\n');
  data.append(article.body);
  doc.set_data(std::move(data));
  // The term generator holds a reference to the document it indexes into. Xapian's reference
  // counts are not atomic, so the document must not be shared with it once it goes to another
  // thread (the indexer's writer): the worker's next set_document() would release it there
  // while the writer copies or frees it, now and then corrupting the heap.
  termgen.set_document(Xapian::Document());
  return doc;
}

StoredArticle stored_article(const Xapian::Document& doc) {
  std::string stored = doc.get_data();
  std::size_t newline = stored.find('\n');
  nlohmann::json data =
      nlohmann::json::parse(std::string_view(stored).substr(0, newline), nullptr, false);
  if (newline == std::string::npos || !data.is_object())
    throw Xapian::DatabaseCorruptError("document data is not Parley's");
  StoredArticle s;
  stored.erase(0, newline + 1);
  s.text = std::move(stored);
  auto str = [&](const char* key) { return data.value(key, std::string()); };
  s.id = str("id");
  s.path = str("path");
  s.format = str("format");
  s.title = str("title");
  s.date = str("date");
  s.source = str("source");
  s.url = str("url");
  s.author = str("author");
  if (auto it = data.find("facets"); it != data.end() && it->is_object()) {
    for (const schema::FacetInfo& f : schema::kFacets) {
      if (auto v = it->find(std::string(f.name)); v != it->end() && v->is_array()) {
        for (const auto& item : *v) {
          if (item.is_string()) s.entities[f.facet].push_back(item.get<std::string>());
        }
      }
    }
  }
  return s;
}

}  // namespace parley
