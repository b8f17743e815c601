# cmake -DOUT=file.cpp -DFILES="a.vert;b.frag" -P embed_shaders.cmake
# Writes a C++ file defining cerebro::render::embedded_shader(name) over the files' text.
set(body "")
foreach(file IN LISTS FILES)
  get_filename_component(name ${file} NAME)
  file(READ ${file} text)
  string(APPEND body "    {\"${name}\", R\"glsl(${text})glsl\"},\n")
endforeach()
file(WRITE ${OUT}.tmp
"// Generated from shaders/ by src/render/embed_shaders.cmake: do not edit.
#include <string_view>
#include <utility>

namespace cerebro::render {

std::string_view embedded_shader(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kShaders[] = {
${body}  };
  for (const auto& [file, text] : kShaders) {
    if (file == name) return text;
  }
  return {};
}

}  // namespace cerebro::render
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
