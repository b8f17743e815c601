#include "core/output_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace cerebro {

std::FILE* open_output_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    // O_NOFOLLOW reports a link in the last component as ELOOP, which strerror calls "Too many
    // levels of symbolic links": say what actually happened.
    if (errno == ELOOP) throw_bad_input(path, "is a symbolic link; refusing to write through it");
    throw_bad_input(path, std::string("cannot open for writing: ") + std::strerror(errno));
  }
  std::FILE* file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    const int error = errno;
    ::close(fd);
    throw_bad_input(path, std::string("cannot open for writing: ") + std::strerror(error));
  }
  return file;
}

}  // namespace cerebro
