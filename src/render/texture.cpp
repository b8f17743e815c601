#include "render/texture.hpp"

#include <utility>

#include "render/gl.hpp"

namespace cerebro::render {
namespace {

struct GlFormat {
  GLint internal;
  GLenum format;
  GLenum type;
  GLint filter;
};

GlFormat gl_format(TextureFormat format) {
  switch (format) {
    case TextureFormat::RGBA8: return {GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, GL_NEAREST};
    case TextureFormat::R8: return {GL_R8, GL_RED, GL_UNSIGNED_BYTE, GL_LINEAR};
    case TextureFormat::R32F: break;
  }
  // R32F is not filterable in GL 3.3 without an extension; the shader uses texelFetch anyway.
  return {GL_R32F, GL_RED, GL_FLOAT, GL_NEAREST};
}

}  // namespace

Texture::Texture(TextureFormat format, int width, int height) : format_(format), width_(width), height_(height) {
  const GlFormat f = gl_format(format);
  GLuint id = 0;
  glGenTextures(1, &id);
  id_ = id;
  glBindTexture(GL_TEXTURE_2D, id_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, f.filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, f.filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, f.internal, width, height, 0, f.format, f.type, nullptr);
  check_gl("creating a texture");
}

Texture::~Texture() {
  if (id_ != 0) {
    GLuint id = id_;
    glDeleteTextures(1, &id);
  }
}

Texture::Texture(Texture&& other) noexcept
    : id_(std::exchange(other.id_, 0u)), format_(other.format_), width_(other.width_), height_(other.height_) {}

Texture& Texture::operator=(Texture&& other) noexcept {
  if (this != &other) {
    if (id_ != 0) {
      GLuint id = id_;
      glDeleteTextures(1, &id);
    }
    id_ = std::exchange(other.id_, 0u);
    format_ = other.format_;
    width_ = other.width_;
    height_ = other.height_;
  }
  return *this;
}

void Texture::upload(const void* texels) {
  const GlFormat f = gl_format(format_);
  glBindTexture(GL_TEXTURE_2D, id_);
  // Rows of R8 and odd-width R32F images are not 4-byte aligned: unpack them tightly.
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, f.format, f.type, texels);
  check_gl("uploading a texture");
}

void Texture::read(void* texels) const {
  const GlFormat f = gl_format(format_);
  glBindTexture(GL_TEXTURE_2D, id_);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glGetTexImage(GL_TEXTURE_2D, 0, f.format, f.type, texels);
  check_gl("reading a texture back");
}

void Texture::bind(int unit) const {
  glActiveTexture(static_cast<GLenum>(GL_TEXTURE0 + unit));
  glBindTexture(GL_TEXTURE_2D, id_);
}

}  // namespace cerebro::render
