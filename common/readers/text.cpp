// The plain-text and Markdown reader.
#include <cctype>

#include "common/dates.h"
#include "common/fold.h"
#include "common/readers.h"

namespace parley {

namespace {

constexpr std::size_t kMinHeadlineWords = 3;
constexpr std::size_t kMaxHeadlineWords = 35;
constexpr std::size_t kMaxHeadlineBytes = 300;

struct FrontMatter {
  std::string title, date, source, url, author;
};

std::string unquote(std::string_view v) {
  v = trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    v = v.substr(1, v.size() - 2);
  }
  return std::string(v);
}

// Splits YAML-style front matter off `text`. Only `key: value` lines are read; nested values,
// lists and comments are skipped. Returns true and advances `text` past it when present.
bool take_front_matter(std::string_view& text, FrontMatter& fm) {
  if (!text.starts_with("---\n")) return false;
  std::size_t end = std::string_view::npos;
  for (std::string_view closer : {"\n---\n", "\n...\n"}) {
    end = std::min(end, text.find(closer, 3));
  }
  std::size_t after;
  if (end != std::string_view::npos) {
    after = end + 5;
  } else if (text.ends_with("\n---") || text.ends_with("\n...")) {
    end = text.size() - 4;
    after = text.size();
  } else {
    return false;
  }
  for (std::string_view line : split_lines(text.substr(4, end - 4 + 1))) {
    if (line.empty() || line[0] == ' ' || line[0] == '#' || line[0] == '-') continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = ascii_lower(trim(line.substr(0, colon)));
    std::string value = unquote(line.substr(colon + 1));
    if (value.empty()) continue;
    if (key == "title" || key == "headline") {
      fm.title = value;
    } else if (key == "date" || key == "published" || key == "pubdate" || key == "published_at") {
      fm.date = value;
    } else if (key == "source" || key == "publisher" || key == "site" || key == "site_name") {
      fm.source = value;
    } else if (key == "url" || key == "link" || key == "canonical" || key == "canonical_url") {
      fm.url = value;
    } else if (key == "author" || key == "byline" || key == "authors") {
      fm.author = value;
    }
  }
  text.remove_prefix(std::min(after, text.size()));
  return true;
}

// "date 2025-05-17 Headline text" -> date and the rest of the line.
bool parse_date_header(std::string_view line, std::string& date, std::string& rest) {
  line = trim(line);
  if (line.size() < 6 || ascii_lower(line.substr(0, 4)) != "date") return false;
  std::string_view after = line.substr(4);
  if (!after.empty() && after[0] == ':') after.remove_prefix(1);
  if (after.empty() || (after[0] != ' ' && after[0] != '\t')) return false;
  after = trim(after);
  std::size_t end = after.find_first_of(" \t");
  std::string_view token = after.substr(0, end);
  std::optional<std::string> d = normalise_date(token);
  if (!d) return false;
  date = *d;
  rest = end == std::string_view::npos ? std::string() : std::string(trim(after.substr(end)));
  return true;
}

// Markdown to plain text: heading marks, emphasis, code spans, images and link syntax go;
// a link keeps its text.
std::string markdown_to_text(std::string_view md) {
  std::string out;
  out.reserve(md.size());
  for (std::string_view line : split_lines(md)) {
    std::string_view l = line;
    std::size_t hashes = 0;
    while (hashes < l.size() && hashes < 6 && l[hashes] == '#')
      ++hashes;
    if (hashes > 0 && hashes < l.size() && l[hashes] == ' ') l.remove_prefix(hashes + 1);
    if (l.starts_with("> ")) l.remove_prefix(2);
    for (std::size_t i = 0; i < l.size(); ++i) {
      char c = l[i];
      if (c == '!' && i + 1 < l.size() && l[i + 1] == '[') {
        // Image: drop ![alt](url) entirely.
        std::size_t close = l.find("](", i);
        std::size_t paren = close == std::string_view::npos ? close : l.find(')', close);
        if (paren != std::string_view::npos) {
          i = paren;
          continue;
        }
      }
      if (c == '[') {
        std::size_t close = l.find("](", i);
        std::size_t paren = close == std::string_view::npos ? close : l.find(')', close);
        if (paren != std::string_view::npos && l.find('\n', i) > paren) {
          out.append(l.substr(i + 1, close - i - 1));
          i = paren;
          continue;
        }
      }
      if ((c == '*' || c == '_') && i + 1 < l.size() && l[i + 1] == c) {
        ++i;
        continue;
      }
      if (c == '`') continue;
      out.push_back(c);
    }
    out.push_back('\n');
  }
  return out;
}

bool is_abbreviation(std::string_view word) {
  static constexpr std::string_view kAbbrev[] = {"mr",  "mrs", "ms",  "dr",   "st",  "gen", "sen",
                                                 "rep", "gov", "lt",  "col",  "sgt", "vs",  "no",
                                                 "jan", "feb", "aug", "sept", "oct", "nov", "dec"};
  std::string lower = ascii_lower(word);
  if (lower.size() <= 1) return true;  // U.S., J. Smith
  for (std::string_view a : kAbbrev) {
    if (lower == a) return true;
  }
  return false;
}

}  // namespace

bool reads_as_headline(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.size() > kMaxHeadlineBytes) return false;
  std::size_t words = 0;
  bool in_word = false;
  for (char c : line) {
    bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  if (words < kMinHeadlineWords || words > kMaxHeadlineWords) return false;
  if (line.back() == ':' || line.back() == ',' || line.back() == ';') return false;
  // More than one sentence is a paragraph: a terminator followed by a space and a capital,
  // not after an abbreviation.
  for (std::size_t i = 1; i + 2 < line.size(); ++i) {
    char c = line[i];
    if ((c != '.' && c != '!' && c != '?') || line[i + 1] != ' ') continue;
    if (!std::isupper(static_cast<unsigned char>(line[i + 2]))) continue;
    if (c == '.') {
      std::size_t start = i;
      while (start > 0 && std::isalpha(static_cast<unsigned char>(line[start - 1])))
        --start;
      if (is_abbreviation(line.substr(start, i - start))) continue;
    }
    return false;
  }
  return true;
}

ReadResult read_text(std::string_view rel_path, Format format, std::string_view bytes) {
  ReadResult result;
  std::string repaired = repaired_text(bytes, result);

  Article a;
  a.id = std::string(rel_path);
  a.path = std::string(rel_path);
  a.format = std::string(format_name(format));

  std::string_view text = repaired;
  while (!text.empty() && text.front() == '\n')
    text.remove_prefix(1);
  FrontMatter fm;
  if (take_front_matter(text, fm)) {
    a.title = fm.title;
    if (auto d = normalise_date(fm.date)) a.date = *d;
    a.source = fm.source;
    a.url = fm.url;
    a.author = fm.author;
  }

  // A `date YYYY-MM-DD` header on the first line; the rest of that line is the headline.
  std::string rest_text(text);
  {
    std::size_t start = rest_text.find_first_not_of(" \t\n");
    std::size_t eol = start == std::string::npos ? start : rest_text.find('\n', start);
    std::string_view first = start == std::string::npos
                                 ? std::string_view()
                                 : std::string_view(rest_text).substr(start, eol - start);
    std::string date, rest;
    if (parse_date_header(first, date, rest)) {
      if (a.date.empty()) a.date = date;
      if (a.title.empty()) a.title = rest;
      rest_text.erase(0, eol == std::string::npos ? rest_text.size() : eol + 1);
    }
  }

  std::string plain;
  if (format == Format::kMarkdown) {
    // A leading "# Heading" is the title.
    std::string_view t = trim(rest_text);
    if (a.title.empty() && t.starts_with("# ")) {
      std::size_t eol = t.find('\n');
      a.title = std::string(trim(t.substr(2, eol == std::string_view::npos ? eol : eol - 2)));
      rest_text = std::string(eol == std::string_view::npos ? std::string_view() : t.substr(eol));
    }
    plain = markdown_to_text(rest_text);
  } else {
    plain = std::move(rest_text);
  }

  if (finish_article(a, plain, result.error)) result.articles.push_back(std::move(a));
  return result;
}

}  // namespace parley
