// Format detection, dispatch, and what every reader shares: finishing an article from its
// metadata and plain text.
#include <algorithm>

#include "common/clean.h"
#include "common/dates.h"
#include "common/fold.h"
#include "common/metadata.h"
#include "common/readers.h"

namespace parley {

std::optional<Format> format_for_path(std::string_view path) {
  std::size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  // A collection's own notes (README.TXT, LICENSE.txt) are not articles.
  std::string stem = ascii_lower(name.substr(0, name.find('.')));
  for (std::string_view notes : {"readme", "license", "licence", "copying", "changelog"}) {
    if (stem == notes) return std::nullopt;
  }
  std::string ext = ascii_lower(name.substr(dot + 1));
  if (ext == "txt" || ext == "text") return Format::kText;
  if (ext == "md" || ext == "markdown") return Format::kMarkdown;
  if (ext == "html" || ext == "htm" || ext == "xhtml") return Format::kHtml;
  if (ext == "jsonl" || ext == "ndjson") return Format::kJsonLines;
  if (ext == "csv") return Format::kCsv;
  return std::nullopt;
}

std::string_view format_name(Format format) {
  switch (format) {
    case Format::kText:
      return "txt";
    case Format::kMarkdown:
      return "md";
    case Format::kHtml:
      return "html";
    case Format::kJsonLines:
      return "jsonl";
    case Format::kCsv:
      return "csv";
  }
  return "txt";
}

namespace {

// A page saved under a text name is still a page.
bool looks_like_html(std::string_view bytes) {
  std::string head = ascii_lower(trim(bytes.substr(0, 512)));
  if (head.starts_with("\xEF\xBB\xBF")) head.erase(0, 3);
  return head.starts_with("<!doctype html") || head.starts_with("<html") ||
         (head.starts_with("<?xml") && head.find("<html") != std::string::npos);
}

}  // namespace

ReadResult read_articles(std::string_view rel_path, Format format, std::string_view bytes) {
  if (trim(bytes).empty()) return {{}, {}, "empty file"};
  if (looks_binary(bytes)) return {{}, {}, "binary content, not text"};
  switch (format) {
    case Format::kText:
    case Format::kMarkdown:
      if (looks_like_html(bytes)) return read_html(rel_path, bytes);
      return read_text(rel_path, format, bytes);
    case Format::kHtml:
      return read_html(rel_path, bytes);
    case Format::kJsonLines:
      return read_jsonl(rel_path, bytes);
    case Format::kCsv:
      return read_csv(rel_path, bytes);
  }
  return {{}, {}, "unsupported format"};
}

std::string repaired_text(std::string_view bytes, ReadResult& result) {
  std::size_t invalid = 0;
  std::string repaired = repair_utf8(bytes, &invalid);
  if (invalid > 0) {
    result.warnings.push_back(std::to_string(invalid) + " invalid UTF-8 byte(s) replaced");
  }
  return repaired;
}

std::string slugify(std::string_view name) {
  std::string folded = fold(name);
  std::string out;
  bool dash = false;
  for (char c : folded) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      if (dash && !out.empty()) out.push_back('-');
      out.push_back(c);
      dash = false;
    } else if (c != '\'') {
      dash = true;
    }
  }
  return out;
}

bool finish_article(Article& article, std::string_view plain_text, std::string& error) {
  Cleaned cleaned = Cleaner::builtin().clean(collapse_spaces(plain_text));
  std::string body = std::move(cleaned.text);
  auto drop_first_line = [&] {
    std::size_t eol = body.find('\n');
    body.erase(0, eol == std::string::npos ? body.size() : eol + 1);
    while (!body.empty() && body.front() == '\n')
      body.erase(0, 1);
  };
  std::optional<Dateline> dateline = parse_dateline(body);
  std::string_view first = std::string_view(body).substr(0, body.find('\n'));
  if (article.title.empty()) {
    if (!dateline && reads_as_headline(first)) {
      article.title = std::string(trim(first));
      drop_first_line();
    }
  } else if (fold(trim(first)) == fold(trim(article.title))) {
    drop_first_line();  // the page repeats its headline above the text
  }

  if (article.source.empty() && !cleaned.sites.empty()) article.source = cleaned.sites.front();
  article.title = clean_title(collapse_spaces(article.title), article.source);
  article.credits.insert(article.credits.end(), cleaned.credits.begin(), cleaned.credits.end());

  // The date: the article's own evidence wins over metadata a crawler added.
  if (dateline && !dateline->agency.empty()) article.credits.push_back(dateline->agency);
  if (!cleaned.dates.empty()) {
    article.date = cleaned.dates.front();
  } else if (auto from_url = date_from_url(article.url)) {
    article.date = *from_url;
  } else if (dateline && dateline->month > 0 && article.date.size() == 10) {
    int year = std::stoi(article.date.substr(0, 4));
    if (valid_date(year, dateline->month, dateline->day)) {
      article.date = format_date(year, dateline->month, dateline->day);
    }
  }

  article.body = std::move(body);
  if (trim(article.body).empty() && article.title.empty()) {
    error = "no article text after removing boilerplate";
    return false;
  }
  return true;
}

}  // namespace parley
