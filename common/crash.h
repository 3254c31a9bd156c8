// A fatal signal's report: what the program was doing when it crashed, on stderr.
//
// A crash of parley-index or parley-search in a nightly run or in CI otherwise says only
// "Segmentation fault" (exit code 139). The report names the signal and lists the stack, so
// that one failure is enough to find where it happened.
#pragma once

namespace parley {

// Installs the report for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT. After the report the
// signal is raised again with its default action, so the exit status is the signal's as
// before (139 for SIGSEGV). Does nothing in a build with AddressSanitizer or ThreadSanitizer,
// whose own reports say more. `program` must outlive the process (a string literal).
void install_crash_report(const char* program);

}  // namespace parley
