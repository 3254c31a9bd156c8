// Fuzz target: a text article opening with a front matter block (the input is what follows
// the opening "---" line).
#include <string>

#include "fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes = "---\n" + std::string(parley::fuzz::bytes_of(data, size));
  parley::ReadResult read = parley::read_text("fuzz.md", parley::Format::kMarkdown, bytes);
  if (read.error.empty() == read.articles.empty()) parley::fuzz::fail("no result", bytes);
  parley::fuzz::check_writable(read);
  return 0;
}
