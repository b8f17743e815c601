#version 330 core
// Flat colour: frames, ticks, legend swatches.
uniform vec3 u_color;

out vec4 frag_color;

void main() {
  frag_color = vec4(u_color, 1.0);
}
