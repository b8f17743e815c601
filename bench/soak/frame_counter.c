/* Counts the viewer's frames from outside, for the soak: an LD_PRELOAD shim around
 * glfwSwapBuffers (cerebro links GLFW as a shared library, so its call goes through the PLT and
 * lands here first). After every swap it writes "PID FRAMES" at the start of the file named by
 * $SOAK_FRAMES_FILE. Playing without --rate, the viewer computes one new pattern per frame, so
 * FRAMES is also the number of patterns that went through the model.
 *
 *   cc -O2 -shared -fPIC -o frame_counter.so frame_counter.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct GLFWwindow GLFWwindow;
typedef void (*SwapFunction)(GLFWwindow*);

static long frames;
static int fd = -1;

void glfwSwapBuffers(GLFWwindow* window) {
  static SwapFunction real;
  if (real == NULL) real = (SwapFunction)dlsym(RTLD_NEXT, "glfwSwapBuffers");
  real(window);
  ++frames;
  if (fd < 0) {
    const char* path = getenv("SOAK_FRAMES_FILE");
    if (path == NULL) return;
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
  }
  char line[64];
  /* Fixed width, so a shorter number never leaves digits of a longer one behind. */
  const int n = snprintf(line, sizeof line, "%20ld %20ld\n", (long)getpid(), frames);
  if (pwrite(fd, line, (size_t)n, 0) != n) return;
}
