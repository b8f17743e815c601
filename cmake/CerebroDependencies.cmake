# Every dependency comes from a Debian package (scripts/install-deps installs them by name).
find_package(PkgConfig REQUIRED)

find_package(HDF5 REQUIRED COMPONENTS C)
# libzip's CMake config is broken on Debian 12; pkg-config is reliable.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_path(STB_INCLUDE_DIR stb_image_write.h PATH_SUFFIXES stb REQUIRED)
# Pattern images and IDX .gz files (libpng-dev, libjpeg-dev = libjpeg-turbo, zlib1g-dev).
find_package(PNG REQUIRED)
find_package(JPEG REQUIRED)
find_package(ZLIB REQUIRED)

# The live viewer: Debian's libimgui-dev (1.86; libimgui.a holds the GLFW and OpenGL3 backends,
# pkg-config orders -limgui -lstb) and libglfw3-dev (3.3).
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(GLFW REQUIRED IMPORTED_TARGET glfw3)

set(BLA_VENDOR OpenBLAS)
find_package(BLAS REQUIRED)
find_path(CBLAS_INCLUDE_DIR cblas.h
  PATHS /usr/include/x86_64-linux-gnu/openblas-pthread /usr/include/openblas
  NO_DEFAULT_PATH)
if(NOT CBLAS_INCLUDE_DIR)
  find_path(CBLAS_INCLUDE_DIR cblas.h REQUIRED)
endif()
add_library(cerebro_blas INTERFACE)
target_link_libraries(cerebro_blas INTERFACE ${BLAS_LIBRARIES})
target_include_directories(cerebro_blas SYSTEM INTERFACE ${CBLAS_INCLUDE_DIR})

# CUDA is optional. AUTO enables it when nvcc is found; the GPU code then builds for Turing and
# Hopper, never 'native' (that needs a GPU at build time, and CI has none).
set(CEREBRO_HAVE_CUDA OFF)
if(NOT CEREBRO_CUDA STREQUAL "OFF")
  # The toolkit's usual home, for shells whose PATH lacks it.
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX} AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(CEREBRO_HAVE_CUDA ON)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 75 90)
    endif()
  elseif(CEREBRO_CUDA STREQUAL "ON")
    message(FATAL_ERROR "CEREBRO_CUDA=ON but no CUDA compiler was found")
  endif()
endif()
message(STATUS "cerebro: CUDA backend ${CEREBRO_HAVE_CUDA}")
