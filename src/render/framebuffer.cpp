#include "render/framebuffer.hpp"

#include "core/error.hpp"
#include "render/gl.hpp"

namespace cerebro::render {

Framebuffer::Framebuffer(int width, int height) : width_(width), height_(height) {
  GLint largest = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &largest);
  if (width <= 0 || height <= 0 || width > largest || height > largest) {
    throw_bad_input("--size", "a " + std::to_string(width) + "x" + std::to_string(height) +
                                  " page does not fit this GPU (largest side " + std::to_string(largest) + ")");
  }
  GLuint ids[1] = {0};
  glGenRenderbuffers(1, ids);
  color_ = ids[0];
  glBindRenderbuffer(GL_RENDERBUFFER, color_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glGenFramebuffers(1, ids);
  framebuffer_ = ids[0];
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    throw_internal("OpenGL", "the offscreen framebuffer is incomplete");
  }
  check_gl("creating the offscreen framebuffer");
}

Framebuffer::~Framebuffer() {
  GLuint framebuffer = framebuffer_;
  GLuint color = color_;
  glDeleteFramebuffers(1, &framebuffer);
  glDeleteRenderbuffers(1, &color);
}

void Framebuffer::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glViewport(0, 0, width_, height_);
}

void Framebuffer::read_rgba(std::vector<uint8_t>& rgba) const {
  rgba.resize(static_cast<size_t>(width_) * static_cast<size_t>(height_) * 4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  check_gl("reading the page back");
}

}  // namespace cerebro::render
