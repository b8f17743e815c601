#pragma once
// A headless OpenGL 3.3 core context: no X server, no window, no GLFW. Rendering goes into
// framebuffer objects. The EGL device platform comes first; Mesa's surfaceless platform is the
// fallback (llvmpipe, as on CI).
#include <optional>
#include <string>

namespace cerebro::render {

// Which EGL device to render on. Opaque so that callers need no EGL headers.
struct EglDeviceChoice {
  void* device = nullptr;  // EGLDeviceEXT; null: no device platform here
  std::string description; // "EGL device 0 (EGL_MESA_device_software)" etc., for logs
};

// Picks the EGL device for rendering. With `preferred_cuda_device`, the device whose
// EGL_CUDA_DEVICE_NV matches it (EGL_NV_device_cuda), so CUDA-GL interop shares one GPU; else the
// first device that is hardware, else the first one. Empty device when enumeration is unavailable.
EglDeviceChoice choose_egl_device(std::optional<int> preferred_cuda_device = std::nullopt);

class EglContext {
 public:
  // Creates the display, a 3.3 core context, makes it current on this thread and loads GL through
  // glad. Throws an Internal error saying which step failed.
  explicit EglContext(std::optional<int> preferred_cuda_device = std::nullopt);
  ~EglContext();
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;

  // "OpenGL 4.5 (Core Profile) Mesa 22.3.6, llvmpipe (LLVM 15.0.6, 256 bits), EGL device platform"
  const std::string& description() const { return description_; }
  int max_texture_size() const { return max_texture_size_; }

 private:
  void* display_ = nullptr;  // EGLDisplay
  void* context_ = nullptr;  // EGLContext
  std::string description_;
  int max_texture_size_ = 0;
};

}  // namespace cerebro::render
