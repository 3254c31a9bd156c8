#include "support.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string_view>

namespace fs = std::filesystem;

namespace parley::test {

TempDir::TempDir() {
  std::random_device rd;
  for (int i = 0; i < 100; ++i) {
    fs::path p = fs::temp_directory_path() / ("parley-test-" + std::to_string(rd()));
    if (fs::create_directory(p)) {
      path_ = p;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
  std::error_code ec;
  // Restore permissions a test may have taken away, so everything can be removed.
  for (auto it = fs::recursive_directory_iterator(path_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::remove_all(path_, ec);
}

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::vector<char*> arg_vector(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  return args;
}

namespace {

// The environment for execve: this process's, with each "NAME=value" of `set` in place of any
// NAME it had. Built before fork, like the arguments.
std::vector<char*> env_vector(const std::vector<std::string>& set) {
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    bool replaced = std::any_of(set.begin(), set.end(), [&](const std::string& s) {
      std::size_t eq = s.find('=');
      return eq != std::string::npos &&
             entry.substr(0, eq + 1) == std::string_view(s).substr(0, eq + 1);
    });
    if (!replaced) envp.push_back(*e);
  }
  for (const std::string& s : set)
    envp.push_back(const_cast<char*>(s.c_str()));
  envp.push_back(nullptr);
  return envp;
}

std::string slurp(int fd) {
  std::string s;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0)
    s.append(buf, static_cast<std::size_t>(n));
  return s;
}

}  // namespace

Run run(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  // stdout and stderr go to temporary files, so a large output cannot dead-lock a pipe.
  char out_name[] = "/tmp/parley-out-XXXXXX";
  char err_name[] = "/tmp/parley-err-XXXXXX";
  int out_fd = ::mkstemp(out_name);
  int err_fd = ::mkstemp(err_name);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("mkstemp failed");
  std::vector<char*> args = arg_vector(argv);
  std::vector<char*> envp = env_vector(env);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, 0);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::lseek(out_fd, 0, SEEK_SET);
  ::lseek(err_fd, 0, SEEK_SET);
  r.out = slurp(out_fd);
  r.err = slurp(err_fd);
  ::close(out_fd);
  ::close(err_fd);
  ::unlink(out_name);
  ::unlink(err_name);
  return r;
}

int spawn(const std::vector<std::string>& argv, const std::string& err_path) {
  std::vector<char*> args = arg_vector(argv);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int null_fd = ::open("/dev/null", O_RDWR);
    ::dup2(null_fd, 0);
    ::dup2(null_fd, 1);
    if (err_path.empty()) {
      ::dup2(null_fd, 2);
    } else {
      int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(err_fd < 0 ? null_fd : err_fd, 2);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

nlohmann::json search_json(const std::string& index, const std::vector<std::string>& args,
                           int want_exit) {
  std::vector<std::string> argv = {PARLEY_SEARCH_BIN, "--index", index, "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  Run r = run(argv);
  INFO(r.err);
  if (want_exit < 0) {
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  } else {
    REQUIRE(r.exit_code == want_exit);
  }
  return nlohmann::json::parse(r.out);
}

std::vector<std::string> hit_ids(const nlohmann::json& result) {
  std::vector<std::string> out;
  for (const auto& h : result["hits"])
    out.push_back(h["id"]);
  return out;
}

fs::path sample_corpus() {
  return fs::path(PARLEY_SOURCE_DIR) / "corpus";
}

}  // namespace parley::test

namespace parley::test {

void copy_sample_corpus(const fs::path& folder) {
  fs::create_directories(folder);
  for (const auto& entry : fs::directory_iterator(sample_corpus())) {
    fs::copy(entry.path(), folder / entry.path().filename());
  }
}

}  // namespace parley::test
