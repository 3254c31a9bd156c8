#include "common/crash.h"

#include <execinfo.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <initializer_list>

namespace parley {
namespace {

const char* g_program = "parley";
// The report runs on its own stack, so that a stack overflow can be reported too.
alignas(16) char g_signal_stack[64 * 1024];

void say(const char* s) {
  ssize_t ignored = ::write(STDERR_FILENO, s, std::strlen(s));
  (void)ignored;
}

// Only async-signal-safe calls, apart from backtrace(), whose library install_crash_report()
// has already loaded.
void on_fatal_signal(int sig) {
  const char* name = sig == SIGSEGV  ? "SIGSEGV"
                     : sig == SIGBUS ? "SIGBUS"
                     : sig == SIGFPE ? "SIGFPE"
                     : sig == SIGILL ? "SIGILL"
                                     : "SIGABRT";
  say(g_program);
  say(": crashed (");
  say(name);
  say("); this is a bug in Parley, please report it with the stack below:\n");
  void* frames[64];
  int n = ::backtrace(frames, 64);
  ::backtrace_symbols_fd(frames, n, STDERR_FILENO);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

void install_crash_report(const char* program) {
#if !PARLEY_CRASH_REPORTS
  return;
#endif
  g_program = program;
  void* warm[1];
  ::backtrace(warm, 1);  // loads the unwinder now, not inside the handler
  stack_t ss{};
  ss.ss_sp = g_signal_stack;
  ss.ss_size = sizeof g_signal_stack;
  ::sigaltstack(&ss, nullptr);
  struct sigaction sa {};
  sa.sa_handler = on_fatal_signal;
  sa.sa_flags = SA_RESETHAND | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
    ::sigaction(sig, &sa, nullptr);
}

}  // namespace parley
