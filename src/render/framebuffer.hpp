#pragma once
// An offscreen RGBA8 framebuffer (a renderbuffer, not a texture) that pages are drawn into and
// read back from.
#include <cstdint>
#include <vector>

namespace cerebro::render {

class Framebuffer {
 public:
  Framebuffer(int width, int height);
  ~Framebuffer();
  Framebuffer(const Framebuffer&) = delete;
  Framebuffer& operator=(const Framebuffer&) = delete;

  // Binds it for drawing and sets the viewport to the whole of it.
  void bind() const;
  // Reads the pixels back as RGBA rows, framebuffer row 0 first. RGBA, not RGB: it is the
  // renderbuffer's own layout, so llvmpipe copies instead of converting (half the time).
  void read_rgba(std::vector<uint8_t>& rgba) const;

  int width() const { return width_; }
  int height() const { return height_; }
  // The GL name, for glBlitFramebuffer into a window.
  unsigned id() const { return framebuffer_; }

 private:
  unsigned framebuffer_ = 0;
  unsigned color_ = 0;
  int width_ = 0;
  int height_ = 0;
};

}  // namespace cerebro::render
