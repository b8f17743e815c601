#include "render/gl.hpp"

#include <cstdio>
#include <string>

#include "core/error.hpp"

namespace cerebro::render {

void check_gl(std::string_view what) {
  GLenum first = glGetError();
  if (first == GL_NO_ERROR) return;
  while (glGetError() != GL_NO_ERROR) {
  }
  char code[32];
  std::snprintf(code, sizeof code, "GL error 0x%04x", first);
  throw_internal("OpenGL", std::string(what) + ": " + code);
}

}  // namespace cerebro::render
