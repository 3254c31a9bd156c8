// Reading a corpus file's bytes into articles: format detection by extension and content, and
// one reader per format (common/readers/). Pure: bytes in, articles or a reason out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"

namespace parley {

enum class Format { kText, kMarkdown, kHtml, kJsonLines, kCsv };

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

// `bytes` as valid UTF-8 (repair_utf8), with a warning in `result` when bytes were replaced.
std::string repaired_text(std::string_view bytes, ReadResult& result);

// Reads a plain-text or Markdown article: optional front matter (--- ... ---) with title, date,
// source, url and author; an optional `date YYYY-MM-DD` header line (the rest of that line is
// the title); otherwise the title is the first line when it reads as a headline. The body is
// cleaned of boilerplate.
ReadResult read_text(std::string_view rel_path, Format format, std::string_view bytes);

// Reads an HTML page: the main content (the <article> or <main> element when there is one,
// never navigation, scripts, styles or forms) as text, and the title, dates, canonical URL,
// site name and author from the head's meta data.
ReadResult read_html(std::string_view rel_path, std::string_view bytes);

// The text of an HTML fragment or page, block elements on lines of their own.
std::string html_to_text(std::string_view html);

// Reads a JSON Lines file, one article per line. Fields by their usual names (id, title or
// headline, date or published, source, url or link, text, body or content, author); a broken
// line is reported by number in warnings and the others are kept. An article's id is
// "PATH#RECORD_ID" (the record's id, else its URL, else a hash of its content).
ReadResult read_jsonl(std::string_view rel_path, std::string_view bytes);

// Reads a CSV file with a header row naming the same fields as read_jsonl (RFC 4180 quoting,
// fields across lines), one article per row.
ReadResult read_csv(std::string_view rel_path, std::string_view bytes);

// A record's fields by their usual names, as JSON Lines and CSV files give them.
struct RecordFields {
  std::string id, title, date, source, url, author, text, summary;
};

// Assigns `value` to the field `name` stands for ("headline" -> title, "body" -> text, ...).
// Returns false for a name that is none of them.
bool assign_record_field(RecordFields& fields, std::string_view name, std::string value);

// Turns a record into an article of the file at `rel_path`; `line` numbers it in messages.
// Returns false and sets `error` for a record that holds no article.
bool article_from_record(std::string_view rel_path, RecordFields fields, Article& article,
                         std::string& error);

// Completes an article whose metadata fields are set from its plain text: removes
// boilerplate, takes the headline from the first line when there is none, reads a dateline,
// and picks the date (the article's own evidence - a published line, the URL's path, a
// dateline - over metadata) and the source. Returns false and sets `error` when no article
// text is left.
bool finish_article(Article& article, std::string_view plain_text, std::string& error);

// True when `line` reads as a headline: one sentence, 3 to 35 words, not a paragraph.
bool reads_as_headline(std::string_view line);

// Lower-case ASCII kebab-case slug: "Scoop Hub" -> "scoop-hub", "Erdoğan" -> "erdogan".
std::string slugify(std::string_view name);

}  // namespace parley
