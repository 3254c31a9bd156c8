// Test helpers: temporary folders, writing fixture files, running the built programs.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace parley::test {

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  std::filesystem::path path_;
};

// Writes `content` to `path`, creating its folders.
void write_file(const std::filesystem::path& path, const std::string& content);

// What a program run printed and how it ended.
struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// The argument vector for exec, built before fork (it points into `argv`): between fork and exec
// the child of a multithreaded test may only call async-signal-safe functions, and an
// allocation there can block for ever on a lock another thread held when the process was copied.
std::vector<char*> arg_vector(const std::vector<std::string>& argv);

// Runs `argv` (no shell) with `env` ("NAME=value") added to the environment, capturing
// stdout and stderr.
Run run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

// Starts `argv` (no shell) in the background with its output discarded, or its stderr written
// to `err_path` when one is given; returns its pid.
int spawn(const std::vector<std::string>& argv, const std::string& err_path = "");

// Runs `parley-search --index INDEX --json ARGS...`, checks it exits `want_exit` (-1: 0 or 1,
// hits or none) and returns its parsed output.
nlohmann::json search_json(const std::string& index, const std::vector<std::string>& args,
                           int want_exit = 0);

// The ids of a --json result's hits, in rank order.
std::vector<std::string> hit_ids(const nlohmann::json& result);

// The bundled sample corpus (corpus/ in the source tree).
std::filesystem::path sample_corpus();

// Copies the sample corpus's files into `folder`, creating it.
void copy_sample_corpus(const std::filesystem::path& folder);

}  // namespace parley::test
