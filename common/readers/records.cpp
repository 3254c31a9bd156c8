// The record readers: JSON Lines and CSV exports, one article per record, fields by name.
#include <csv.h>
#include <xxhash.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "common/fold.h"
#include "common/readers.h"

namespace parley {

bool assign_record_field(RecordFields& f, std::string_view name, std::string value) {
  struct Alias {
    std::string_view name;
    std::string RecordFields::*field;
  };
  static const Alias kAliases[] = {
      {"id", &RecordFields::id},
      {"_id", &RecordFields::id},
      {"guid", &RecordFields::id},
      {"uuid", &RecordFields::id},
      {"article_id", &RecordFields::id},
      {"doc_id", &RecordFields::id},
      {"title", &RecordFields::title},
      {"headline", &RecordFields::title},
      {"date", &RecordFields::date},
      {"published", &RecordFields::date},
      {"published_at", &RecordFields::date},
      {"publish_date", &RecordFields::date},
      {"pubdate", &RecordFields::date},
      {"datetime", &RecordFields::date},
      {"date_published", &RecordFields::date},
      {"created_at", &RecordFields::date},
      {"source", &RecordFields::source},
      {"outlet", &RecordFields::source},
      {"publisher", &RecordFields::source},
      {"site", &RecordFields::source},
      {"site_name", &RecordFields::source},
      {"source_name", &RecordFields::source},
      {"url", &RecordFields::url},
      {"link", &RecordFields::url},
      {"href", &RecordFields::url},
      {"permalink", &RecordFields::url},
      {"canonical_url", &RecordFields::url},
      {"author", &RecordFields::author},
      {"authors", &RecordFields::author},
      {"byline", &RecordFields::author},
      {"text", &RecordFields::text},
      {"body", &RecordFields::text},
      {"content", &RecordFields::text},
      {"full_text", &RecordFields::text},
      {"article", &RecordFields::text},
      {"story", &RecordFields::text},
      {"summary", &RecordFields::summary},
      {"description", &RecordFields::summary},
      {"abstract", &RecordFields::summary},
      {"lede", &RecordFields::summary},
  };
  std::string key = ascii_lower(trim(name));
  for (const Alias& a : kAliases) {
    if (key == a.name) {
      if ((f.*a.field).empty()) f.*a.field = std::move(value);
      return true;
    }
  }
  return false;
}

namespace {

// Real paragraph, break or division tags, not a ticker such as "<plen>" or "<P>" (Phillips
// Petroleum) in wire copy: a lone "<p>" is not enough.
bool looks_like_markup(std::string_view text) {
  std::string lower = ascii_lower(text);
  for (std::string_view tag : {"<p ", "</p>", "<br>", "<br/", "<br ", "</div>"}) {
    if (lower.find(tag) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

bool article_from_record(std::string_view rel_path, RecordFields f, Article& a,
                         std::string& error) {
  for (std::string* s :
       {&f.id, &f.title, &f.date, &f.source, &f.url, &f.author, &f.text, &f.summary}) {
    *s = repair_utf8(*s);
  }
  if (trim(f.text).empty() && trim(f.summary).empty()) {
    error = "no text (expected a text, body or content field)";
    return false;
  }
  std::string record_id(trim(f.id));
  if (record_id.empty()) record_id = std::string(trim(f.url));
  if (record_id.empty()) {
    std::string basis = f.title + '\n' + f.text;
    char buf[24];
    std::snprintf(buf, sizeof buf, "h%016llx",
                  static_cast<unsigned long long>(XXH3_64bits(basis.data(), basis.size())));
    record_id = buf;
  }
  a.id = std::string(rel_path) + "#" + record_id;
  a.path = std::string(rel_path);
  a.title = std::string(trim(f.title));
  if (auto d = normalise_date(f.date)) a.date = *d;
  a.source = std::string(trim(f.source));
  a.url = std::string(trim(f.url));
  a.author = std::string(trim(f.author));
  std::string text = looks_like_markup(f.text) ? html_to_text(f.text) : f.text;
  std::string summary(trim(f.summary));
  if (!summary.empty() && text.find(summary.substr(0, 80)) == std::string::npos) {
    text = summary + "\n\n" + text;
  }
  return finish_article(a, text, error);
}

namespace {

// Reads the JSON Lines in `lines`, the first numbered `first_line`, into `result`.
void parse_jsonl_lines(std::string_view rel_path, std::string_view lines, std::size_t first_line,
                       ReadResult& result) {
  std::size_t line_no = first_line - 1;
  for (std::string_view line : split_lines(lines)) {
    ++line_no;
    line = trim(line);
    if (line.empty()) continue;
    auto warn = [&](const std::string& what) {
      ++result.skipped;
      result.warnings.push_back("line " + std::to_string(line_no) + ": " + what);
    };
    nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded()) {
      warn("not valid JSON (skipped)");
      continue;
    }
    if (!record.is_object()) {
      warn("not a JSON object (skipped)");
      continue;
    }
    RecordFields fields;
    for (auto it = record.begin(); it != record.end(); ++it) {
      const nlohmann::json& v = it.value();
      std::string value;
      if (v.is_string()) {
        value = v.get<std::string>();
      } else if (v.is_number_integer() || v.is_number_unsigned()) {
        value = v.dump();
      } else if (v.is_array()) {
        for (const auto& item : v) {
          if (!item.is_string()) continue;
          if (!value.empty()) value += ", ";
          value += item.get<std::string>();
        }
      } else if (v.is_null()) {
        continue;
      } else {
        RecordFields probe;
        if (assign_record_field(probe, it.key(), "x")) {
          result.warnings.push_back("line " + std::to_string(line_no) + ": field '" + it.key() +
                                    "' is a " + v.type_name() + ", not text (ignored)");
        }
        continue;
      }
      assign_record_field(fields, it.key(), std::move(value));
    }
    Article a;
    a.format = "jsonl";
    std::string error;
    if (!article_from_record(rel_path, std::move(fields), a, error)) {
      warn(error + " (skipped)");
      continue;
    }
    result.articles.push_back(std::move(a));
  }
}

// Why a CSV file with this header row cannot be read, or "".
std::string csv_header_error(const std::vector<std::string>& header) {
  RecordFields probe;
  bool any_known = false;
  for (const std::string& h : header)
    any_known |= assign_record_field(probe, h, "x");
  if (!any_known || (probe.text.empty() && probe.summary.empty())) {
    return "the header row names no text column (text, body or content)";
  }
  return "";
}

// Reads CSV rows under `header`, the first numbered `first_row` (the header is row 1).
void parse_csv_rows(std::string_view rel_path, const std::vector<std::string>& header,
                    const std::vector<std::vector<std::string>>& rows, std::size_t first_row,
                    ReadResult& result) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    std::string where = "row " + std::to_string(first_row + r);
    if (row.size() == 1 && trim(row[0]).empty()) continue;
    if (row.size() != header.size()) {
      result.warnings.push_back(where + ": " + std::to_string(row.size()) + " fields, header has " +
                                std::to_string(header.size()) + " (read what is there)");
    }
    RecordFields fields;
    for (std::size_t c = 0; c < row.size() && c < header.size(); ++c) {
      assign_record_field(fields, header[c], row[c]);
    }
    Article a;
    a.format = "csv";
    std::string error;
    if (!article_from_record(rel_path, std::move(fields), a, error)) {
      ++result.skipped;
      result.warnings.push_back(where + ": " + error + " (skipped)");
      continue;
    }
    result.articles.push_back(std::move(a));
  }
}

struct CsvState {
  std::vector<std::string> row;
  std::vector<std::vector<std::string>> rows;
  std::size_t bytes = 0;  // in `rows`
};

void on_field(void* data, std::size_t len, void* state) {
  auto* s = static_cast<CsvState*>(state);
  s->row.emplace_back(static_cast<const char*>(data), len);
  s->bytes += len + 1;
}

void on_row(int, void* state) {
  auto* s = static_cast<CsvState*>(state);
  s->rows.push_back(std::move(s->row));
  s->row.clear();
}

}  // namespace

std::string no_records_error(Format format, std::size_t skipped) {
  if (format == Format::kCsv) return "no readable row";
  return skipped > 0 ? "no readable record (" + std::to_string(skipped) + " broken line" +
                           (skipped == 1 ? ")" : "s)")
                     : "no records";
}

ReadResult read_jsonl(std::string_view rel_path, std::string_view bytes) {
  ReadResult result;
  parse_jsonl_lines(rel_path, bytes, 1, result);
  if (result.articles.empty()) result.error = no_records_error(Format::kJsonLines, result.skipped);
  return result;
}

ReadResult read_csv(std::string_view rel_path, std::string_view bytes) {
  ReadResult result;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  struct csv_parser parser;
  if (csv_init(&parser, CSV_APPEND_NULL) != 0) {
    result.error = "cannot start the CSV parser";
    return result;
  }
  CsvState state;
  csv_parse(&parser, bytes.data(), bytes.size(), on_field, on_row, &state);
  csv_fini(&parser, on_field, on_row, &state);
  csv_free(&parser);
  if (state.rows.size() < 2) {
    result.error = "no records (a CSV file needs a header row and at least one row)";
    return result;
  }
  result.error = csv_header_error(state.rows[0]);
  if (!result.error.empty()) return result;
  std::vector<std::string> header = std::move(state.rows[0]);
  state.rows.erase(state.rows.begin());
  parse_csv_rows(rel_path, header, state.rows, 2, result);
  if (result.articles.empty()) result.error = no_records_error(Format::kCsv, result.skipped);
  return result;
}

ReadResult read_record_chunk(std::string_view rel_path, const RecordChunk& chunk) {
  ReadResult result;
  if (chunk.format == Format::kCsv) {
    parse_csv_rows(rel_path, chunk.header, chunk.rows, chunk.first, result);
  } else {
    parse_jsonl_lines(rel_path, chunk.lines, chunk.first, result);
  }
  result.warnings.insert(result.warnings.begin(), chunk.warnings.begin(), chunk.warnings.end());
  result.skipped += chunk.skipped;
  return result;
}

std::size_t RecordChunk::bytes() const {
  std::size_t n = lines.size();
  for (const auto& row : rows)
    for (const auto& field : row)
      n += field.size() + 1;
  return n;
}

struct RecordChunker::Csv {
  struct csv_parser parser;
  CsvState state;
  bool header_done = false;
  std::vector<std::string> header;
};

RecordChunker::RecordChunker(Format format, std::size_t chunk_bytes, std::size_t max_record_bytes)
    : format_(format), chunk_bytes_(chunk_bytes), max_record_bytes_(max_record_bytes) {
  current_.format = format;
  if (format == Format::kCsv) {
    csv_ = std::make_unique<Csv>();
    if (csv_init(&csv_->parser, CSV_APPEND_NULL) != 0) {
      error_ = "cannot start the CSV parser";
      csv_.reset();
    }
  }
}

RecordChunker::~RecordChunker() {
  if (csv_) csv_free(&csv_->parser);
}

void RecordChunker::emit(std::vector<RecordChunk>& out) {
  bool empty = current_.lines.empty() && current_.rows.empty() && current_.warnings.empty();
  if (!empty) out.push_back(std::move(current_));
  current_ = RecordChunk{};
  current_bytes_ = 0;
  current_.format = format_;
  current_.first = line_ + 1;
  if (csv_) current_.header = csv_->header;
}

void RecordChunker::feed(std::string_view block, bool end, std::vector<RecordChunk>& out) {
  if (!error_.empty()) return;
  if (!started_) {
    started_ = true;
    if (block.starts_with("\xEF\xBB\xBF")) block.remove_prefix(3);
  }
  if (looks_binary(block)) {
    error_ = "binary content, not text";
    return;
  }
  any_text_ = any_text_ || !trim(block).empty();
  if (end && !any_text_) {
    error_ = "empty file";
    return;
  }

  if (format_ == Format::kJsonLines) {
    // Whole lines go to the chunk; the last, unfinished one waits for the next block.
    std::size_t start = 0;
    while (start < block.size() || (end && start == block.size() && !partial_.empty())) {
      std::size_t nl = block.find('\n', start);
      bool complete = nl != std::string_view::npos;
      std::string_view piece = block.substr(start, complete ? nl - start : std::string_view::npos);
      start = complete ? nl + 1 : block.size();
      if (!dropping_) partial_.append(piece);
      if (!dropping_ && partial_.size() > max_record_bytes_) {
        dropping_ = true;
        partial_.clear();
      }
      if (!complete && !end) break;
      ++line_;
      if (dropping_) {
        ++current_.skipped;
        current_.warnings.push_back("line " + std::to_string(line_) + ": over " +
                                    std::to_string(max_record_bytes_) +
                                    " bytes (--max-file-size; skipped)");
        current_.lines.push_back('\n');  // keeps the numbering of the lines after it
        dropping_ = false;
      } else {
        current_.lines.append(partial_);
        current_.lines.push_back('\n');
      }
      partial_.clear();
      if (current_.lines.size() >= chunk_bytes_) emit(out);
      if (!complete) break;
    }
    if (end) emit(out);
    return;
  }

  // CSV: libcsv parses incrementally and hands over whole rows.
  Csv& csv = *csv_;
  csv_parse(&csv.parser, block.data(), block.size(), on_field, on_row, &csv.state);
  if (end) csv_fini(&csv.parser, on_field, on_row, &csv.state);
  for (auto& row : csv.state.rows) {
    ++line_;
    if (!csv.header_done) {
      csv.header_done = true;
      csv.header = std::move(row);
      error_ = csv_header_error(csv.header);
      if (!error_.empty()) return;
      current_.header = csv.header;
      current_.first = line_ + 1;
      continue;
    }
    std::size_t size = 0;
    for (const auto& field : row)
      size += field.size() + 1;
    current_bytes_ += size;
    if (size > max_record_bytes_) {
      ++current_.skipped;
      current_.warnings.push_back("row " + std::to_string(line_) + ": over " +
                                  std::to_string(max_record_bytes_) +
                                  " bytes (--max-file-size; skipped)");
      row.assign(1, std::string());  // keeps the numbering of the rows after it
    }
    current_.rows.push_back(std::move(row));
    if (current_bytes_ >= chunk_bytes_) emit(out);
  }
  csv.state.rows.clear();
  csv.state.bytes = 0;
  if (end) emit(out);
  if (end && line_ < 2) {
    error_ = "no records (a CSV file needs a header row and at least one row)";
    out.clear();
  }
}

}  // namespace parley
