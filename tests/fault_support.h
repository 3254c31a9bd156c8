// Test helpers for faults: running a program as another user (so a file without read
// permission stays unreadable when the tests run as root) or with a file size limit (so
// writes fail as on a full disk).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support.h"

namespace parley::test {

struct Limits {
  // Run as this user and group when the tests run as root (-1: as we are). Root reads files
  // whatever their permissions say.
  int uid = -1;
  // RLIMIT_FSIZE in bytes (0: none); SIGXFSZ is ignored, so a write past it fails with EFBIG.
  std::uint64_t max_file_bytes = 0;
};

// The user that runs programs in permission tests: "nobody" when we are root, else ourselves.
int unprivileged_uid();

// Hands `path` and everything under it to `uid` (when we are root), so a program run as that
// user can write there.
void give_to(const std::filesystem::path& path, int uid);

// run() with limits applied in the child before it starts the program.
Run run_limited(const std::vector<std::string>& argv, const Limits& limits);

}  // namespace parley::test
