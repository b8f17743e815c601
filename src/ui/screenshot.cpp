#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "render/png_writer.hpp"
#include "ui/viewer.hpp"

namespace cerebro::ui {
namespace fs = std::filesystem;

fs::path config_dir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && *xdg != '\0') return fs::path(xdg) / "cerebro";
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr ? home : ".") / ".config" / "cerebro";
}

fs::path screenshot_path(const fs::path& dir, int64_t pattern) {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  fs::path path = dir / ("cerebro-" + std::string(stamp) + "-p" + std::to_string(pattern) + ".png");
  for (int k = 2; fs::exists(path); ++k) {
    path = dir / ("cerebro-" + std::string(stamp) + "-p" + std::to_string(pattern) + "-" + std::to_string(k) + ".png");
  }
  return path;
}

void write_screenshot(const fs::path& png, const std::vector<uint8_t>& rgba, int width, int height,
                      const nlohmann::json& sidecar) {
  std::error_code ec;
  if (png.has_parent_path()) fs::create_directories(png.parent_path(), ec);
  render::write_file(png, render::encode_png(rgba, width, height, render::PixelLayout::Rgba8));
  fs::path json = png;
  json += ".json";
  std::ofstream out(json);
  out << sidecar.dump(1) << '\n';
  out.close();
  if (!out) throw_bad_input(json.string(), "cannot write the screenshot's state");
}

namespace {

double status_mb(const char* key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(key) + ":";
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) return std::strtod(line.c_str() + prefix.size(), nullptr) / 1024.0;
  }
  return 0;
}

}  // namespace

double resident_mb() { return status_mb("VmRSS"); }
double peak_resident_mb() { return status_mb("VmHWM"); }

}  // namespace cerebro::ui
