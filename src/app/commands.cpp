#include "app/commands.hpp"

#include "compute/backend.hpp"

namespace cerebro::app {

std::string version_line() {
  std::string line = std::string("cerebro ") + CEREBRO_VERSION + " (CUDA support " +
                     (compute::cuda_compiled_in() ? "compiled in" : "not compiled in") + ")";
  if (!compute::cuda_compiled_in()) return line;
  const compute::GpuStatus gpu = compute::cuda_gpu_status();
  if (gpu.description.empty()) return line + " no usable GPU (" + gpu.why + "), backend auto = cpu";
  return line + " GPU " + gpu.description + ", backend auto = cuda";
}

void add_all_commands(CLI::App& cli) {
  // A function: probing the GPU costs a CUDA context, paid only when --version is asked for.
  cli.set_version_flag("--version", std::function<std::string()>(version_line));
  compute::set_gpu_fallback_notice(compute::GpuFallbackNotice::WhenInteractive);
  cli.require_subcommand(1);
  add_summary_command(cli);
  add_export_command(cli);
  add_capture_command(cli);
  add_view_command(cli);
}

}  // namespace cerebro::app
