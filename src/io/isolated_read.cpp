#include "io/isolated_read.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "core/error.hpp"

namespace cerebro::io {
namespace {

// The child's exit codes: anything else (a sanitizer's report exits 1) means it did not finish.
constexpr int kRead = 0;
constexpr int kRefused = 65;  // a cerebro::Error: the parent reads and reports it
constexpr int kOther = 66;    // another exception (bad_alloc): likewise

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

rlim_t cpu_seconds() {
  const char* text = std::getenv("CEREBRO_READ_CPU_SECONDS");
  const long seconds = text ? std::strtol(text, nullptr, 10) : 0;
  return seconds > 0 ? static_cast<rlim_t>(seconds) : 60;
}

// The address space the child may grow to: what it already maps (the parent's, copied on write)
// plus the machine's RAM. An allocation past that fails instead of swapping the machine to death.
rlim_t address_space_limit() {
  std::ifstream statm("/proc/self/statm");
  unsigned long long mapped_pages = 0;
  statm >> mapped_pages;
  const auto page = static_cast<unsigned long long>(::sysconf(_SC_PAGESIZE));
  const auto ram_pages = static_cast<unsigned long long>(::sysconf(_SC_PHYS_PAGES));
  return static_cast<rlim_t>((mapped_pages + ram_pages) * page);
}

[[noreturn]] void run_child(const std::function<void()>& read, rlim_t cpu, rlim_t address_space) {
  // Quiet: the parent repeats the read and reports; a crash report here would break its one line.
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
  }
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  const rlimit cpu_limit{cpu, cpu + 5};  // SIGXCPU at the soft limit
  ::setrlimit(RLIMIT_CPU, &cpu_limit);
  // ASan reserves terabytes of shadow address space up front: no address-space limit there.
  if (!kSanitized) {
    const rlimit as_limit{address_space, address_space};
    ::setrlimit(RLIMIT_AS, &as_limit);
  }
  int code = kRead;
  try {
    read();
  } catch (const Error&) {
    code = kRefused;
  } catch (...) {
    code = kOther;
  }
  std::_Exit(code);  // no atexit handlers, no destructors of objects the parent owns
}

}  // namespace

void rehearse_in_child(const std::string& file, const std::function<void()>& read) {
  const rlim_t cpu = cpu_seconds();
  const rlim_t address_space = address_space_limit();
  std::fflush(nullptr);  // what stdio holds would otherwise be written twice
  const pid_t pid = ::fork();
  if (pid < 0) return;
  if (pid == 0) run_child(read, cpu, address_space);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return;
  }
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    if (code == kRead || code == kRefused || code == kOther) return;
    throw_bad_input(file, "reading it failed a memory check in the file reader (exit " + std::to_string(code) +
                              "): the file is damaged or hostile; nothing was loaded");
  }
  const int signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (signal == SIGXCPU || signal == SIGKILL) {
    throw_bad_input(file, "reading it took more than " + std::to_string(cpu) +
                              " s of CPU (a damaged file can make libhdf5 loop forever); nothing was loaded "
                              "(CEREBRO_READ_CPU_SECONDS sets the limit)");
  }
  throw_bad_input(file, std::string("reading it crashed the file reader (") + ::strsignal(signal) +
                            "): the file is damaged or hostile; nothing was loaded");
}

}  // namespace cerebro::io
