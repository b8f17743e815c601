#include "render/shader_program.hpp"

#include <optional>
#include <vector>

#include "core/error.hpp"
#include "render/gl.hpp"

namespace cerebro::render {
namespace {

// Nothing when `status` (GL_COMPILE_STATUS or GL_LINK_STATUS) of shader or program `id` is true,
// else its info log. `get_iv` and `get_log`: glGetShaderiv and glGetShaderInfoLog, or their
// program counterparts.
template <typename GetIv, typename GetLog>
std::optional<std::string> failure_log(GLuint id, GLenum status, GetIv get_iv, GetLog get_log) {
  GLint ok = GL_FALSE;
  get_iv(id, status, &ok);
  if (ok == GL_TRUE) return std::nullopt;
  GLint size = 0;
  get_iv(id, GL_INFO_LOG_LENGTH, &size);
  std::vector<char> log(static_cast<size_t>(std::max(size, 1)));
  get_log(id, size, nullptr, log.data());
  return std::string(log.data());
}

GLuint compile(GLenum stage, std::string_view file) {
  const std::string_view source = embedded_shader(file);
  if (source.empty()) throw_internal("shaders/" + std::string(file), "not embedded in this build");
  const GLuint shader = glCreateShader(stage);
  const char* text = source.data();
  const GLint length = static_cast<GLint>(source.size());
  glShaderSource(shader, 1, &text, &length);
  glCompileShader(shader);
  if (const auto log = failure_log(shader, GL_COMPILE_STATUS, glGetShaderiv, glGetShaderInfoLog)) {
    glDeleteShader(shader);
    throw_internal("shaders/" + std::string(file), "does not compile: " + *log);
  }
  return shader;
}

}  // namespace

ShaderProgram::ShaderProgram(std::string_view vertex, std::string_view fragment)
    : name_(std::string(vertex) + " + " + std::string(fragment)) {
  const GLuint vs = compile(GL_VERTEX_SHADER, vertex);
  GLuint fs = 0;
  try {
    fs = compile(GL_FRAGMENT_SHADER, fragment);
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  id_ = glCreateProgram();
  glAttachShader(id_, vs);
  glAttachShader(id_, fs);
  glLinkProgram(id_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  if (const auto log = failure_log(id_, GL_LINK_STATUS, glGetProgramiv, glGetProgramInfoLog)) {
    glDeleteProgram(id_);
    throw_internal(name_, "does not link: " + *log);
  }
}

ShaderProgram::~ShaderProgram() { glDeleteProgram(id_); }

void ShaderProgram::use() const { glUseProgram(id_); }

int ShaderProgram::location(std::string_view name) {
  const std::string key(name);
  auto found = locations_.find(key);
  if (found != locations_.end()) return found->second;
  const int where = glGetUniformLocation(id_, key.c_str());
  // A uniform the GLSL compiler dropped as unused is -1; setting it is a harmless no-op.
  locations_.emplace(key, where);
  return where;
}

void ShaderProgram::set(std::string_view name, int value) { glUniform1i(location(name), value); }
void ShaderProgram::set(std::string_view name, float value) { glUniform1f(location(name), value); }
void ShaderProgram::set(std::string_view name, float x, float y) { glUniform2f(location(name), x, y); }
void ShaderProgram::set(std::string_view name, float x, float y, float z, float w) {
  glUniform4f(location(name), x, y, z, w);
}
void ShaderProgram::set(std::string_view name, int x, int y) { glUniform2i(location(name), x, y); }
void ShaderProgram::set(std::string_view name, const Rgb& color) {
  glUniform3f(location(name), color[0] / 255.0f, color[1] / 255.0f, color[2] / 255.0f);
}

}  // namespace cerebro::render
