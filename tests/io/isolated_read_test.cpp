// The child-process rehearsal of a model read (io/isolated_read.hpp): a child that finishes or
// refuses the file lets the parent go on; one that crashes, fails a memory check or runs out of
// CPU time becomes a one-line BadInput naming the file.
#include "io/isolated_read.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/error.hpp"

namespace cerebro::io {
namespace {

std::string refusal(const std::function<void()>& read) {
  try {
    rehearse_in_child("model.h5", read);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    EXPECT_EQ(error.context(), "model.h5");
    return error.what();
  }
  return "";
}

TEST(IsolatedRead, AChildThatFinishesOrRefusesTheFileLetsTheParentGoOn) {
  EXPECT_EQ(refusal([] {}), "");
  EXPECT_EQ(refusal([] { throw_bad_input("model.h5", "not a Keras model"); }), "");
  EXPECT_EQ(refusal([] { throw std::bad_alloc(); }), "");
}

TEST(IsolatedRead, WorkDoneInTheChildStaysThere) {
  int touched = 0;
  rehearse_in_child("model.h5", [&] { touched = 1; });
  EXPECT_EQ(touched, 0);
}

TEST(IsolatedRead, ACrashIsOneLineNamingTheFile) {
  const std::string what = refusal([] { std::abort(); });
  EXPECT_NE(what.find("reading it crashed the file reader (Aborted)"), std::string::npos) << what;
  EXPECT_EQ(what.find('\n'), std::string::npos);
}

TEST(IsolatedRead, ASanitizerReportIsOneLineNamingTheFile) {
  // ASan and UBSan report and exit 1: not one of the child's own exit codes.
  const std::string what = refusal([] { std::_Exit(1); });
  EXPECT_NE(what.find("failed a memory check in the file reader (exit 1)"), std::string::npos) << what;
}

TEST(IsolatedRead, AnEndlessLoopRunsOutOfCpuTime) {
  ::setenv("CEREBRO_READ_CPU_SECONDS", "1", 1);
  const std::string what = refusal([] {
    volatile unsigned long spin = 0;
    for (;;) spin = spin + 1;
  });
  ::unsetenv("CEREBRO_READ_CPU_SECONDS");
  EXPECT_NE(what.find("took more than 1 s of CPU"), std::string::npos) << what;
}

}  // namespace
}  // namespace cerebro::io
