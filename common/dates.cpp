#include "common/dates.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <utility>
#include <vector>

#include "common/fold.h"

namespace parley {

bool valid_date(int year, int month, int day) {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[static_cast<std::size_t>(month - 1)]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

int month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  std::string lower = ascii_lower(name);
  while (!lower.empty() && lower.back() == '.')
    lower.pop_back();
  if (lower.size() < 3) return 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i]) return static_cast<int>(i) + 1;
    if (lower == kMonths[i].substr(0, 3)) return static_cast<int>(i) + 1;
    if (lower == "sept" && i == 8) return 9;
  }
  return 0;
}

std::string format_date(int year, int month, int day) {
  char buf[40];  // room for any int, so the format can never be cut short
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

bool is_iso_date(std::string_view text) {
  std::optional<std::string> date = normalise_date(text);
  return date && *date == text;
}

namespace {

// Splits into runs of digits and runs of letters; everything else separates.
std::vector<std::string_view> date_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isdigit(c) || std::isalpha(c)) {
      bool digit = std::isdigit(c);
      std::size_t j = i;
      while (j < s.size() && (digit ? std::isdigit(static_cast<unsigned char>(s[j]))
                                    : std::isalpha(static_cast<unsigned char>(s[j])))) {
        ++j;
      }
      out.push_back(s.substr(i, j - i));
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits)
    v = v * 10 + (c - '0');
  return v;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> normalise_date(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::vector<std::string_view> t = date_tokens(text);
  if (t.empty()) return std::nullopt;

  // 20250517
  if (t.size() >= 1 && t[0].size() == 8 && all_digits(t[0])) {
    int y = to_int(t[0].substr(0, 4)), m = to_int(t[0].substr(4, 2)), d = to_int(t[0].substr(6));
    if (valid_date(y, m, d)) return format_date(y, m, d);
  }
  // 2025-05-17, 2025/05/17, 2025.05.17, 2025-05-17T..., also after a word ("Updated 2025-05-17").
  for (std::size_t i = 0; i + 2 < t.size(); ++i) {
    if (t[i].size() == 4 && all_digits(t[i]) && all_digits(t[i + 1]) && all_digits(t[i + 2]) &&
        t[i + 1].size() <= 2 && t[i + 2].size() <= 2) {
      int y = to_int(t[i]), m = to_int(t[i + 1]), d = to_int(t[i + 2]);
      if (valid_date(y, m, d)) return format_date(y, m, d);
    }
  }
  // Month names: "May 17, 2025", "17 May 2025", "Saturday, 17 May 2025 09:00".
  for (std::size_t i = 0; i < t.size(); ++i) {
    int m = month_from_name(t[i]);
    if (m == 0) continue;
    // Month Day Year
    if (i + 2 < t.size() && all_digits(t[i + 1]) && t[i + 1].size() <= 2 && all_digits(t[i + 2]) &&
        t[i + 2].size() == 4) {
      int d = to_int(t[i + 1]), y = to_int(t[i + 2]);
      if (valid_date(y, m, d)) return format_date(y, m, d);
    }
    // Day Month Year
    if (i >= 1 && i + 1 < t.size() && all_digits(t[i - 1]) && t[i - 1].size() <= 2 &&
        all_digits(t[i + 1]) && t[i + 1].size() == 4) {
      int d = to_int(t[i - 1]), y = to_int(t[i + 1]);
      if (valid_date(y, m, d)) return format_date(y, m, d);
    }
    return std::nullopt;
  }
  // 17/05/2025 and 17.05.2025: day first unless that cannot be (05/17/2025).
  if (t.size() >= 3 && all_digits(t[0]) && all_digits(t[1]) && all_digits(t[2]) &&
      t[0].size() <= 2 && t[1].size() <= 2 && t[2].size() == 4) {
    int d = to_int(t[0]), m = to_int(t[1]), y = to_int(t[2]);
    if (m > 12 && d <= 12) std::swap(d, m);  // 05/17/2025: unambiguously month first
    if (valid_date(y, m, d)) return format_date(y, m, d);
  }
  return std::nullopt;
}

}  // namespace parley
