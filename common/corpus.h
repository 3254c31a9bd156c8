// Scanning corpus folders: which files there are, their sizes and modification times, and
// reading a file's bytes with a size limit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/readers.h"

namespace parley {

// A file of the corpus that Parley reads.
struct CorpusFile {
  std::filesystem::path path;  // as found under the root
  std::string rel;             // relative to the corpus root, '/'-separated: the article id
  Format format;
  std::uintmax_t size = 0;
  std::int64_t mtime_ns = 0;
};

// A file that could not be read or indexed, and why.
struct FileProblem {
  std::string path;
  std::string reason;
};

struct ScanResult {
  std::vector<CorpusFile> files;      // sorted by rel
  std::vector<FileProblem> problems;  // unreadable folders and files
  std::size_t unsupported = 0;        // files of formats Parley does not read
};

// Lists the readable files under `root`, recursively, in a stable order. Hidden files and
// folders (".git") are passed over, symbolic links are not followed. Throws
// std::runtime_error when `root` itself is missing or not a folder.
ScanResult scan_corpus(const std::filesystem::path& root);

// Reads the whole file at `path`. Returns false and sets `error` when it cannot be read or is
// larger than `max_bytes`.
bool read_file(const std::filesystem::path& path, std::uintmax_t max_bytes, std::string& bytes,
               std::string& error);

}  // namespace parley
