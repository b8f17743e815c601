#version 330 core
// Glyphs: coverage from the font atlas (stb_truetype) blended over the page.
uniform sampler2D u_atlas;
uniform vec3 u_color;

in vec2 v_uv;
out vec4 frag_color;

void main() {
  frag_color = vec4(u_color, texture(u_atlas, v_uv).r);
}
