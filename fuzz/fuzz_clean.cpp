// Fuzz target: the boilerplate cleaner on any text (made valid UTF-8 first, as the readers do).
#include "common/clean.h"
#include "common/fold.h"
#include "fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text = parley::repair_utf8(parley::fuzz::bytes_of(data, size));
  parley::Cleaned cleaned = parley::Cleaner::builtin().clean(text);
  if (cleaned.text.size() > text.size() + 1) parley::fuzz::fail("cleaning added text", text);
  for (std::string_view line : parley::split_lines(text))
    parley::Cleaner::builtin().is_boilerplate(line);
  parley::Cleaner::builtin().is_boilerplate_class(text);
  return 0;
}
