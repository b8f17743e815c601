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
