#include "common/corpus.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <sys/stat.h>

namespace fs = std::filesystem;

namespace parley {

namespace {

std::int64_t mtime_ns_of(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

}  // namespace

ScanResult scan_corpus(const fs::path& root) {
  std::error_code ec;
  fs::file_status status = fs::status(root, ec);
  if (ec || !fs::exists(status)) {
    throw std::runtime_error("corpus folder " + root.string() + " does not exist");
  }
  if (!fs::is_directory(status)) {
    throw std::runtime_error(root.string() + " is not a folder");
  }
  ScanResult result;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) {
    throw std::runtime_error("cannot read corpus folder " + root.string() + ": " + ec.message());
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      result.problems.push_back({it->path().string(), ec.message()});
      ec.clear();
      continue;
    }
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (entry.is_symlink(ec)) continue;
    if (entry.is_directory(ec)) {
      // Say so when a folder cannot be entered, instead of passing over it in silence.
      fs::directory_iterator probe(entry.path(), ec);
      if (ec) {
        result.problems.push_back({entry.path().string(), "cannot read folder: " + ec.message()});
        it.disable_recursion_pending();
        ec.clear();
      }
      continue;
    }
    if (!entry.is_regular_file(ec)) continue;
    std::string rel = entry.path().lexically_relative(root).generic_string();
    std::optional<Format> format = format_for_path(rel);
    if (!format) {
      ++result.unsupported;
      continue;
    }
    struct stat st;
    if (::stat(entry.path().c_str(), &st) != 0) {
      result.problems.push_back({entry.path().string(), std::strerror(errno)});
      continue;
    }
    result.files.push_back({entry.path(), std::move(rel), *format,
                            static_cast<std::uintmax_t>(st.st_size), mtime_ns_of(st)});
  }
  std::sort(result.files.begin(), result.files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.rel < b.rel; });
  return result;
}

bool read_file(const fs::path& path, std::uintmax_t max_bytes, std::string& bytes,
               std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) {
    error = "cannot read: not a seekable file";
    return false;
  }
  if (static_cast<std::uintmax_t>(size) > max_bytes) {
    error = "file is " + std::to_string(size) + " bytes, over the limit of " +
            std::to_string(max_bytes) + " (--max-file-size)";
    return false;
  }
  bytes.assign(static_cast<std::size_t>(size), '\0');
  in.seekg(0, std::ios::beg);
  if (!in.read(bytes.data(), size)) {
    error = std::string("cannot read: ") + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace parley
