// Article + Entities -> Xapian::Document, and back from a document to what a hit displays.
#pragma once

#include <xapian.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/article.h"

namespace parley {

// Builds the terms, values and data for one article. `termgen` must have the English stemmer
// set (make_term_generator()); it is reused between calls, never shared between threads, and
// keeps no reference to the document returned, which may go to another thread.
// `content_hash` identifies the article's source bytes and the analysis that read them.
Xapian::Document to_document(const Article& article, const Entities& entities,
                             std::string_view content_hash, Xapian::TermGenerator& termgen);

// A TermGenerator set up as Parley indexes: English Snowball stems, positions kept.
Xapian::TermGenerator make_term_generator();

// The English stemmer both indexing and searching use.
Xapian::Stem english_stemmer();

// What a document stores for display: the article's metadata, its facets and its text.
struct StoredArticle {
  std::string id, path, format, title, date, source, url, author, text;
  Entities entities;
};

// Parses a document's data: a JSON header with the metadata and facets, a newline, the text.
// Throws Xapian::DatabaseCorruptError when it is not Parley's (a damaged table).
StoredArticle stored_article(const Xapian::Document& doc);

// The facets as a JSON object: every facet present, each an array (possibly empty).
nlohmann::ordered_json entities_json(const Entities& entities);

// Sets the near-duplicate group of a document to_document() made: the collapse key and its
// entry in the counted values (schema::kSlotCounts). Call once.
void set_duplicate_group(Xapian::Document& doc, const std::string& group);

}  // namespace parley
