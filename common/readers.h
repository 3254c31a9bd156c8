// Reading a corpus file's bytes into articles: format detection by extension and content, and
// one reader per format (common/readers/). Pure: bytes in, articles or a reason out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"

namespace parley {

enum class Format { kText, kMarkdown };

// The format a file's name says it holds, or nullopt for a file Parley does not read.
std::optional<Format> format_for_path(std::string_view path);

// "txt", "md", ...: the name used in the index (format:md) and in JSON.
std::string_view format_name(Format format);

// What reading one file gave.
struct ReadResult {
  std::vector<Article> articles;      // ids and paths filled in
  std::vector<std::string> warnings;  // problems that did not stop the file (repaired bytes)
  std::string error;                  // non-empty: the file was rejected, with the reason
};

// Reads the articles in `bytes`, the content of the file at `rel_path` (relative to its corpus
// root). Never throws on bad input: a file that cannot be read as articles gets `error`.
ReadResult read_articles(std::string_view rel_path, Format format, std::string_view bytes);

// Reads a plain-text or Markdown article: optional front matter (--- ... ---) with title, date,
// source, url and author; an optional `date YYYY-MM-DD` header line (the rest of that line is
// the title); otherwise the title is the first line when it reads as a headline. The body is
// cleaned of boilerplate.
ReadResult read_text(std::string_view rel_path, Format format, std::string_view bytes);

// True when `line` reads as a headline: one sentence, 3 to 35 words, not a paragraph.
bool reads_as_headline(std::string_view line);

// Lower-case ASCII kebab-case slug: "Scoop Hub" -> "scoop-hub", "Erdoğan" -> "erdogan".
std::string slugify(std::string_view name);

}  // namespace parley
