#version 330 core
// Every quad of a page: positions in page pixels (origin top-left, y down).
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_uv;

uniform vec2 u_page;     // page width, height in pixels
uniform bool u_top_down; // true: page row 0 lands in framebuffer row 0, so glReadPixels reads top first

out vec2 v_uv;

void main() {
  vec2 ndc = a_position / u_page * 2.0 - 1.0;
  gl_Position = vec4(ndc.x, u_top_down ? ndc.y : -ndc.y, 0.0, 1.0);
  v_uv = a_uv;
}
