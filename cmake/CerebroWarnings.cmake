# Warnings and sanitizers apply to our own C++ only: nvcc rejects these flags, hence the
# $<COMPILE_LANGUAGE:CXX> guards.
add_library(cerebro_warnings INTERFACE)
target_compile_options(cerebro_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${CEREBRO_WERROR}>>:-Werror>)

if(CEREBRO_SANITIZE)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-sanitize-recover=all>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-omit-frame-pointer>)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer targets (tests/fuzz/, driven by tools/fuzz-all): every file compiled gets coverage
# instrumentation and ASan + UBSan, so the module libraries the targets link are instrumented too;
# only the fuzz targets themselves link libFuzzer's main (tests/fuzz/CMakeLists.txt).
option(CEREBRO_FUZZ "Build the libFuzzer targets (clang only)" OFF)
if(CEREBRO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CEREBRO_FUZZ=ON needs clang: configure with CC=clang-14 CXX=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()
