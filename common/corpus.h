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

// A file that could not be read or indexed, and why. `path` is valid UTF-8 (display_path).
struct FileProblem {
  std::string path;
  std::string reason;
};

struct ScanResult {
  std::vector<CorpusFile> files;      // sorted by rel
  std::vector<FileProblem> problems;  // unreadable folders and files, names not in UTF-8
  std::vector<FileProblem> warnings;  // passed over on purpose: symbolic links, special files
  std::size_t unsupported = 0;        // files of formats Parley does not read
};

struct ScanOptions {
  // Follow symbolic links to files and folders (inside the corpus or not). A link that leads
  // back to a folder already being scanned is reported and not followed again, so loops end.
  bool follow_symlinks = false;
};

// Lists the readable files under `root`, recursively, in a stable order. Hidden files and
// folders (".git") are passed over in silence; symbolic links (unless followed), FIFOs,
// sockets and devices with names Parley reads are passed over with a warning; files whose
// relative path is not valid UTF-8 are problems (an article id must be text). Throws
// std::runtime_error when `root` itself is missing or not a folder.
ScanResult scan_corpus(const std::filesystem::path& root, const ScanOptions& options = {});

// Reads the whole file at `path`. Returns false and sets `error` when it cannot be read, is
// not a regular file, is larger than `max_bytes`, has vanished, or changed while it was being
// read (a scraper still writing it: the next run reads it again).
bool read_file(const std::filesystem::path& path, std::uintmax_t max_bytes, std::string& bytes,
               std::string& error);

// `path` as valid UTF-8 for messages and JSON: bytes that are not UTF-8 are written "\xFF".
std::string display_path(const std::filesystem::path& path);

}  // namespace parley
