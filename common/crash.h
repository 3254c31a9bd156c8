// A fatal signal's report: what the program was doing when it crashed, on stderr.
//
// A crash of parley-index or parley-search in a nightly run or in CI otherwise says only
// "Segmentation fault" (exit code 139). The report names the signal and lists the stack, so
// that one failure is enough to find where it happened.
#pragma once

// 1 where install_crash_report() installs the report, 0 in a build with AddressSanitizer or
// ThreadSanitizer, whose own reports say more.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PARLEY_CRASH_REPORTS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PARLEY_CRASH_REPORTS 0
#endif
#endif
#ifndef PARLEY_CRASH_REPORTS
#define PARLEY_CRASH_REPORTS 1
#endif

namespace parley {

// Installs the report for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT. After the report the
// signal is raised again with its default action, so the exit status is the signal's as
// before (139 for SIGSEGV). Does nothing where PARLEY_CRASH_REPORTS is 0. `program` must
// outlive the process (a string literal).
void install_crash_report(const char* program);

}  // namespace parley
