#pragma once
// 2-D textures. Every raw GL texture call of the project lives in texture.cpp (as Tracy keeps
// them in TracyTexture.cpp), so the formats, filters and unpack rules are decided in one place.
#include <cstdint>

namespace cerebro::render {

enum class TextureFormat {
  R32F,   // layer values: exact floats, sampled with texelFetch (no filtering)
  RGBA8,  // colormap tables: 256 x 1, GL_NEAREST, never blended between entries
  R8,     // glyph atlas coverage: GL_LINEAR so oversampled glyphs place at sub-pixel offsets
};

class Texture {
 public:
  Texture(TextureFormat format, int width, int height);
  ~Texture();
  Texture(Texture&& other) noexcept;
  Texture& operator=(Texture&& other) noexcept;
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  // Replaces the whole image: width x height texels, rows in order, tightly packed (floats for
  // R32F, RGBA bytes for RGBA8, bytes for R8).
  void upload(const void* texels);
  // Reads the whole image back into `texels` (the layout upload takes): exact for R32F.
  void read(void* texels) const;
  void bind(int unit) const;

  int width() const { return width_; }
  int height() const { return height_; }
  TextureFormat format() const { return format_; }
  // The GL name, for ImGui::Image (the live view shows the input pattern with it).
  unsigned id() const { return id_; }

 private:
  unsigned id_ = 0;
  TextureFormat format_ = TextureFormat::R32F;
  int width_ = 0;
  int height_ = 0;
};

}  // namespace cerebro::render
