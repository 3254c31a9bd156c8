// Fuzz target: a text article through entity and demand analysis, as indexing runs it.
#include "fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::ReadResult read =
      parley::read_articles("fuzz.txt", parley::Format::kText, parley::fuzz::bytes_of(data, size));
  parley::fuzz::check_writable(read, /*with_analysis=*/true);
  return 0;
}
