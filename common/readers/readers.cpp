#include <algorithm>

#include "common/fold.h"
#include "common/readers.h"

namespace parley {

std::optional<Format> format_for_path(std::string_view path) {
  std::size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  std::string ext = ascii_lower(name.substr(dot + 1));
  if (ext == "txt" || ext == "text") return Format::kText;
  if (ext == "md" || ext == "markdown") return Format::kMarkdown;
  return std::nullopt;
}

std::string_view format_name(Format format) {
  switch (format) {
    case Format::kText:
      return "txt";
    case Format::kMarkdown:
      return "md";
  }
  return "txt";
}

ReadResult read_articles(std::string_view rel_path, Format format, std::string_view bytes) {
  switch (format) {
    case Format::kText:
    case Format::kMarkdown:
      return read_text(rel_path, format, bytes);
  }
  return {{}, {}, "unsupported format"};
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

}  // namespace parley
