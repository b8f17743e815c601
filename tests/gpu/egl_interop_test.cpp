// The headless GPU render path end to end: an OpenGL 3.3 core context on the NVIDIA GPU through the
// EGL device platform (no X, no window), an R32F texture registered with CUDA, written by CUDA on a
// stream, read back by GL bit for bit. This is how compute publishes a layer into a render target.
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/glcorearb.h>
// glcorearb.h already declares the GL types; this keeps cuda_gl_interop.h from adding the legacy
// <GL/gl.h> on top of it (the two headers clash).
#define __gl_h_
#include <cuda_gl_interop.h>
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "gpu/gpu_test_util.hpp"

namespace {

using cerebro::testing::DeviceBuffer;

std::string egl_error() {
  char text[32];
  std::snprintf(text, sizeof text, "EGL error 0x%04x", static_cast<unsigned>(eglGetError()));
  return text;
}

// Extension strings are space-separated names; match whole names only.
bool has_extension(const char* list, const std::string& name) {
  if (list == nullptr) return false;
  std::istringstream words(list);
  std::string word;
  while (words >> word) {
    if (word == name) return true;
  }
  return false;
}

template <typename F>
class OnExit {
 public:
  explicit OnExit(F f) : f_(std::move(f)) {}
  ~OnExit() { f_(); }
  OnExit(const OnExit&) = delete;
  OnExit& operator=(const OnExit&) = delete;

 private:
  F f_;
};

// The few GL entry points the test needs, loaded through eglGetProcAddress (EGL 1.5 returns core
// functions too). The project has no GL loader yet.
struct Gl {
  PFNGLGETSTRINGPROC GetString = nullptr;
  PFNGLGETINTEGERVPROC GetIntegerv = nullptr;
  PFNGLGETERRORPROC GetError = nullptr;
  PFNGLGENTEXTURESPROC GenTextures = nullptr;
  PFNGLDELETETEXTURESPROC DeleteTextures = nullptr;
  PFNGLBINDTEXTUREPROC BindTexture = nullptr;
  PFNGLTEXPARAMETERIPROC TexParameteri = nullptr;
  PFNGLTEXIMAGE2DPROC TexImage2D = nullptr;
  PFNGLGETTEXIMAGEPROC GetTexImage = nullptr;
  PFNGLPIXELSTOREIPROC PixelStorei = nullptr;

  // Returns the names it could not load, space-separated; empty when all loaded.
  std::string load() {
    std::string missing;
    auto get = [&missing](auto& function, const char* name) {
      function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(eglGetProcAddress(name));
      if (function == nullptr) missing += std::string(" ") + name;
    };
    get(GetString, "glGetString");
    get(GetIntegerv, "glGetIntegerv");
    get(GetError, "glGetError");
    get(GenTextures, "glGenTextures");
    get(DeleteTextures, "glDeleteTextures");
    get(BindTexture, "glBindTexture");
    get(TexParameteri, "glTexParameteri");
    get(TexImage2D, "glTexImage2D");
    get(GetTexImage, "glGetTexImage");
    get(PixelStorei, "glPixelStorei");
    return missing;
  }
};

template <typename F>
F egl_function(const char* name) {
  return reinterpret_cast<F>(eglGetProcAddress(name));
}

// An EGL display on the EGL device that drives CUDA device 0.
EGLDisplay open_cuda_device_display() {
  const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  std::printf("EGL client extensions: %s\n", client != nullptr ? client : "(none)");
  const bool device_base =
      has_extension(client, "EGL_EXT_device_base") ||
      (has_extension(client, "EGL_EXT_device_enumeration") && has_extension(client, "EGL_EXT_device_query"));
  EXPECT_TRUE(device_base && has_extension(client, "EGL_EXT_platform_device"))
      << "this EGL cannot enumerate devices (EGL_EXT_device_base, EGL_EXT_platform_device): is libEGL "
         "GLVND with NVIDIA's vendor library?";
  const auto query_devices = egl_function<PFNEGLQUERYDEVICESEXTPROC>("eglQueryDevicesEXT");
  const auto query_string = egl_function<PFNEGLQUERYDEVICESTRINGEXTPROC>("eglQueryDeviceStringEXT");
  const auto query_attrib = egl_function<PFNEGLQUERYDEVICEATTRIBEXTPROC>("eglQueryDeviceAttribEXT");
  const auto platform_display = egl_function<PFNEGLGETPLATFORMDISPLAYEXTPROC>("eglGetPlatformDisplayEXT");
  if (query_devices == nullptr || query_string == nullptr || query_attrib == nullptr || platform_display == nullptr) {
    ADD_FAILURE() << "EGL device functions missing from eglGetProcAddress";
    return EGL_NO_DISPLAY;
  }

  EGLDeviceEXT devices[16] = {};
  EGLint count = 0;
  if (!query_devices(16, devices, &count)) {
    ADD_FAILURE() << "eglQueryDevicesEXT failed: " << egl_error();
    return EGL_NO_DISPLAY;
  }
  EGLDeviceEXT chosen = EGL_NO_DEVICE_EXT;
  for (EGLint i = 0; i < count; ++i) {
    const char* extensions = query_string(devices[i], EGL_EXTENSIONS);
    EGLAttrib cuda_device = -1;
    if (has_extension(extensions, "EGL_NV_device_cuda") &&
        !query_attrib(devices[i], EGL_CUDA_DEVICE_NV, &cuda_device)) {
      cuda_device = -1;
    }
    const char* drm =
        has_extension(extensions, "EGL_EXT_device_drm") ? query_string(devices[i], EGL_DRM_DEVICE_FILE_EXT) : nullptr;
    std::printf("EGL device %d: CUDA device %ld, DRM file %s, extensions: %s\n", i, static_cast<long>(cuda_device),
                drm != nullptr ? drm : "-", extensions != nullptr ? extensions : "-");
    if (cuda_device == 0 && chosen == EGL_NO_DEVICE_EXT) chosen = devices[i];
  }
  if (chosen == EGL_NO_DEVICE_EXT) {
    ADD_FAILURE() << count << " EGL device(s), none with EGL_CUDA_DEVICE_NV = 0 (EGL_NV_device_cuda): "
                  << "NVIDIA's EGL vendor library is not in use (GLVND vendor file?)";
    return EGL_NO_DISPLAY;
  }
  const EGLDisplay display = platform_display(EGL_PLATFORM_DEVICE_EXT, chosen, nullptr);
  if (display == EGL_NO_DISPLAY) ADD_FAILURE() << "eglGetPlatformDisplayEXT failed: " << egl_error();
  return display;
}

class EglInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    CEREBRO_REQUIRE_GPU();
    ASSERT_CUDA(cudaSetDevice(0));
    ASSERT_CUDA(cudaFree(nullptr));  // creates the primary context before GL meets CUDA
    display_ = open_cuda_device_display();
    ASSERT_NE(display_, EGL_NO_DISPLAY);
    ASSERT_NO_FATAL_FAILURE(create_context());
    const std::string missing = gl_.load();
    ASSERT_TRUE(missing.empty()) << "GL functions eglGetProcAddress did not return:" << missing;
    ASSERT_CUDA(cudaStreamCreate(&stream_));
  }

  void TearDown() override {
    if (stream_ != nullptr) {
      EXPECT_CUDA(cudaStreamDestroy(stream_));
    }
    if (display_ == EGL_NO_DISPLAY) return;
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (context_ != EGL_NO_CONTEXT) eglDestroyContext(display_, context_);
    eglTerminate(display_);
    eglReleaseThread();
  }

  // Desktop GL 3.3 core, no surface at all (EGL_KHR_surfaceless_context): we render to textures.
  void create_context() {
    EGLint major = 0;
    EGLint minor = 0;
    ASSERT_TRUE(eglInitialize(display_, &major, &minor)) << "eglInitialize: " << egl_error();
    const char* extensions = eglQueryString(display_, EGL_EXTENSIONS);
    std::printf("EGL %d.%d, vendor %s\n", major, minor, eglQueryString(display_, EGL_VENDOR));
    ASSERT_TRUE(has_extension(extensions, "EGL_KHR_surfaceless_context"))
        << "EGL_KHR_surfaceless_context missing: " << extensions;
    ASSERT_TRUE(eglBindAPI(EGL_OPENGL_API)) << "eglBindAPI(EGL_OPENGL_API): " << egl_error();

    // The device platform offers pbuffer configs only; the default EGL_SURFACE_TYPE (window) would
    // match none.
    const EGLint config_attributes[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                                        EGL_NONE};
    EGLConfig config = nullptr;
    EGLint configs = 0;
    ASSERT_TRUE(eglChooseConfig(display_, config_attributes, &config, 1, &configs)) << egl_error();
    if (configs == 0) {
      ASSERT_TRUE(has_extension(extensions, "EGL_KHR_no_config_context")) << "no EGL config for OpenGL";
      config = EGL_NO_CONFIG_KHR;
    }
    const EGLint context_attributes[] = {
        EGL_CONTEXT_MAJOR_VERSION,           3,       EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
        EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    context_ = eglCreateContext(display_, config, EGL_NO_CONTEXT, context_attributes);
    ASSERT_NE(context_, EGL_NO_CONTEXT) << "eglCreateContext (GL 3.3 core): " << egl_error();
    ASSERT_TRUE(eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_))
        << "eglMakeCurrent without a surface: " << egl_error();
  }

  std::string gl_string(GLenum name) const {
    const GLubyte* text = gl_.GetString(name);
    return text != nullptr ? reinterpret_cast<const char*>(text) : "(null)";
  }

  EGLDisplay display_ = EGL_NO_DISPLAY;
  EGLContext context_ = EGL_NO_CONTEXT;
  cudaStream_t stream_ = nullptr;
  Gl gl_;
};

TEST_F(EglInterop, ContextIsGl33CoreOnCudaDevice0) {
  GLint major = 0;
  GLint minor = 0;
  gl_.GetIntegerv(GL_MAJOR_VERSION, &major);
  gl_.GetIntegerv(GL_MINOR_VERSION, &minor);
  const std::string vendor = gl_string(GL_VENDOR);
  std::printf("GL vendor %s, renderer %s, version %s\n", vendor.c_str(), gl_string(GL_RENDERER).c_str(),
              gl_string(GL_VERSION).c_str());
  EXPECT_GE(major * 10 + minor, 33) << "need OpenGL 3.3 core";
  EXPECT_NE(vendor.find("NVIDIA"), std::string::npos) << "the GL context is not on the NVIDIA driver";

  // The CUDA devices that back the current GL context: device 0 must be among them, or interop
  // registration would fail (or copy through the host).
  unsigned int count = 0;
  int devices[8] = {};
  ASSERT_CUDA(cudaGLGetDevices(&count, devices, 8, cudaGLDeviceListAll));
  std::printf("CUDA devices behind the GL context: %u, first %d\n", count, count > 0 ? devices[0] : -1);
  ASSERT_GE(count, 1u);
  EXPECT_EQ(devices[0], 0);
}

constexpr int kWidth = 97;  // odd sizes: rows of 388 bytes, so any pitch mistake shows
constexpr int kHeight = 61;

// Checks the mapped array is what GL allocated for R32F, and that CUDA can make a surface of it
// (the form compute's publish kernel will write through).
void check_mapped_array(cudaArray_t array) {
  cudaChannelFormatDesc format{};
  cudaExtent extent{};
  unsigned int flags = 0;
  ASSERT_CUDA(cudaArrayGetInfo(&format, &extent, &flags, array));
  EXPECT_EQ(format.f, cudaChannelFormatKindFloat);
  EXPECT_EQ(format.x, 32);
  EXPECT_EQ(format.y + format.z + format.w, 0);
  EXPECT_EQ(extent.width, static_cast<size_t>(kWidth));
  EXPECT_EQ(extent.height, static_cast<size_t>(kHeight));
  cudaResourceDesc resource{};
  resource.resType = cudaResourceTypeArray;
  resource.res.array.array = array;
  cudaSurfaceObject_t surface = 0;
  ASSERT_CUDA(cudaCreateSurfaceObject(&surface, &resource));
  EXPECT_CUDA(cudaDestroySurfaceObject(surface));
}

std::vector<float> frame_values(int frame) {
  std::vector<float> values(static_cast<size_t>(kWidth) * kHeight);
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      // Exactly representable, signed, different every frame.
      const int i = y * kWidth + x;
      values[static_cast<size_t>(i)] = static_cast<float>(frame * 100000 + i) * ((x + y) % 2 ? -0.5f : 0.25f);
    }
  }
  return values;
}

TEST_F(EglInterop, CudaWritesIntoAnR32fTextureThatGlReadsBackExactly) {
  GLuint texture = 0;
  gl_.GenTextures(1, &texture);
  OnExit delete_texture([&] { gl_.DeleteTextures(1, &texture); });
  gl_.BindTexture(GL_TEXTURE_2D, texture);
  gl_.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  gl_.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  const std::vector<float> sentinel(static_cast<size_t>(kWidth) * kHeight, -7.0f);
  gl_.TexImage2D(GL_TEXTURE_2D, 0, GL_R32F, kWidth, kHeight, 0, GL_RED, GL_FLOAT, sentinel.data());
  gl_.PixelStorei(GL_PACK_ALIGNMENT, 1);
  ASSERT_EQ(gl_.GetError(), static_cast<GLenum>(GL_NO_ERROR)) << "creating the R32F texture";

  cudaGraphicsResource_t resource = nullptr;
  ASSERT_CUDA(
      cudaGraphicsGLRegisterImage(&resource, texture, GL_TEXTURE_2D, cudaGraphicsRegisterFlagsSurfaceLoadStore));
  OnExit unregister([&] { EXPECT_CUDA(cudaGraphicsUnregisterResource(resource)); });
  DeviceBuffer<float> staging;
  ASSERT_CUDA(staging.allocate(sentinel.size()));
  constexpr size_t row_bytes = kWidth * sizeof(float);

  // Map, write, unmap on the stream each frame, as the renderer will (never left mapped).
  for (int frame = 0; frame < 3; ++frame) {
    const std::vector<float> values = frame_values(frame);
    ASSERT_CUDA(cudaMemcpyAsync(staging.get(), values.data(), staging.bytes(), cudaMemcpyHostToDevice, stream_));
    const auto start = std::chrono::steady_clock::now();
    ASSERT_CUDA(cudaGraphicsMapResources(1, &resource, stream_));
    cudaArray_t array = nullptr;
    ASSERT_CUDA(cudaGraphicsSubResourceGetMappedArray(&array, resource, 0, 0));
    if (frame == 0) {
      ASSERT_NO_FATAL_FAILURE(check_mapped_array(array));
    }
    ASSERT_CUDA(cudaMemcpy2DToArrayAsync(array, 0, 0, staging.get(), row_bytes, row_bytes, kHeight,
                                         cudaMemcpyDeviceToDevice, stream_));
    ASSERT_CUDA(cudaGraphicsUnmapResources(1, &resource, stream_));
    const auto unmapped = std::chrono::steady_clock::now();

    // No host synchronisation on purpose: unmapping orders the stream's work before any GL
    // command issued after it (cudaGraphicsUnmapResources in the CUDA runtime API reference).
    std::vector<float> back(values.size(), 0.0f);
    gl_.GetTexImage(GL_TEXTURE_2D, 0, GL_RED, GL_FLOAT, back.data());
    ASSERT_EQ(gl_.GetError(), static_cast<GLenum>(GL_NO_ERROR)) << "glGetTexImage";
    size_t mismatches = 0;
    size_t first = 0;
    for (size_t i = 0; i < values.size(); ++i) {
      if (std::memcmp(&values[i], &back[i], sizeof(float)) != 0 && mismatches++ == 0) first = i;
    }
    std::printf("frame %d: %dx%d R32F written by CUDA (map+copy+unmap %.0f us), read by GL: %zu mismatches\n", frame,
                kWidth, kHeight, std::chrono::duration<double, std::micro>(unmapped - start).count(), mismatches);
    ASSERT_EQ(mismatches, 0u) << "first at x=" << first % kWidth << " y=" << first / kWidth << ": GL read "
                              << back[first] << ", CUDA wrote " << values[first];
  }
}

}  // namespace
