#include "render/quad_batch.hpp"

#include "render/gl.hpp"

namespace cerebro::render {

QuadBatch::QuadBatch() {
  GLuint id = 0;
  glGenVertexArrays(1, &id);
  vertex_array_ = id;
  glGenBuffers(1, &id);
  buffer_ = id;
  glBindVertexArray(vertex_array_);
  glBindBuffer(GL_ARRAY_BUFFER, buffer_);
  const GLsizei stride = 4 * sizeof(float);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(2 * sizeof(float)));
  check_gl("creating the quad buffer");
}

QuadBatch::~QuadBatch() {
  GLuint id = buffer_;
  glDeleteBuffers(1, &id);
  id = vertex_array_;
  glDeleteVertexArrays(1, &id);
}

void QuadBatch::add(const Rect& r, float u0, float v0, float u1, float v1) {
  const float x0 = r.x;
  const float y0 = r.y;
  const float x1 = r.x + r.w;
  const float y1 = r.y + r.h;
  vertices_.insert(vertices_.end(), {x0, y0, u0, v0, x1, y0, u1, v0, x1, y1, u1, v1,
                                     x0, y0, u0, v0, x1, y1, u1, v1, x0, y1, u0, v1});
}

void QuadBatch::draw() {
  if (vertices_.empty()) return;
  glBindVertexArray(vertex_array_);
  glBindBuffer(GL_ARRAY_BUFFER, buffer_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices_.size() * sizeof(float)), vertices_.data(),
               GL_STREAM_DRAW);
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices_.size() / 4));
  vertices_.clear();
}

}  // namespace cerebro::render
