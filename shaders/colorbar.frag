#version 330 core
// A colour bar: the colormap's entries from bottom (lo, v = 1) to top (hi, v = 0), indexed as in
// colormap.frag.
uniform sampler2D u_lut;

in vec2 v_uv;
out vec4 frag_color;

void main() {
  float t = 1.0 - v_uv.y;
  int index = clamp(int(floor(t * 256.0)), 0, 255);
  frag_color = vec4(texelFetch(u_lut, ivec2(index, 0), 0).rgb, 1.0);
}
