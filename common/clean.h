// Boilerplate removal: drops navigation, share and subscribe prompts, reading-time and byline
// lines, cookie notices, copyright footers and lists of other stories, by the rules in
// common/data/boilerplate.tsv; inside long lines (paragraphs, or texts whose producer collapsed
// the line breaks) it cuts boilerplate sentences and phrases and keeps the sentences around
// them. Pure: text in, text out.
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
  std::vector<std::string> credits;  // agencies credited in a line or sentence that was cut
  std::vector<std::string> dates;    // YYYY-MM-DD from dropped "Published May 17, 2025" lines
  std::size_t dropped_lines = 0;
  std::size_t dropped_spans = 0;  // sentences or phrases cut out of lines that were kept
};

// One rule of a rule set, with the examples the table gives for it ("example" and "keep" lines
// right after the rule). Tests walk these so that every rule shows what it removes.
struct BoilerplateRule {
  std::size_t line = 0;  // line number in the rules text
  std::string kind;
  std::string pattern;
  // Texts the rule must clean. "[[...]]" marks what must go and the rest must stay; without
  // marks the whole text must go. For html-class rules: a class attribute that is chrome.
  std::vector<std::string> examples;
  std::vector<std::string> keeps;  // near misses: texts that must stay whole
};

// A long line cut into sentences: [begin, end) byte ranges, in order, covering every
// non-space byte. A sentence ends after . ! or ? (and closing quotes or brackets) when a
// space and a capital, a digit or an opening quote or bracket follow, but not after an
// initial or a usual abbreviation ("Aug.", "Mr."); a run of three or more underscores (a wire
// story's end-of-text rule) starts a new one.
struct SentenceSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};
std::vector<SentenceSpan> split_sentences(std::string_view line);

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

  // True when `line` alone is boilerplate under the line, prefix, regex, sentence and meta
  // rules.
  bool is_boilerplate(std::string_view line) const;

  // The rules in the order given, with their examples.
  const std::vector<BoilerplateRule>& rules() const;

  // True when an HTML element with this class or id attribute is page chrome (html-class
  // rules: any whole word of the attribute, split on spaces, '-' and '_').
  bool is_boilerplate_class(std::string_view attribute) const;

 private:
  struct Rules;
  std::unique_ptr<Rules> rules_;
};

}  // namespace parley
