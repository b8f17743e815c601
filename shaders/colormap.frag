#version 330 core
// A layer's values to colours, as matplotlib's imshow draws them: value -> t through the cell's
// [lo, hi] -> entry min(floor(t * 256), 255) of the colormap table, no blending between entries
// (https://matplotlib.org/stable/api/_as_gen/matplotlib.colors.Colormap.html). Nearest texel:
// the texel is picked from the pixel centre (gl_FragCoord), not from an interpolated coordinate,
// so the test can predict every pixel exactly.
uniform sampler2D u_values; // R32F, cols x rows, row 0 = the map's top row
uniform sampler2D u_lut;    // RGBA8, 256 x 1
uniform vec4 u_rect;        // the image in page pixels: x, y, w, h
uniform ivec2 u_size;       // texels: cols, rows
uniform int u_count;        // texels holding values; the rest pad a wrapped strip
uniform float u_lo;
uniform float u_hi;
uniform float u_page_height;
uniform bool u_top_down;
uniform vec3 u_nan_color;
uniform vec3 u_pos_inf_color;
uniform vec3 u_neg_inf_color;
uniform vec3 u_background;

out vec4 frag_color;

void main() {
  float y = u_top_down ? gl_FragCoord.y : u_page_height - gl_FragCoord.y;
  vec2 p = vec2(gl_FragCoord.x, y) - u_rect.xy;
  ivec2 texel = clamp(ivec2(floor(p * vec2(u_size) / u_rect.zw)), ivec2(0), u_size - 1);
  if (texel.y * u_size.x + texel.x >= u_count) {
    frag_color = vec4(u_background, 1.0);
    return;
  }
  float v = texelFetch(u_values, texel, 0).r;
  if (isnan(v)) {
    frag_color = vec4(u_nan_color, 1.0);
  } else if (isinf(v)) {
    frag_color = vec4(v > 0.0 ? u_pos_inf_color : u_neg_inf_color, 1.0);
  } else {
    // matplotlib's Normalize maps everything to 0 when vmin == vmax.
    float t = u_hi > u_lo ? clamp((v - u_lo) / (u_hi - u_lo), 0.0, 1.0) : 0.0;
    int index = min(int(floor(t * 256.0)), 255);
    frag_color = vec4(texelFetch(u_lut, ivec2(index, 0), 0).rgb, 1.0);
  }
}
