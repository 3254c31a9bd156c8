// Boilerplate removal: drops navigation, share and subscribe prompts, reading-time and byline
// lines, cookie notices, copyright footers and lists of other stories, by the rules in
// common/data/boilerplate.tsv. Pure: text in, text out.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// What the cleaner kept, and what it learned from the lines it dropped.
struct Cleaned {
  std::string text;                  // the article's own lines, blank-line runs collapsed
  std::vector<std::string> sites;    // names the page gives itself ("Discover more from Scoop Hub")
  std::vector<std::string> credits;  // agencies credited on their own line ("Source: Reuters")
  std::vector<std::string> dates;    // YYYY-MM-DD from dropped "Published May 17, 2025" lines
  std::size_t dropped_lines = 0;
};

// A compiled rule set. Building one parses and compiles the rules; share it between threads
// (clean() is const and thread-safe).
class Cleaner {
 public:
  // Compiles `rules` in the boilerplate.tsv format. Throws std::runtime_error naming the line
  // of a malformed rule.
  explicit Cleaner(std::string_view rules);
  ~Cleaner();
  Cleaner(const Cleaner&) = delete;
  Cleaner& operator=(const Cleaner&) = delete;

  // The rule set embedded in the binary.
  static const Cleaner& builtin();

  // Removes boilerplate lines and blocks from `text` (valid UTF-8, LF line ends).
  Cleaned clean(std::string_view text) const;

  // True when `line` alone is boilerplate under the line, prefix, regex and meta rules.
  bool is_boilerplate(std::string_view line) const;

  // True when an HTML element with this class or id attribute is page chrome (html-class
  // rules: any whole word of the attribute, split on spaces, '-' and '_').
  bool is_boilerplate_class(std::string_view attribute) const;

 private:
  struct Rules;
  std::unique_ptr<Rules> rules_;
};

}  // namespace parley
