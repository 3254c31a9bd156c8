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

std::string join_values(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out.push_back(schema::kValueSeparator);
    out.append(v);
  }
  return out;
}

std::vector<std::string> split_values(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    std::size_t sep = joined.find(schema::kValueSeparator);
    out.emplace_back(joined.substr(0, sep));
    if (sep == std::string_view::npos) break;
    joined.remove_prefix(sep + 1);
  }
  return out;
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
  for (const schema::FacetInfo& f : schema::kFacets) {
    const std::vector<std::string>& values = entities[f.facet];
    if (values.empty()) continue;
    for (const std::string& v : values) {
      // A value past Xapian's term limit (a 400-byte "source:" in front matter) would make the
      // whole write fail: the article is kept without that facet term.
      if (f.prefix.size() + v.size() <= kMaxFacetTermBytes)
        doc.add_boolean_term(std::string(f.prefix) + v);
    }
    doc.add_value(f.slot, join_values(values));
  }

  nlohmann::ordered_json data = {
      {"id", article.id},       {"path", article.path},     {"format", article.format},
      {"title", article.title}, {"date", article.date},     {"source", article.source},
      {"url", article.url},     {"author", article.author}, {"facets", entities_json(entities)},
      {"text", article.body},
  };
  doc.set_data(data.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  return doc;
}

StoredArticle stored_article(const Xapian::Document& doc) {
  nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
  if (!data.is_object()) throw std::runtime_error("document data is not Parley's JSON");
  StoredArticle s;
  auto str = [&](const char* key) { return data.value(key, std::string()); };
  s.id = str("id");
  s.path = str("path");
  s.format = str("format");
  s.title = str("title");
  s.date = str("date");
  s.source = str("source");
  s.url = str("url");
  s.author = str("author");
  s.text = str("text");
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
