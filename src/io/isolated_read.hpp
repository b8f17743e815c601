#pragma once
// Debian 12's libhdf5 (1.10.8) crashes, overflows buffers or loops forever on some damaged or
// hostile files (tests/fuzz/README.md, finding 2), and it is not ours to patch. So a model is read
// once in a forked child first, under a CPU-time and address-space limit: a child that crashes or
// runs out of time becomes a one-line error naming the file, and only a file whose reading
// survived is read again in this process.
#include <functional>
#include <string>

namespace cerebro::io {

// Runs `read` in a child process and waits for it. Returns when the child finished, whether it
// succeeded or threw a cerebro::Error (the caller then reads in-process and meets the same error,
// with its message). Throws BadInput naming `file` when the child died (a signal, a sanitizer's
// report) or used more than its CPU time: CEREBRO_READ_CPU_SECONDS, 60 by default.
// Where fork() fails (a process limit), returns without a rehearsal.
void rehearse_in_child(const std::string& file, const std::function<void()>& read);

}  // namespace cerebro::io
