#pragma once

#include <cstdio>
#include <string>

namespace cerebro {

// Opens `path` for writing (created or truncated) as a stdio stream, refusing to follow a symbolic
// link in its last component: a link planted in an output folder (`out/dense.npy -> ~/.bashrc`)
// would otherwise make cerebro write outside the folder it was given. Throws a bad-input error
// naming the path; the caller owns the stream and closes it with std::fclose.
std::FILE* open_output_file(const std::string& path);

}  // namespace cerebro
