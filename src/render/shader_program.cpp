#include "render/shader_program.hpp"

#include <vector>

#include "core/error.hpp"
#include "render/gl.hpp"

namespace cerebro::render {
namespace {

GLuint compile(GLenum stage, std::string_view file) {
  const std::string_view source = embedded_shader(file);
  if (source.empty()) throw_internal("shaders/" + std::string(file), "not embedded in this build");
  const GLuint shader = glCreateShader(stage);
  const char* text = source.data();
  const GLint length = static_cast<GLint>(source.size());
  glShaderSource(shader, 1, &text, &length);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    GLint size = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &size);
    std::vector<char> log(static_cast<size_t>(std::max(size, 1)));
    glGetShaderInfoLog(shader, size, nullptr, log.data());
    glDeleteShader(shader);
    throw_internal("shaders/" + std::string(file), "does not compile: " + std::string(log.data()));
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
  GLint ok = GL_FALSE;
  glGetProgramiv(id_, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    GLint size = 0;
    glGetProgramiv(id_, GL_INFO_LOG_LENGTH, &size);
    std::vector<char> log(static_cast<size_t>(std::max(size, 1)));
    glGetProgramInfoLog(id_, size, nullptr, log.data());
    glDeleteProgram(id_);
    throw_internal(name_, "does not link: " + std::string(log.data()));
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
