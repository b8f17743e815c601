#pragma once
// `cerebro capture --state FILE`: draws again the page a viewer screenshot shows, from the
// screenshot's JSON sidecar (model, pattern, grid, size, threshold, colormap, normalisation,
// layers), through the same renderer; OUT/<page_file> then equals the screenshot pixel for pixel.
#include <filesystem>
#include <string>

namespace cerebro::app {

// Writes the pages of the sidecar's pattern into `out` and prints which file matches the shot.
void capture_from_state(const std::filesystem::path& state, const std::filesystem::path& out,
                        const std::string& backend, unsigned threads);

}  // namespace cerebro::app
