#include "common/clean.h"

#include <regex>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "common/dates.h"
#include "common/fold.h"

namespace parley::embedded {
extern const std::string_view boilerplate;
}

namespace parley {

namespace {

constexpr std::size_t kMaxRegexLineBytes = 160;
constexpr std::size_t kMaxPrefixLineWords = 14;
constexpr std::size_t kMaxBylineWords = 4;

std::size_t count_words(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// A list item: "- text", "* text", "• text", "1. text", "1) text".
bool is_list_item(std::string_view line) {
  if (line.empty()) return false;
  if ((line[0] == '-' || line[0] == '*' || line[0] == '+') && line.size() > 1 && line[1] == ' ')
    return true;
  if (line.substr(0, 3) == "\xE2\x80\xA2" || line.substr(0, 2) == "\xC2\xB7") return true;
  std::size_t i = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9')
    ++i;
  return i > 0 && i < 4 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') &&
         line[i + 1] == ' ';
}

// A line that reads as a person's name alone: 1-4 capitalised words, letters and .'- only.
bool is_name_line(std::string_view line) {
  std::size_t words = count_words(line);
  if (words == 0 || words > kMaxBylineWords) return false;
  bool word_start = true;
  for (std::size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == ' ') {
      word_start = true;
      continue;
    }
    if (word_start && !(c >= 'A' && c <= 'Z') && c < 0x80) return false;
    word_start = false;
    if (c < 0x80 && !std::isalpha(c) && c != '.' && c != '\'' && c != '-') return false;
  }
  return true;
}

}  // namespace

struct Cleaner::Rules {
  std::unordered_set<std::string> lines;
  std::vector<std::string> prefixes;
  std::vector<std::regex> regexes;
  std::vector<std::regex> metas;
  std::vector<std::regex> lists;
  std::vector<std::regex> sites;    // matched against the original line, case-insensitively
  std::vector<std::regex> credits;  // likewise
  std::unordered_set<std::string> html_classes;
};

Cleaner::Cleaner(std::string_view text) : rules_(std::make_unique<Rules>()) {
  std::size_t number = 0;
  for (std::string_view raw : split_lines(text)) {
    ++number;
    std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    std::size_t tab = raw.find('\t');
    if (tab == std::string_view::npos) {
      throw std::runtime_error("boilerplate rules line " + std::to_string(number) +
                               ": expected KIND<TAB>PATTERN");
    }
    std::string kind(trim(raw.substr(0, tab)));
    std::string pattern(trim(raw.substr(tab + 1)));
    try {
      auto re = [&](std::regex::flag_type extra = {}) {
        return std::regex(pattern, std::regex::ECMAScript | std::regex::optimize | extra);
      };
      if (kind == "line") {
        rules_->lines.insert(fold(pattern));
      } else if (kind == "prefix") {
        rules_->prefixes.push_back(fold(pattern));
      } else if (kind == "regex") {
        rules_->regexes.push_back(re());
      } else if (kind == "meta") {
        rules_->metas.push_back(re());
      } else if (kind == "list") {
        rules_->lists.push_back(re());
      } else if (kind == "site") {
        rules_->sites.push_back(re(std::regex::icase));
      } else if (kind == "credit") {
        rules_->credits.push_back(re(std::regex::icase));
      } else if (kind == "html-class") {
        rules_->html_classes.insert(ascii_lower(pattern));
      } else {
        throw std::runtime_error("unknown kind '" + kind + "'");
      }
    } catch (const std::exception& e) {
      throw std::runtime_error("boilerplate rules line " + std::to_string(number) + ": " +
                               e.what());
    }
  }
}

Cleaner::~Cleaner() = default;

const Cleaner& Cleaner::builtin() {
  static const Cleaner cleaner(embedded::boilerplate);
  return cleaner;
}

namespace {

bool any_match(const std::vector<std::regex>& rules, const std::string& line) {
  for (const std::regex& r : rules) {
    if (std::regex_match(line, r)) return true;
  }
  return false;
}

// The first rule's group 1 that matches the whole line, or empty.
std::string capture(const std::vector<std::regex>& rules, const std::string& line) {
  std::smatch m;
  for (const std::regex& r : rules) {
    if (std::regex_match(line, m, r) && m.size() > 1 && m[1].matched) {
      return std::string(trim(m[1].str()));
    }
  }
  return {};
}

}  // namespace

bool Cleaner::is_boilerplate(std::string_view line) const {
  std::string folded = fold(trim(line));
  // Strip trailing punctuation that pages add to prompts ("Subscribe!", "Read more »").
  while (!folded.empty() && std::string_view(".!:;>»|").find(folded.back()) != std::string::npos)
    folded.pop_back();
  folded = std::string(trim(folded));
  if (folded.empty()) return false;
  if (rules_->lines.contains(folded)) return true;
  if (count_words(folded) <= kMaxPrefixLineWords) {
    for (const std::string& p : rules_->prefixes) {
      if (folded.starts_with(p)) return true;
    }
  }
  if (folded.size() > kMaxRegexLineBytes) return false;
  return any_match(rules_->regexes, folded) || any_match(rules_->metas, folded);
}

bool Cleaner::is_boilerplate_class(std::string_view attribute) const {
  std::string lower = ascii_lower(attribute);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= lower.size(); ++i) {
    if (i == lower.size() || lower[i] == ' ' || lower[i] == '-' || lower[i] == '_') {
      if (i > start && rules_->html_classes.contains(lower.substr(start, i - start))) return true;
      start = i + 1;
    }
  }
  return false;
}

Cleaned Cleaner::clean(std::string_view text) const {
  enum class Kind { kKeep, kDrop, kMeta, kBlank };
  std::vector<std::string_view> lines = split_lines(text);
  std::vector<Kind> kinds(lines.size(), Kind::kKeep);
  Cleaned out;

  bool in_list = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = trim(lines[i]);
    if (line.empty()) {
      kinds[i] = Kind::kBlank;
      continue;
    }
    if (in_list) {
      // A list runs over list items and short headline-like lines up to the next paragraph.
      if (is_list_item(line) || count_words(line) <= kMaxPrefixLineWords) {
        kinds[i] = Kind::kDrop;
        continue;
      }
      in_list = false;
    }
    if (line.size() > kMaxRegexLineBytes * 2) continue;  // a paragraph: never boilerplate

    std::string original(line);
    std::string folded = fold(line);
    if (folded.size() <= kMaxRegexLineBytes) {
      if (any_match(rules_->lists, folded)) {
        kinds[i] = Kind::kDrop;
        in_list = true;
        continue;
      }
      if (std::string site = capture(rules_->sites, original); !site.empty()) {
        out.sites.push_back(site);
        kinds[i] = Kind::kDrop;
        continue;
      }
      if (std::string credit = capture(rules_->credits, original); !credit.empty()) {
        out.credits.push_back(credit);
        kinds[i] = Kind::kDrop;
        continue;
      }
      if (any_match(rules_->metas, folded)) {
        kinds[i] = Kind::kMeta;
        if (auto date = normalise_date(line)) out.dates.push_back(*date);
        continue;
      }
    }
    if (is_boilerplate(line)) kinds[i] = Kind::kDrop;
  }

  // A lone name right before or after a metadata line is a byline ("Abiola" / "4 Min Read").
  auto neighbour = [&](std::size_t i, int step) -> std::ptrdiff_t {
    auto j = static_cast<std::ptrdiff_t>(i) + step;
    while (j >= 0 && j < static_cast<std::ptrdiff_t>(lines.size()) &&
           kinds[static_cast<std::size_t>(j)] == Kind::kBlank) {
      j += step;
    }
    return j;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (kinds[i] != Kind::kMeta) continue;
    for (int step : {-1, 1}) {
      std::ptrdiff_t j = neighbour(i, step);
      if (j < 0 || j >= static_cast<std::ptrdiff_t>(lines.size())) continue;
      auto k = static_cast<std::size_t>(j);
      if (kinds[k] == Kind::kKeep && is_name_line(trim(lines[k]))) kinds[k] = Kind::kDrop;
    }
  }

  bool pending_blank = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (kinds[i] == Kind::kDrop || kinds[i] == Kind::kMeta) {
      ++out.dropped_lines;
      continue;
    }
    if (kinds[i] == Kind::kBlank) {
      pending_blank = !out.text.empty();
      continue;
    }
    if (!out.text.empty()) out.text.append(pending_blank ? "\n\n" : "\n");
    pending_blank = false;
    out.text.append(trim(lines[i]));
  }
  return out;
}

}  // namespace parley
