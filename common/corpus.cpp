#include "common/corpus.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace fs = std::filesystem;

namespace parley {

namespace {

std::int64_t mtime_ns_of(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

// The length of the valid UTF-8 sequence at `s[i]`, or 0 when the byte there starts none.
std::size_t utf8_length_at(std::string_view s, std::size_t i) {
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                        static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_length_at(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string errno_text(int err) {
  return std::strerror(err);
}

// Walks the folders under a root without recursion, so neither deep nesting nor a link loop
// can exhaust the stack or run forever.
class Scanner {
 public:
  Scanner(const fs::path& root, const ScanOptions& options) : root_(root), options_(options) {}

  ScanResult scan() {
    struct stat st;
    if (::stat(root_.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) {
        throw std::runtime_error("corpus folder " + display_path(root_) + " does not exist");
      }
      throw std::runtime_error("cannot read corpus folder " + display_path(root_) + ": " +
                               errno_text(errno));
    }
    if (!S_ISDIR(st.st_mode)) throw std::runtime_error(display_path(root_) + " is not a folder");
    visited_.insert({st.st_dev, st.st_ino});
    std::error_code ec;
    fs::directory_iterator probe(root_, ec);
    if (ec) {
      throw std::runtime_error("cannot read corpus folder " + display_path(root_) + ": " +
                               ec.message());
    }
    std::vector<fs::path> pending = {root_};
    while (!pending.empty()) {
      fs::path dir = std::move(pending.back());
      pending.pop_back();
      read_folder(dir, pending);
    }
    std::sort(result_.files.begin(), result_.files.end(),
              [](const CorpusFile& a, const CorpusFile& b) { return a.rel < b.rel; });
    return std::move(result_);
  }

 private:
  void problem(const fs::path& path, std::string reason) {
    result_.problems.push_back({display_path(path), std::move(reason)});
  }
  void warning(const fs::path& path, std::string reason) {
    result_.warnings.push_back({display_path(path), std::move(reason)});
  }

  void read_folder(const fs::path& dir, std::vector<fs::path>& pending) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      problem(dir, "cannot read folder: " + ec.message());
      return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) {
        problem(dir, "cannot read folder: " + ec.message());
        return;
      }
      const fs::path& path = it->path();
      std::string name = path.filename().string();
      if (!name.empty() && name[0] == '.') continue;
      entry(path, name, pending);
    }
    if (ec) problem(dir, "cannot read folder: " + ec.message());
  }

  void entry(const fs::path& path, const std::string& name, std::vector<fs::path>& pending) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
      // Gone since the folder was listed: nothing to read.
      if (errno != ENOENT) problem(path, "cannot read: " + errno_text(errno));
      return;
    }
    bool link = S_ISLNK(st.st_mode);
    if (link) {
      if (!options_.follow_symlinks) {
        warning(path, "symbolic link, not followed (--follow-symlinks follows links)");
        return;
      }
      if (::stat(path.c_str(), &st) != 0) {
        int err = errno;
        problem(path, err == ENOENT ? "broken symbolic link (its target does not exist)"
                                    : "cannot follow symbolic link: " + errno_text(err));
        return;
      }
    }
    if (S_ISDIR(st.st_mode)) {
      if (!visited_.insert({st.st_dev, st.st_ino}).second) {
        warning(path, link ? "symbolic link to a folder already scanned (a loop, or a second "
                             "path to it): not followed again"
                           : "folder already scanned: not read again");
        return;
      }
      pending.push_back(path);
      return;
    }
    std::optional<Format> format = format_for_path(name);
    if (!S_ISREG(st.st_mode)) {
      // A FIFO named .txt would block a reader forever.
      if (format) warning(path, "not a regular file (a FIFO, socket or device): passed over");
      return;
    }
    if (!format) {
      ++result_.unsupported;
      return;
    }
    std::string rel = path.lexically_relative(root_).generic_string();
    if (!valid_utf8(rel)) {
      problem(path, "file name is not valid UTF-8: rename it to index it");
      return;
    }
    result_.files.push_back(
        {path, std::move(rel), *format, static_cast<std::uintmax_t>(st.st_size), mtime_ns_of(st)});
  }

  fs::path root_;
  ScanOptions options_;
  ScanResult result_;
  std::set<std::pair<dev_t, ino_t>> visited_;  // folders entered, so links cannot loop
};

// Closes a file descriptor on every way out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

ScanResult scan_corpus(const fs::path& root, const ScanOptions& options) {
  return Scanner(root, options).scan();
}

bool read_file(const fs::path& path, std::uintmax_t max_bytes, std::string& bytes,
               std::string& error) {
  // O_NONBLOCK: a FIFO put in a file's place cannot block the open.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    int err = errno;
    error = err == ENOENT ? "vanished before it could be read" : "cannot open: " + errno_text(err);
    return false;
  }
  struct stat before;
  if (::fstat(fd.get(), &before) != 0) {
    error = "cannot read: " + errno_text(errno);
    return false;
  }
  if (!S_ISREG(before.st_mode)) {
    error = "not a regular file";
    return false;
  }
  auto size = static_cast<std::uintmax_t>(before.st_size);
  if (size > max_bytes) {
    error = "file is " + std::to_string(size) + " bytes, over the limit of " +
            std::to_string(max_bytes) + " (--max-file-size)";
    return false;
  }
  // One byte more than the size, to notice a file that grows while it is read.
  bytes.assign(static_cast<std::size_t>(size) + 1, '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + got, bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot read: " + errno_text(errno);
      return false;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  struct stat after;
  bool changed = ::fstat(fd.get(), &after) != 0 || got != size || after.st_size != before.st_size ||
                 mtime_ns_of(after) != mtime_ns_of(before);
  if (changed) {
    error = "changed while being read (is a program still writing it?): read again next run";
    bytes.clear();
    return false;
  }
  return true;
}

std::string display_path(const fs::path& path) {
  const std::string& s = path.native();
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = utf8_length_at(s, i); n > 0) {
      out.append(s, i, n);
      i += n;
      continue;
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    auto c = static_cast<unsigned char>(s[i++]);
    out += "\\x";
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace parley
