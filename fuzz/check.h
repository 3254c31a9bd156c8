// What every reader target checks of what a reader returned: each article can be written to
// the index as parley-index writes it (document data is valid JSON, every term within Xapian's
// length limit), so bad bytes cannot fail a run after reading succeeded.
#pragma once

#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "common/analyse.h"
#include "common/document.h"
#include "common/readers.h"

namespace parley::fuzz {

// Xapian's glass backend refuses terms longer than this when a document is written.
constexpr std::size_t kMaxTermBytes = 245;

inline std::string_view bytes_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

[[noreturn]] inline void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz check failed: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// Builds the document of each article as indexing does; aborts when indexing would fail.
// `with_analysis` runs entity and demand analysis too (slower).
inline void check_writable(const ReadResult& read, bool with_analysis = false) {
  static Xapian::TermGenerator termgen = make_term_generator();
  if (read.error.empty() == read.articles.empty()) fail("neither articles nor an error", "");
  for (const Article& a : read.articles) {
    if (a.id.empty()) fail("empty id", a.path);
    Entities entities = with_analysis ? analyse(a) : Entities{};
    Xapian::Document doc = to_document(a, entities, "0123456789abcdef", termgen);
    for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if ((*t).size() > kMaxTermBytes) fail("term over Xapian's limit", *t);
    }
    StoredArticle back = stored_article(doc);
    if (back.id != a.id) fail("document data does not give the id back", a.id);
  }
}

}  // namespace parley::fuzz
