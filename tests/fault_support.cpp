#include "fault_support.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;

namespace parley::test {

namespace {

constexpr int kNobody = 65534;

std::string slurp_file(const std::string& name) {
  std::string s;
  int fd = ::open(name.c_str(), O_RDONLY);
  char buf[65536];
  ssize_t n;
  while (fd >= 0 && (n = ::read(fd, buf, sizeof buf)) > 0)
    s.append(buf, static_cast<std::size_t>(n));
  if (fd >= 0) ::close(fd);
  return s;
}

}  // namespace

int unprivileged_uid() {
  return ::geteuid() == 0 ? kNobody : static_cast<int>(::geteuid());
}

void give_to(const fs::path& path, int uid) {
  if (::geteuid() != 0) return;
  auto id = static_cast<uid_t>(uid);
  if (::lchown(path.c_str(), id, static_cast<gid_t>(uid)) != 0)
    throw std::runtime_error("cannot chown " + path.string());
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(path, ec))) return;
  for (auto it = fs::recursive_directory_iterator(path, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (::lchown(it->path().c_str(), id, static_cast<gid_t>(uid)) != 0)
      throw std::runtime_error("cannot chown " + it->path().string());
  }
}

// A copy of program `path` that user `uid` can run, in a fresh folder of the temporary
// directory: the build may sit in a folder only we can enter (a clone in `mktemp -d`, mode 0700),
// and a program another user cannot reach fails to start with 127, which says nothing of what
// the test checks. Returns the copy's path; the caller removes its folder.
fs::path reachable_copy(const fs::path& path, const fs::path& folder) {
  fs::create_directory(folder);
  fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  fs::path copy = folder / path.filename();
  fs::copy_file(path, copy, fs::copy_options::overwrite_existing);
  fs::permissions(copy, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  return copy;
}

Run run_limited(const std::vector<std::string>& argv, const Limits& limits) {
  std::string base =
      (fs::temp_directory_path() / ("parley-run-" + std::to_string(::getpid()))).string();
  bool other_user = limits.uid >= 0 && ::geteuid() == 0;
  fs::path program_folder = base + ".bin";
  std::string program =
      other_user ? reachable_copy(argv.at(0), program_folder).string() : argv.at(0);
  std::string out_name = base + ".out", err_name = base + ".err";
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out_fd = ::open(out_name.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err_fd = ::open(err_name.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::dup2(null_fd, 0);
    if (limits.max_file_bytes > 0) {
      ::signal(SIGXFSZ, SIG_IGN);
      struct rlimit rl = {limits.max_file_bytes, limits.max_file_bytes};
      if (::setrlimit(RLIMIT_FSIZE, &rl) != 0) ::_exit(126);
      // Under AddressSanitizer, writes that fail need whole allocation stacks: Xapian leaks
      // a buffer when commit() fails, and tests/lsan.supp names that call, which the fast
      // unwinder cannot see past Xapian's frames.
      if (const char* asan = std::getenv("ASAN_OPTIONS"))
        ::setenv("ASAN_OPTIONS", (std::string(asan) + ":fast_unwind_on_malloc=0").c_str(), 1);
    }
    if (other_user) {
      auto id = static_cast<uid_t>(limits.uid);
      if (::setgroups(0, nullptr) != 0 || ::setgid(id) != 0 || ::setuid(id) != 0) ::_exit(126);
    }
    std::vector<char*> args;
    args.push_back(const_cast<char*>(program.c_str()));
    for (std::size_t i = 1; i < argv.size(); ++i)
      args.push_back(const_cast<char*>(argv[i].c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp_file(out_name);
  r.err = slurp_file(err_name);
  ::unlink(out_name.c_str());
  ::unlink(err_name.c_str());
  if (other_user) {
    std::error_code ec;
    fs::remove_all(program_folder, ec);
  }
  return r;
}

}  // namespace parley::test
