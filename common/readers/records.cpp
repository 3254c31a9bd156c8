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

ReadResult read_jsonl(std::string_view rel_path, std::string_view bytes) {
  ReadResult result;
  std::size_t line_no = 0, broken = 0;
  for (std::string_view line : split_lines(bytes)) {
    ++line_no;
    line = trim(line);
    if (line.empty()) continue;
    auto warn = [&](const std::string& what) {
      ++broken;
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
  if (result.articles.empty()) {
    result.error = broken > 0 ? "no readable record (" + std::to_string(broken) + " broken line" +
                                    (broken == 1 ? ")" : "s)")
                              : "no records";
  }
  return result;
}

namespace {

struct CsvState {
  std::vector<std::string> row;
  std::vector<std::vector<std::string>> rows;
};

void on_field(void* data, std::size_t len, void* state) {
  static_cast<CsvState*>(state)->row.emplace_back(static_cast<const char*>(data), len);
}

void on_row(int, void* state) {
  auto* s = static_cast<CsvState*>(state);
  s->rows.push_back(std::move(s->row));
  s->row.clear();
}

}  // namespace

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
  const std::vector<std::string>& header = state.rows[0];
  RecordFields probe;
  bool any_known = false;
  for (const std::string& h : header)
    any_known |= assign_record_field(probe, h, "x");
  if (!any_known || (probe.text.empty() && probe.summary.empty())) {
    result.error = "the header row names no text column (text, body or content)";
    return result;
  }
  for (std::size_t r = 1; r < state.rows.size(); ++r) {
    const std::vector<std::string>& row = state.rows[r];
    std::string where = "row " + std::to_string(r + 1);
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
      result.warnings.push_back(where + ": " + error + " (skipped)");
      continue;
    }
    result.articles.push_back(std::move(a));
  }
  if (result.articles.empty()) result.error = "no readable row";
  return result;
}

}  // namespace parley
