#pragma once
// Emulation shim: GL interop is not emulated (no GL texture can back an emulated surface), so
// registering a texture always fails with cudaErrorNotSupported; the tests that need it are
// excluded (tests/cuda_emulation/README.md). The GL types are spelled as their C types.
#include <cuda_runtime_api.h>

cudaError_t cudaGraphicsGLRegisterImage(cudaGraphicsResource_t* resource, unsigned int image, unsigned int target,
                                        unsigned int flags);
