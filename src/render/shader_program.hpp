#pragma once
// A linked GLSL program from the embedded shaders/ sources, with uniform setters by name.
#include <string>
#include <string_view>
#include <unordered_map>

#include "render/colormap.hpp"

namespace cerebro::render {

class ShaderProgram {
 public:
  // Compiles shaders/<vertex> and shaders/<fragment>; an Internal error carries the GLSL log.
  ShaderProgram(std::string_view vertex, std::string_view fragment);
  ~ShaderProgram();
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;

  void use() const;
  void set(std::string_view name, int value);
  void set(std::string_view name, float value);
  void set(std::string_view name, float x, float y);
  void set(std::string_view name, float x, float y, float z, float w);
  void set(std::string_view name, int x, int y);
  void set(std::string_view name, const Rgb& color);

 private:
  int location(std::string_view name);

  unsigned id_ = 0;
  std::string name_;
  std::unordered_map<std::string, int> locations_;
};

}  // namespace cerebro::render
