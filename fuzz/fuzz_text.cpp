// Fuzz target: the bytes of a plain-text article, read as parley-index reads a corpus file.
#include "fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::ReadResult read =
      parley::read_articles("fuzz.txt", parley::Format::kText, parley::fuzz::bytes_of(data, size));
  parley::fuzz::check_writable(read);
  return 0;
}
