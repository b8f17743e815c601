#pragma once
// The one way render/ reaches OpenGL: glad's 3.3 core loader (generated at build time), plus a
// check that turns glGetError into an exception naming what was being done.
#include <glad/gl.h>

#include <string_view>

namespace cerebro::render {

// Throws an Internal error naming `what` when GL reports an error (and drains the error queue).
void check_gl(std::string_view what);

// The shader source embedded from shaders/<name> at build time; empty when there is none.
std::string_view embedded_shader(std::string_view name);

}  // namespace cerebro::render
