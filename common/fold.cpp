#include "common/fold.h"

#include <utf8proc.h>

#include <cctype>
#include <cstdint>

namespace parley {

bool looks_binary(std::string_view bytes) {
  std::size_t controls = 0;
  for (unsigned char c : bytes) {
    if (c == 0) return true;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++controls;
  }
  return bytes.size() >= 32 && controls * 20 > bytes.size();
}

std::string repair_utf8(std::string_view text, std::size_t* invalid) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  std::string out;
  out.reserve(text.size());
  std::size_t bad = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c == '\r') {
        out.push_back('\n');
        if (i + 1 < text.size() && p[i + 1] == '\n') ++i;
      } else if (c >= 0x20 || c == '\t' || c == '\n') {
        out.push_back(static_cast<char>(c));
      } else if (c == '\f') {
        out.push_back('\n');
      }
      ++i;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) {
      out.append("\xEF\xBF\xBD");
      ++bad;
      ++i;
      continue;
    }
    // C1 controls and the line/paragraph separators become plain spaces or newlines.
    if (cp >= 0x80 && cp < 0xA0) {
      out.push_back(' ');
    } else if (cp == 0x2028 || cp == 0x2029) {
      out.push_back('\n');
    } else {
      out.append(text.substr(i, static_cast<std::size_t>(n)));
    }
    i += static_cast<std::size_t>(n);
  }
  if (invalid) *invalid = bad;
  return out;
}

namespace {

// Maps the punctuation that varies between sources onto one ASCII form.
utf8proc_int32_t fold_punctuation(utf8proc_int32_t cp) {
  switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0x0060:
    case 0x00B4:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
      return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return '-';
    case 0x00A0:
    case 0x2007:
    case 0x202F:
    case 0x2009:
    case 0x200A:
      return ' ';
    default:
      return cp;
  }
}

}  // namespace

namespace {

// Appends the fold of `run` (UTF-8 with no ASCII in it) to `out`. False when it is not valid
// UTF-8.
bool fold_unicode(std::string_view run, std::string& out) {
  utf8proc_uint8_t* folded = nullptr;
  auto options =
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(run.data()),
                                    static_cast<utf8proc_ssize_t>(run.size()), &folded, options);
  if (n < 0) return false;
  utf8proc_ssize_t i = 0;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate(folded + i, n - i, &cp);
    if (len <= 0) break;
    utf8proc_int32_t mapped = fold_punctuation(cp);
    if (mapped < 0x80) {
      out.push_back(static_cast<char>(mapped));
    } else {
      out.append(reinterpret_cast<const char*>(folded + i), static_cast<std::size_t>(len));
    }
    i += len;
  }
  std::free(folded);
  return true;
}

}  // namespace

// News text is mostly ASCII: runs of it are lower-cased here, and only the runs between them
// go through utf8proc. Folding works code point by code point, so this gives what folding the
// whole text at once gives (a combining mark after an ASCII letter is stripped on its own).
std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(c == '`'                 ? '\''
                    : (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32)
                                             : static_cast<char>(c));
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80)
      ++end;
    if (!fold_unicode(text.substr(i, end - i), out)) {
      // Invalid UTF-8: repair it first, then fold.
      std::string repaired = repair_utf8(text);
      return repaired == text ? ascii_lower(text) : fold(repaired);
    }
    i = end;
  }
  return out;
}

std::string strip_marks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    if (p[i] < 0x80) {
      std::size_t end = i + 1;
      while (end < text.size() && p[end] < 0x80)
        ++end;
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) {  // invalid: keep the byte as it is (readers repair text before this)
      out.push_back(static_cast<char>(p[i++]));
      continue;
    }
    utf8proc_int32_t decomposed[4];
    int last_boundclass = 0;
    utf8proc_ssize_t parts =
        utf8proc_decompose_char(cp, decomposed, 4, UTF8PROC_DECOMPOSE, &last_boundclass);
    utf8proc_int32_t base = cp;
    if (parts > 1) {
      bool marks_only = true;
      for (utf8proc_ssize_t k = 1; k < parts; ++k) {
        utf8proc_category_t cat = utf8proc_category(decomposed[k]);
        marks_only = marks_only && (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
                                    cat == UTF8PROC_CATEGORY_ME);
      }
      if (marks_only) base = decomposed[0];
    }
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t len = utf8proc_encode_char(base, buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
    i += static_cast<std::size_t>(n);
  }
  return out;
}

std::string search_form(std::string_view text) {
  std::string out = strip_marks(text);
  auto is_letter = [](unsigned char c) { return std::isalpha(c) || c >= 0x80; };
  static constexpr std::string_view kCurly = "\xE2\x80\x99";  // ’
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i] != '\'' && out[i] != kCurly[0]) continue;
    std::size_t quote = 0;
    if (out[i] == '\'') quote = 1;
    if (out.compare(i, kCurly.size(), kCurly) == 0) quote = kCurly.size();
    if (quote == 0) continue;
    std::size_t s_at = i + quote;
    if (s_at >= out.size() || (out[s_at] != 's' && out[s_at] != 'S')) continue;
    if (!is_letter(static_cast<unsigned char>(out[i - 1]))) continue;
    if (s_at + 1 < out.size() && is_letter(static_cast<unsigned char>(out[s_at + 1]))) continue;
    // One space per code point: the apostrophe and the s.
    out.replace(i, quote + 1, "  ");
    ++i;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  static constexpr std::string_view kNbsp = "\xC2\xA0";
  auto space_at_front = [](std::string_view v) -> std::size_t {
    if (v.empty()) return 0;
    if (std::string_view(" \t\n\r\f\v").find(v.front()) != std::string_view::npos) return 1;
    return v.substr(0, 2) == kNbsp ? 2 : 0;
  };
  auto space_at_back = [](std::string_view v) -> std::size_t {
    if (v.empty()) return 0;
    if (std::string_view(" \t\n\r\f\v").find(v.back()) != std::string_view::npos) return 1;
    return v.size() >= 2 && v.substr(v.size() - 2) == kNbsp ? 2 : 0;
  };
  while (std::size_t n = space_at_front(s))
    s.remove_prefix(n);
  while (std::size_t n = space_at_back(s))
    s.remove_suffix(n);
  return s;
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
      ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t')
      ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::string_view line : split_lines(text)) {
    line = trim(line);
    bool space = false;
    for (char c : line) {
      if (c == ' ' || c == '\t') {
        space = true;
        continue;
      }
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
    out.push_back('\n');
  }
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace parley
