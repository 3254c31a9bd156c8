#include "searcher/request.h"

#include <utf8proc.h>

#include <cctype>
#include <memory>
#include <string_view>

#include "common/dates.h"
#include "common/document.h"
#include "common/fold.h"
#include "common/schema.h"
#include "searcher/facets.h"

namespace parley {

namespace {

// Wildcards expand to at most this many terms (the most frequent), so "a*" stays cheap.
constexpr Xapian::termcount kMaxWildcardTerms = 1000;

// Words dropped from queries outside phrases, so a question reads as its content words.
const char* const kStopWords[] = {
    "a",    "about", "an",    "and",   "are",  "as",  "at",   "be",   "by",
    "did",  "do",    "does",  "for",   "from", "had", "has",  "have", "how",
    "i",    "in",    "is",    "it",    "its",  "of",  "on",   "or",   "that",
    "the",  "their", "there", "these", "this", "to",  "was",  "were", "what",
    "when", "where", "which", "who",   "whom", "why", "will", "with", "would"};

std::string quoted(const std::string& q) {
  return "'" + clean_query_text(q) + "'";
}

// One end of a date range: YYYY, YYYY-MM or YYYY-MM-DD (also without dashes). `upper` picks
// the last day of a year or month rather than the first.
std::string date_bound(std::string_view text, bool upper, const std::string& whole) {
  auto bad = [&] {
    return QueryError("bad date " + quoted(std::string(text)) + " in " + quoted(whole) +
                      ": use YYYY, YYYY-MM or YYYY-MM-DD, and FROM..TO for a range");
  };
  // Only digits and separators: "20@50-05" once reached std::stoi with the '@' in it.
  std::string digits;
  for (char c : text) {
    if (c == '-' || c == '/') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) throw bad();
    digits.push_back(c);
  }
  if (digits.size() == 4) return digits + (upper ? "1231" : "0101");
  if (digits.size() == 6) {
    int month = std::stoi(digits.substr(4));
    if (month < 1 || month > 12) throw bad();
    if (!upper) return digits + "01";
    int year = std::stoi(digits.substr(0, 4));
    for (int day = 31; day >= 28; --day) {
      if (valid_date(year, month, day)) return digits + std::to_string(day);
    }
    throw bad();
  }
  if (digits.size() == 8 && digits.find('x') == std::string::npos) {
    if (!valid_date(std::stoi(digits.substr(0, 4)), std::stoi(digits.substr(4, 2)),
                    std::stoi(digits.substr(6)))) {
      throw bad();
    }
    return digits;
  }
  throw bad();
}

// region:zaporozhye and the like: the value resolved through the gazetteer and the index.
// A field processor must not throw through Xapian's parser (it leaks the parser's state):
// processors note the first error here and match nothing; build_query() throws it after.
using ParseErrors = std::shared_ptr<std::string>;

Xapian::Query noted(const ParseErrors& errors, const QueryError& e) {
  if (errors && errors->empty()) *errors = e.what();
  return Xapian::Query::MatchNothing;
}

class FacetFieldProcessor : public Xapian::FieldProcessor {
 public:
  FacetFieldProcessor(const Xapian::Database& db, schema::Facet facet, ParseErrors errors)
      : db_(db), facet_(facet), errors_(std::move(errors)) {}
  Xapian::Query operator()(const std::string& value) override {
    try {
      return Xapian::Query(std::string(schema::facet_info(facet_).prefix) +
                           resolve_facet_value(db_, facet_, value));
    } catch (const QueryError& e) {
      return noted(errors_, e);
    }
  }

 private:
  Xapian::Database db_;
  schema::Facet facet_;
  ParseErrors errors_;
};

Xapian::Query date_range_query(const std::string& lo, const std::string& hi) {
  if (lo.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, hi);
  if (hi.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, lo);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, lo, hi);
}

class DateFieldProcessor : public Xapian::FieldProcessor {
 public:
  explicit DateFieldProcessor(ParseErrors errors) : errors_(std::move(errors)) {}
  Xapian::Query operator()(const std::string& value) override {
    try {
      auto [lo, hi] = parse_date_range(value);
      return date_range_query(lo, hi);
    } catch (const QueryError& e) {
      return noted(errors_, e);
    }
  }

 private:
  ParseErrors errors_;
};

// True when a plain word of the query (not an operator, not a field's value) is in no
// article: Xapian's spelling correction also rewrites words the index knows.
bool has_unknown_word(const std::string& query, const Xapian::Database& db) {
  std::size_t i = 0;
  while (i < query.size()) {
    std::size_t end = query.find_first_of(" \t\n", i);
    if (end == std::string::npos) end = query.size();
    std::string token = query.substr(i, end - i);
    i = end + 1;
    if (token.find(':') != std::string::npos) continue;  // field:value
    std::string word;
    for (char c : token) {
      if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) word.push_back(c);
    }
    // Operators (upper case), numbers and wildcards are not words to correct.
    if (word.size() < 3 || token.find('*') != std::string::npos) continue;
    if (!db.term_exists(word)) return true;
  }
  return false;
}

}  // namespace

Xapian::Query build_filter(const SearchRequest& request, const Xapian::Database& db,
                           std::vector<std::pair<schema::Facet, std::string>>* resolved) {
  std::vector<Xapian::Query> parts;
  for (const schema::FacetInfo& f : schema::kFacets) {
    const std::vector<std::string>& typed = request.filters[static_cast<int>(f.facet)];
    if (typed.empty()) continue;
    std::vector<Xapian::Query> values;
    for (const std::string& t : typed) {
      if (t.size() > kMaxFilterValueBytes) {
        throw QueryError("the --" + std::string(f.option) + " value is " +
                         std::to_string(t.size()) + " bytes, over the limit of " +
                         std::to_string(kMaxFilterValueBytes));
      }
      std::string id = resolve_facet_value(db, f.facet, t);
      if (resolved) resolved->emplace_back(f.facet, id);
      values.emplace_back(std::string(f.prefix) + id);
    }
    parts.emplace_back(Xapian::Query::OP_OR, values.begin(), values.end());
  }
  if (!request.date_from.empty() || !request.date_to.empty()) {
    std::string range = request.date_from + ".." + request.date_to;
    auto [lo, hi] = parse_date_range(range);
    parts.push_back(date_range_query(lo, hi));
  }
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

std::string lower_words(std::string_view query) {
  static constexpr std::string_view kOperators[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
  std::string out;
  out.reserve(query.size());
  std::size_t i = 0;
  while (i < query.size()) {
    // One run of non-space bytes at a time.
    std::size_t end = query.find_first_of(" \t\n", i);
    if (end == std::string_view::npos) end = query.size();
    std::string_view word = query.substr(i, end - i);
    bool is_operator = false;
    for (std::string_view op : kOperators) {
      is_operator = is_operator || word == op || word.starts_with(std::string(op) + "/");
    }
    if (is_operator) {
      out.append(word);
    } else {
      const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
      std::size_t k = 0;
      while (k < word.size()) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate(p + k, static_cast<utf8proc_ssize_t>(word.size() - k), &cp);
        if (n <= 0) {
          out.push_back(word[k++]);
          continue;
        }
        utf8proc_uint8_t buf[4];
        utf8proc_ssize_t len = utf8proc_encode_char(utf8proc_tolower(cp), buf);
        out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
        k += static_cast<std::size_t>(n);
      }
    }
    if (end < query.size()) out.push_back(query[end]);
    i = end + 1;
  }
  return out;
}

std::pair<std::string, std::string> parse_date_range(const std::string& text) {
  std::size_t dots = text.find("..");
  if (dots == std::string::npos) {
    if (text.empty()) throw QueryError("empty date: use date:YYYY, date:YYYY-MM or date:FROM..TO");
    return {date_bound(text, false, text), date_bound(text, true, text)};
  }
  std::string from = text.substr(0, dots), to = text.substr(dots + 2);
  if (from.empty() && to.empty()) {
    throw QueryError("empty date range " + quoted(text) + ": give FROM.., ..TO or FROM..TO");
  }
  std::string lo = from.empty() ? std::string() : date_bound(from, false, text);
  std::string hi = to.empty() ? std::string() : date_bound(to, true, text);
  if (!lo.empty() && !hi.empty() && lo > hi) {
    throw QueryError("date range " + quoted(text) + " ends before it starts");
  }
  return {lo, hi};
}

std::string clean_query_text(std::string_view text) {
  // Control bytes first (repair_utf8 would drop them, joining the words around them).
  std::string spaced(text);
  for (char& c : spaced) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  std::string repaired = repair_utf8(spaced);
  std::string out;
  out.reserve(repaired.size());
  for (std::size_t i = 0; i < repaired.size(); ++i) {
    auto c = static_cast<unsigned char>(repaired[i]);
    if (c < 0x20 || c == 0x7f) {
      out.push_back(' ');
    } else if (c == 0xc2 && i + 1 < repaired.size() &&
               static_cast<unsigned char>(repaired[i + 1]) <= 0x9f) {
      out.push_back(' ');  // U+0080..U+009F: C1 controls
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

void lint_query(const std::string& query) {
  if (query.size() > kMaxQueryBytes) {
    throw QueryError("the query is " + std::to_string(query.size()) + " bytes, over the limit of " +
                     std::to_string(kMaxQueryBytes) +
                     ": search for its key words or phrases instead");
  }
  std::size_t wildcards = 0;
  bool quoted_part = false;
  for (char c : query) {
    if (c == '"') quoted_part = !quoted_part;
    if (c == '*' && !quoted_part) ++wildcards;
  }
  if (wildcards > kMaxWildcards) {
    throw QueryError("the query has " + std::to_string(wildcards) +
                     " wildcards, over the limit of " + std::to_string(kMaxWildcards) +
                     ": use fewer word* patterns");
  }
  int depth = 0;
  bool in_quote = false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    char c = query[i];
    if (c == '"') {
      in_quote = !in_quote;
      continue;
    }
    if (in_quote) continue;
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) {
      throw QueryError("cannot parse query " + quoted(query) +
                       ": a ')' closes a parenthesis that was never opened");
    }
    if (c == ':' && i > 0 && i + 1 < query.size() && query[i + 1] != ' ' && query[i + 1] != '/') {
      std::size_t start = i;
      while (start > 0 && (std::isalpha(static_cast<unsigned char>(query[start - 1])) ||
                           query[start - 1] == '_' || query[start - 1] == '-')) {
        --start;
      }
      while (start < i && query[start] == '-')
        ++start;  // -region:x excludes, it is no name
      if (start == i) continue;
      if (start > 0 && !std::isspace(static_cast<unsigned char>(query[start - 1])) &&
          query[start - 1] != '(' && query[start - 1] != '+' && query[start - 1] != '-') {
        continue;
      }
      std::string name = query.substr(start, i - start);
      if (!schema::field_by_name(name)) {
        std::string known;
        for (const schema::Field& f : schema::kFields) {
          if (!known.empty()) known += ", ";
          known += std::string(f.name) + ":";
        }
        throw QueryError("unknown field '" + name + ":' in query " + quoted(query) +
                         " (known fields: " + known + ")");
      }
    }
  }
  if (in_quote) {
    throw QueryError("cannot parse query " + quoted(query) +
                     ": a '\"' opens a phrase that is never closed");
  }
  if (depth > 0) {
    throw QueryError("cannot parse query " + quoted(query) +
                     ": a '(' opens a group that is never closed");
  }
}

Xapian::QueryParser make_query_parser(const Xapian::Database& db, MatchMode match,
                                      std::shared_ptr<std::string> errors) {
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(english_stemmer());
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  static const Xapian::SimpleStopper stopper(std::begin(kStopWords), std::end(kStopWords));
  qp.set_stopper(&stopper);
  qp.set_default_op(match == MatchMode::kAll ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
  qp.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                       Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
  for (const schema::Field& f : schema::kFields) {
    std::string name(f.name);
    switch (f.kind) {
      case schema::FieldKind::kText:
        qp.add_prefix(name, std::string(f.prefix));
        break;
      case schema::FieldKind::kBoolean:
        if (std::optional<schema::Facet> facet = schema::facet_by_name(name)) {
          qp.add_boolean_prefix(name, (new FacetFieldProcessor(db, *facet, errors))->release());
          if (name == "demand_by") {
            qp.add_boolean_prefix("demand-by",
                                  (new FacetFieldProcessor(db, *facet, errors))->release());
          }
        } else {
          qp.add_boolean_prefix(name, std::string(f.prefix));
        }
        break;
      case schema::FieldKind::kDate:
        qp.add_boolean_prefix(name, (new DateFieldProcessor(errors))->release());
        break;
    }
  }
  return qp;
}

Xapian::Query build_query(const SearchRequest& request, const Xapian::Database& db,
                          std::string* corrected) {
  const std::string& q = request.query;
  bool blank = q.find_first_not_of(" \t\n") == std::string::npos;
  if (blank) return Xapian::Query::MatchAll;
  lint_query(q);
  auto errors = std::make_shared<std::string>();
  Xapian::QueryParser qp = make_query_parser(db, request.match, errors);
  unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                   Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                   Xapian::QueryParser::FLAG_PURE_NOT;
  try {
    // The index holds text without diacritics; so does the query. Words are lower-cased so
    // that STEM_SOME stems them all ("Putin" finds "Putin’s"); phrases stay exact.
    std::string folded = lower_words(search_form(q));
    // Xapian's correction looks at every word's neighbours in the spelling table: only worth
    // it when a word is not in the index at all.
    bool suggest = corrected && request.spelling && has_unknown_word(folded, db);
    if (suggest) flags |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
    Xapian::Query query = qp.parse_query(folded, flags);
    if (!errors->empty()) throw QueryError(*errors);
    if (suggest) *corrected = qp.get_corrected_query_string();
    if (query.empty()) {
      throw QueryError("query " + quoted(q) +
                       " has no words to search for (only stop words or punctuation?)");
    }
    return query;
  } catch (const Xapian::QueryParserError& e) {
    throw QueryError("cannot parse query " + quoted(q) + ": " + e.get_msg());
  }
}

}  // namespace parley
