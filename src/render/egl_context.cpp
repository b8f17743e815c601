#include "render/egl_context.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstdio>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "render/gl.hpp"

namespace cerebro::render {
namespace {

std::string egl_error(const char* step) {
  char text[96];
  std::snprintf(text, sizeof text, "%s failed (EGL error 0x%04x)", step, static_cast<unsigned>(eglGetError()));
  return text;
}

// Extension lists are space-separated names: match whole names only.
bool has_extension(const char* list, std::string_view name) {
  if (list == nullptr) return false;
  std::istringstream words{std::string(list)};
  std::string word;
  while (words >> word) {
    if (word == name) return true;
  }
  return false;
}

template <typename F>
F egl_function(const char* name) {
  return reinterpret_cast<F>(eglGetProcAddress(name));
}

struct DeviceFunctions {
  PFNEGLQUERYDEVICESEXTPROC query_devices = egl_function<PFNEGLQUERYDEVICESEXTPROC>("eglQueryDevicesEXT");
  PFNEGLQUERYDEVICESTRINGEXTPROC query_string =
      egl_function<PFNEGLQUERYDEVICESTRINGEXTPROC>("eglQueryDeviceStringEXT");
  PFNEGLQUERYDEVICEATTRIBEXTPROC query_attrib =
      egl_function<PFNEGLQUERYDEVICEATTRIBEXTPROC>("eglQueryDeviceAttribEXT");
};

std::optional<int> cuda_device_of(const DeviceFunctions& egl, EGLDeviceEXT device) {
  if (!egl.query_attrib || !has_extension(egl.query_string(device, EGL_EXTENSIONS), "EGL_NV_device_cuda")) {
    return std::nullopt;
  }
  EGLAttrib value = 0;
  if (egl.query_attrib(device, EGL_CUDA_DEVICE_NV, &value) != EGL_TRUE) return std::nullopt;
  return static_cast<int>(value);
}

EGLDisplay open_display(const EglDeviceChoice& choice, std::string& platform) {
  const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  auto get_display = egl_function<PFNEGLGETPLATFORMDISPLAYEXTPROC>("eglGetPlatformDisplayEXT");
  if (!get_display) throw_internal("EGL", "eglGetPlatformDisplayEXT is missing (EGL_EXT_platform_base)");
  EGLint major = 0;
  EGLint minor = 0;
  if (choice.device && has_extension(client, "EGL_EXT_platform_device")) {
    EGLDisplay display = get_display(EGL_PLATFORM_DEVICE_EXT, choice.device, nullptr);
    if (display != EGL_NO_DISPLAY && eglInitialize(display, &major, &minor)) {
      platform = "EGL device platform, " + choice.description;
      return display;
    }
  }
  if (has_extension(client, "EGL_MESA_platform_surfaceless")) {
    EGLDisplay display = get_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display != EGL_NO_DISPLAY && eglInitialize(display, &major, &minor)) {
      platform = "EGL surfaceless platform (Mesa)";
      return display;
    }
  }
  throw_internal("EGL", "no headless display: neither EGL_EXT_platform_device nor EGL_MESA_platform_surfaceless "
                        "worked (install libegl-mesa0 and libgl1-mesa-dri, or an NVIDIA driver)");
}

// A config is optional for an FBO-only context where EGL_KHR_no_config_context is offered.
EGLConfig choose_config(EGLDisplay display) {
  const EGLint attributes[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
  EGLConfig config = nullptr;
  EGLint count = 0;
  if (eglChooseConfig(display, attributes, &config, 1, &count) && count > 0) return config;
  if (has_extension(eglQueryString(display, EGL_EXTENSIONS), "EGL_KHR_no_config_context")) return EGL_NO_CONFIG_KHR;
  throw_internal("EGL", "no config renders OpenGL and EGL_KHR_no_config_context is missing");
}

}  // namespace

EglDeviceChoice choose_egl_device(std::optional<int> preferred_cuda_device) {
  const DeviceFunctions egl;
  if (!egl.query_devices || !egl.query_string) return {};
  EGLint count = 0;
  if (!egl.query_devices(0, nullptr, &count) || count <= 0) return {};
  std::vector<EGLDeviceEXT> devices(static_cast<size_t>(count));
  if (!egl.query_devices(count, devices.data(), &count)) return {};
  devices.resize(static_cast<size_t>(count));

  auto describe = [&egl](EGLDeviceEXT device, size_t index) {
    const char* extensions = egl.query_string(device, EGL_EXTENSIONS);
    return "EGL device " + std::to_string(index) + " (" + (extensions ? extensions : "") + ")";
  };
  if (preferred_cuda_device) {
    for (size_t i = 0; i < devices.size(); ++i) {
      if (cuda_device_of(egl, devices[i]) == preferred_cuda_device) return {devices[i], describe(devices[i], i)};
    }
  }
  for (size_t i = 0; i < devices.size(); ++i) {
    if (!has_extension(egl.query_string(devices[i], EGL_EXTENSIONS), "EGL_MESA_device_software")) {
      return {devices[i], describe(devices[i], i)};
    }
  }
  return {devices[0], describe(devices[0], 0)};
}

EglContext::EglContext(std::optional<int> preferred_cuda_device) {
  std::string platform;
  EGLDisplay display = open_display(choose_egl_device(preferred_cuda_device), platform);
  display_ = display;
  if (!eglBindAPI(EGL_OPENGL_API)) {
    eglTerminate(display);
    throw_internal("EGL", egl_error("eglBindAPI(EGL_OPENGL_API)"));
  }
  const EGLint attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                               EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
  EGLContext context = EGL_NO_CONTEXT;
  try {
    context = eglCreateContext(display, choose_config(display), EGL_NO_CONTEXT, attributes);
  } catch (...) {
    eglTerminate(display);
    throw;
  }
  if (context == EGL_NO_CONTEXT) {
    const std::string message = egl_error("creating an OpenGL 3.3 core context");
    eglTerminate(display);
    throw_internal("EGL", message);
  }
  context_ = context;
  // Surfaceless: every draw goes into an FBO (EGL_KHR_surfaceless_context).
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context) ||
      gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress)) == 0) {
    const std::string message = egl_error("making the context current and loading OpenGL");
    eglDestroyContext(display, context);
    eglTerminate(display);
    throw_internal("EGL", message);
  }
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_texture_size_);
  description_ = std::string("OpenGL ") + reinterpret_cast<const char*>(glGetString(GL_VERSION)) + ", " +
                 reinterpret_cast<const char*>(glGetString(GL_RENDERER)) + ", " + platform;
}

EglContext::~EglContext() {
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(display_, context_);
  eglTerminate(display_);
}

}  // namespace cerebro::render
