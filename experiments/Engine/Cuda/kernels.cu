// kernels.cu — the one translation unit of babylm's CUDA kernels: clang builds it to the PTX module
// the CUDA backend loads (BabyLm.Engine.csproj), the emulator tests and the fake driver include it.
// Every entry point is `extern "C"`, so its PTX name is its C name.
#include "attention.cu"
#include "layers.cu"
#include "loss.cu"
#include "optim.cu"
#include "gemm.cu"
