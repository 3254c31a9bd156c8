// The HTML reader: Gumbo (an HTML5-conformant parser) builds the tree; the main content is
// taken as text and the head's meta data gives title, dates, canonical URL, site and author.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/clean.h"
#include "common/dates.h"
#include "common/fold.h"
#include "common/readers.h"

namespace parley {

namespace {

struct PageMeta {
  std::string title, og_title, h1, date, url, site, author;
};

const char* attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

bool skipped_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

bool block_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_DL:
      return true;
    default:
      return false;
  }
}

// The text under `root`, block elements on lines of their own, list items as "- item".
// Iterative, so deeply nested pages cannot exhaust the stack.
std::string text_of(const GumboNode* root, const Cleaner& cleaner) {
  std::string out;
  auto newline = [&] {
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
  };
  struct Frame {
    const GumboNode* node;
    bool closing;
  };
  std::vector<Frame> stack = {{root, false}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    const GumboNode* n = f.node;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
      out.append(n->v.text.text);
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    const GumboElement& e = n->v.element;
    if (f.closing) {
      if (block_tag(e.tag)) newline();
      continue;
    }
    if (n != root) {
      if (skipped_tag(e.tag)) continue;
      const char* cls = attr(e, "class");
      const char* id = attr(e, "id");
      if ((cls && cleaner.is_boilerplate_class(cls)) || (id && cleaner.is_boilerplate_class(id)))
        continue;
      const char* hidden = attr(e, "hidden");
      const char* aria = attr(e, "aria-hidden");
      if (hidden || (aria && std::string(aria) == "true")) continue;
    }
    if (block_tag(e.tag)) newline();
    if (e.tag == GUMBO_TAG_LI) out.append("- ");
    if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) out.push_back(' ');
    stack.push_back({n, true});
    for (unsigned i = e.children.length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(e.children.data[i - 1]), false});
    }
  }
  return out;
}

// Finds the main content element and reads the page's meta data, in one walk.
const GumboNode* walk(const GumboNode* root, PageMeta& meta) {
  const GumboNode* article = nullptr;
  const GumboNode* main = nullptr;
  const GumboNode* body = nullptr;
  std::size_t article_size = 0;
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = n->v.element;
    switch (e.tag) {
      case GUMBO_TAG_TITLE:
        if (meta.title.empty() && e.children.length > 0) {
          auto* child = static_cast<const GumboNode*>(e.children.data[0]);
          if (child->type == GUMBO_NODE_TEXT) meta.title = child->v.text.text;
        }
        break;
      case GUMBO_TAG_META: {
        const char* key = attr(e, "property");
        if (!key) key = attr(e, "name");
        if (!key) key = attr(e, "itemprop");
        const char* content = attr(e, "content");
        if (!key || !content) break;
        std::string k = ascii_lower(key);
        if (k == "og:title" || k == "twitter:title") {
          if (meta.og_title.empty()) meta.og_title = content;
        } else if (k == "article:published_time" || k == "datepublished" || k == "date" ||
                   k == "pubdate" || k == "publishdate" || k == "dc.date" ||
                   k == "dc.date.issued" || k == "sailthru.date" || k == "parsely-pub-date" ||
                   k == "og:published_time") {
          if (meta.date.empty()) meta.date = content;
        } else if (k == "og:url") {
          if (meta.url.empty()) meta.url = content;
        } else if (k == "og:site_name" || k == "application-name") {
          if (meta.site.empty()) meta.site = content;
        } else if (k == "author" || k == "article:author" || k == "byl") {
          if (meta.author.empty()) meta.author = content;
        }
        break;
      }
      case GUMBO_TAG_LINK: {
        const char* rel = attr(e, "rel");
        const char* href = attr(e, "href");
        if (rel && href && ascii_lower(rel) == "canonical") meta.url = href;
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        const char* type = attr(e, "type");
        if (type && ascii_lower(type) == "application/ld+json" && e.children.length > 0) {
          auto* child = static_cast<const GumboNode*>(e.children.data[0]);
          if (child->type != GUMBO_NODE_TEXT) break;
          nlohmann::json ld = nlohmann::json::parse(child->v.text.text, nullptr, false);
          if (ld.is_array() && !ld.empty()) ld = ld[0];
          if (!ld.is_object()) break;
          if (meta.date.empty() && ld.contains("datePublished") && ld["datePublished"].is_string())
            meta.date = ld["datePublished"];
          if (meta.og_title.empty() && ld.contains("headline") && ld["headline"].is_string())
            meta.og_title = ld["headline"];
          if (meta.site.empty() && ld.contains("publisher") && ld["publisher"].is_object() &&
              ld["publisher"].contains("name") && ld["publisher"]["name"].is_string())
            meta.site = ld["publisher"]["name"];
        }
        break;
      }
      case GUMBO_TAG_ARTICLE: {
        // The largest <article> is the story; smaller ones are teasers.
        std::size_t size =
            e.original_end_tag.data && e.original_tag.data
                ? static_cast<std::size_t>(e.original_end_tag.data - e.original_tag.data)
                : 0;
        if (!article || size > article_size) {
          article = n;
          article_size = size;
        }
        break;
      }
      case GUMBO_TAG_MAIN:
        if (!main) main = n;
        break;
      case GUMBO_TAG_BODY:
        body = n;
        break;
      case GUMBO_TAG_H1:
        if (meta.h1.empty()) {
          std::string t = std::string(trim(text_of(n, Cleaner::builtin())));
          if (!t.empty()) meta.h1 = t;
        }
        break;
      default:
        break;
    }
    if (!main && e.tag != GUMBO_TAG_MAIN) {
      const char* role = attr(e, "role");
      if (role && std::string(role) == "main") main = n;
    }
    for (unsigned i = e.children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(e.children.data[i - 1]));
    }
  }
  if (article) return article;
  if (main) return main;
  return body ? body : root;
}

// Past this nesting depth Gumbo's tree building slows down quadratically; such a page is read
// by stripping its tags instead.
constexpr int kMaxNesting = 2000;

bool void_element(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"area",  "base",   "br",    "col",  "embed",
                                               "hr",    "img",    "input", "link", "meta",
                                               "param", "source", "track", "wbr"};
  for (std::string_view v : kVoid) {
    if (name == v) return true;
  }
  return false;
}

// An upper bound on how deep the page's elements nest: open tags minus closed ones.
int nesting_depth(std::string_view html) {
  int depth = 0, deepest = 0;
  for (std::size_t i = 0; i + 1 < html.size(); ++i) {
    if (html[i] != '<') continue;
    char c = html[i + 1];
    if (c == '/') {
      depth = std::max(0, depth - 1);
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c))) continue;
    std::size_t end = i + 1;
    while (end < html.size() && std::isalnum(static_cast<unsigned char>(html[end])))
      ++end;
    std::size_t close = html.find('>', end);
    bool self_closing = close != std::string_view::npos && close > 0 && html[close - 1] == '/';
    if (!self_closing && !void_element(ascii_lower(html.substr(i + 1, end - i - 1)))) {
      deepest = std::max(deepest, ++depth);
      if (deepest > kMaxNesting) return deepest;
    }
  }
  return deepest;
}

// The text of a page without building its tree: tags dropped, script and style skipped,
// each tag a line break.
std::string strip_tags(std::string_view html) {
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      out.push_back(html[i++]);
      continue;
    }
    std::size_t close = html.find('>', i);
    if (close == std::string_view::npos) break;
    std::string tag = ascii_lower(html.substr(i + 1, std::min<std::size_t>(close - i - 1, 8)));
    i = close + 1;
    for (std::string_view skip : {"script", "style"}) {
      if (tag.starts_with(skip)) {
        std::size_t end = ascii_lower(html.substr(i)).find("</" + std::string(skip));
        i = end == std::string::npos ? html.size() : i + end;
      }
    }
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
  }
  return out;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  if (nesting_depth(html) > kMaxNesting) return strip_tags(html);
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string text = text_of(output->root, Cleaner::builtin());
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return text;
}

ReadResult read_html(std::string_view rel_path, std::string_view bytes) {
  ReadResult result;
  std::string repaired = repaired_text(bytes, result);
  PageMeta meta;
  std::string text;
  if (int depth = nesting_depth(repaired); depth > kMaxNesting) {
    result.warnings.push_back("elements nested over " + std::to_string(kMaxNesting) +
                              " deep: read without its page structure");
    text = strip_tags(repaired);
  } else {
    GumboOutput* output =
        gumbo_parse_with_options(&kGumboDefaultOptions, repaired.data(), repaired.size());
    const GumboNode* content = walk(output->root, meta);
    text = text_of(content, Cleaner::builtin());
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }

  Article a;
  a.id = std::string(rel_path);
  a.path = std::string(rel_path);
  a.format = "html";
  a.title = !meta.og_title.empty() ? meta.og_title : !meta.h1.empty() ? meta.h1 : meta.title;
  if (auto d = normalise_date(meta.date)) a.date = *d;
  a.url = meta.url;
  a.source = meta.site;
  a.author = meta.author;
  if (finish_article(a, text, result.error)) result.articles.push_back(std::move(a));
  return result;
}

}  // namespace parley
