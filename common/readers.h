// Reading a corpus file's bytes into articles: format detection by extension and content, and
// one reader per format (common/readers/). Pure: bytes in, articles or a reason out.
#pragma once

#include <memory>
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
  std::size_t skipped = 0;            // records (lines, rows) that held no article
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

// A piece of a JSON Lines or CSV file: whole records, numbered as in the file.
struct RecordChunk {
  Format format = Format::kJsonLines;
  std::size_t first = 1;                       // number of the first line (JSONL) or row (CSV)
  std::string lines;                           // JSONL: whole lines
  std::vector<std::string> header;             // CSV: the header row
  std::vector<std::vector<std::string>> rows;  // CSV: the rows
  std::vector<std::string> warnings;           // records dropped while splitting
  std::size_t skipped = 0;                     // how many
  std::size_t bytes() const;                   // about what the chunk holds
};

// Splits a JSON Lines or CSV file, given block by block in order, into chunks of whole records
// of about `chunk_bytes` each, so that a large export is read and analysed a bounded piece at a
// time. A record larger than `max_record_bytes` is dropped with a warning. Pure: bytes in,
// chunks out.
class RecordChunker {
 public:
  RecordChunker(Format format, std::size_t chunk_bytes, std::size_t max_record_bytes);
  ~RecordChunker();
  RecordChunker(const RecordChunker&) = delete;
  RecordChunker& operator=(const RecordChunker&) = delete;

  // Takes the next block of the file (`end`: the last one) and appends the chunks it completes
  // to `out`. Once error() is set, the file is rejected and further blocks are ignored.
  void feed(std::string_view block, bool end, std::vector<RecordChunk>& out);

  // Why the file cannot be read as records (empty, binary, a CSV without a text column), or "".
  const std::string& error() const { return error_; }

 private:
  struct Csv;
  void emit(std::vector<RecordChunk>& out);
  Format format_;
  std::size_t chunk_bytes_, max_record_bytes_;
  bool started_ = false, any_text_ = false, dropping_ = false;
  std::size_t line_ = 0;  // lines (JSONL) or rows (CSV) seen
  std::string partial_;   // JSONL: the line not yet ended
  RecordChunk current_;
  std::size_t current_bytes_ = 0;  // CSV: in current_.rows
  std::unique_ptr<Csv> csv_;
  std::string error_;
};

// Reads the articles of a chunk of the file at `rel_path`, as read_jsonl and read_csv read the
// whole file, but without rejecting the file for a chunk that holds none.
ReadResult read_record_chunk(std::string_view rel_path, const RecordChunk& chunk);

// Why a record file that gave no article at all is rejected, given the records it skipped.
std::string no_records_error(Format format, std::size_t skipped);

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
