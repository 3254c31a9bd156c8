#include "common/cues.h"

#include <stdexcept>

#include "common/fold.h"

namespace parley {

NumberedSections parse_numbered_sections(std::string_view text) {
  NumberedSections sections;
  std::string current;
  std::size_t number = 0;
  for (std::string_view raw : split_lines(text)) {
    ++number;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      current = std::string(trim(line.substr(1, line.size() - 2)));
      sections[current];
      continue;
    }
    sections[current].push_back({line, number});
  }
  return sections;
}

Sections parse_sections(std::string_view text) {
  Sections sections;
  for (const auto& [name, lines] : parse_numbered_sections(text)) {
    std::vector<std::string>& out = sections[name];
    for (const SectionLine& l : lines)
      out.emplace_back(l.text);
  }
  return sections;
}

namespace {

std::vector<std::string> words_of(std::string_view phrase) {
  std::vector<std::string> words;
  for (Token& t : tokenize(phrase))
    words.push_back(std::move(t.text));
  return words;
}

bool is_punct_element(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u) || std::isspace(u)) return false;
  }
  return true;
}

}  // namespace

PhraseSet::PhraseSet(const std::vector<std::string>& phrases) {
  for (const std::string& p : phrases) {
    std::vector<std::string> words = words_of(p);
    if (words.empty()) continue;
    std::size_t id = phrases_.size();
    by_first_[words.front()].push_back(id);
    by_last_[words.back()].push_back(id);
    phrases_.push_back(std::move(words));
  }
}

bool PhraseSet::contains(std::string_view folded) const {
  auto it = by_first_.find(std::string(folded));
  if (it == by_first_.end()) return false;
  for (std::size_t id : it->second) {
    if (phrases_[id].size() == 1) return true;
  }
  return false;
}

namespace {

// True when `words` stand at tokens[first...], joined as a phrase, no possessive inside.
bool phrase_at(const std::vector<Token>& tokens, std::size_t first,
               const std::vector<std::string>& words) {
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (tokens[first + k].text != words[k]) return false;
    if (k > 0 && !continues_phrase(tokens[first + k].gap)) return false;
    if (k + 1 < words.size() && tokens[first + k].possessive) return false;
  }
  return true;
}

}  // namespace

std::size_t PhraseSet::match_ending_at(const std::vector<Token>& tokens, std::size_t last) const {
  if (last >= tokens.size()) return 0;
  auto it = by_last_.find(tokens[last].text);
  if (it == by_last_.end()) return 0;
  std::size_t best = 0;
  for (std::size_t id : it->second) {
    const std::vector<std::string>& words = phrases_[id];
    if (words.size() > last + 1 || words.size() <= best) continue;
    if (phrase_at(tokens, last + 1 - words.size(), words)) best = words.size();
  }
  return best;
}

std::size_t PhraseSet::match_starting_at(const std::vector<Token>& tokens,
                                         std::size_t first) const {
  if (first >= tokens.size()) return 0;
  auto it = by_first_.find(tokens[first].text);
  if (it == by_first_.end()) return 0;
  std::size_t best = 0;
  for (std::size_t id : it->second) {
    const std::vector<std::string>& words = phrases_[id];
    if (first + words.size() > tokens.size() || words.size() <= best) continue;
    if (phrase_at(tokens, first, words)) best = words.size();
  }
  return best;
}

CuePatterns::CuePatterns(const std::vector<std::string>& patterns) {
  for (const std::string& line : patterns) {
    Pattern p;
    int slots = 0;
    std::vector<Element> left, right;
    for (std::string_view part : split_words(line)) {
      std::vector<Element>& side = slots == 0 ? left : right;
      if (part == "_") {
        ++slots;
      } else if (part == "'s") {
        side.push_back({Kind::kPossessive, ""});
      } else if (is_punct_element(part)) {
        side.push_back({Kind::kPunct, std::string(part)});
      } else {
        for (std::string& w : words_of(part))
          side.push_back({Kind::kWord, std::move(w)});
      }
    }
    if (slots != 1)
      throw std::invalid_argument("cue pattern needs exactly one _: \"" + line + "\"");
    p.before.assign(left.rbegin(), left.rend());
    p.after = std::move(right);
    std::size_t id = patterns_.size();
    if (!p.before.empty() && p.before.front().kind == Kind::kWord) {
      by_before_word_[p.before.front().text].push_back(id);
    } else if (!p.after.empty() && p.after.front().kind == Kind::kWord) {
      by_after_word_[p.after.front().text].push_back(id);
    } else {
      others_.push_back(id);
    }
    patterns_.push_back(std::move(p));
  }
}

bool CuePatterns::match(const Pattern& p, std::string_view text, const std::vector<Token>& tokens,
                        std::size_t first, std::size_t last) const {
  // Next to a punctuation element, a word may be separated by that punctuation ("_ , D.C.").
  std::size_t pos = first;
  bool punct = false;
  for (const Element& e : p.before) {
    if (e.kind == Kind::kPunct) {
      if (separator_before(text, tokens, pos).find(e.text) == std::string_view::npos) return false;
    } else if (e.kind == Kind::kWord) {
      if (pos == 0 || (!punct && !continues_phrase(tokens[pos].gap)) ||
          tokens[pos - 1].possessive || tokens[pos - 1].text != e.text)
        return false;
      --pos;
    } else {
      return false;  // 's belongs after the slot
    }
    punct = e.kind == Kind::kPunct;
  }
  pos = last;
  punct = false;
  bool possessive_pending = last > 0 && tokens[last - 1].possessive;
  for (const Element& e : p.after) {
    if (e.kind == Kind::kPossessive) {
      if (!possessive_pending) return false;
      possessive_pending = false;
    } else if (e.kind == Kind::kPunct) {
      if (possessive_pending) return false;
      if (separator_before(text, tokens, pos).find(e.text) == std::string_view::npos) return false;
    } else {
      if (possessive_pending || pos >= tokens.size() ||
          (!punct && !continues_phrase(tokens[pos].gap)) || tokens[pos].text != e.text)
        return false;
      possessive_pending = tokens[pos].possessive;
      ++pos;
    }
    punct = e.kind == Kind::kPunct;
  }
  return true;
}

void CuePatterns::check(const std::vector<std::size_t>* ids, std::string_view text,
                        const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                        Side side, bool& found) const {
  if (found || !ids) return;
  for (std::size_t id : *ids) {
    const Pattern& p = patterns_[id];
    if (side == Side::kBeforeOnly && !p.after.empty()) continue;
    if (side == Side::kAfterOnly && !p.before.empty()) continue;
    if (match(p, text, tokens, first, last)) {
      found = true;
      return;
    }
  }
}

bool CuePatterns::matches(std::string_view text, const std::vector<Token>& tokens,
                          std::size_t first, std::size_t last) const {
  bool found = false;
  if (first > 0) {
    auto it = by_before_word_.find(tokens[first - 1].text);
    if (it != by_before_word_.end())
      check(&it->second, text, tokens, first, last, Side::kAny, found);
  }
  if (last < tokens.size()) {
    auto it = by_after_word_.find(tokens[last].text);
    if (it != by_after_word_.end())
      check(&it->second, text, tokens, first, last, Side::kAny, found);
  }
  check(&others_, text, tokens, first, last, Side::kAny, found);
  return found;
}

bool CuePatterns::matches_before(std::string_view text, const std::vector<Token>& tokens,
                                 std::size_t first) const {
  bool found = false;
  if (first > 0) {
    auto it = by_before_word_.find(tokens[first - 1].text);
    if (it != by_before_word_.end())
      check(&it->second, text, tokens, first, first, Side::kBeforeOnly, found);
  }
  check(&others_, text, tokens, first, first, Side::kBeforeOnly, found);
  return found;
}

bool CuePatterns::matches_after(std::string_view text, const std::vector<Token>& tokens,
                                std::size_t first, std::size_t last) const {
  bool found = false;
  if (last < tokens.size()) {
    auto it = by_after_word_.find(tokens[last].text);
    if (it != by_after_word_.end())
      check(&it->second, text, tokens, first, last, Side::kAfterOnly, found);
  }
  check(&others_, text, tokens, first, last, Side::kAfterOnly, found);
  return found;
}

}  // namespace parley
