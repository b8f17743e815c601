#pragma once
// Quads in page pixels (with texture coordinates), collected then drawn in one call.
#include <vector>

#include "render/grid_layout.hpp"

namespace cerebro::render {

class QuadBatch {
 public:
  QuadBatch();
  ~QuadBatch();
  QuadBatch(const QuadBatch&) = delete;
  QuadBatch& operator=(const QuadBatch&) = delete;

  // A quad covering `r`, with texture coordinates (u0, v0) at its top-left and (u1, v1) at its
  // bottom-right.
  void add(const Rect& r, float u0 = 0, float v0 = 0, float u1 = 1, float v1 = 1);
  bool empty() const { return vertices_.empty(); }
  // Draws every quad added (with the program and textures bound by the caller), then empties.
  void draw();

 private:
  unsigned vertex_array_ = 0;
  unsigned buffer_ = 0;
  std::vector<float> vertices_;  // x, y, u, v per vertex, two triangles per quad
};

}  // namespace cerebro::render
