#pragma once
// `cerebro capture --state FILE`, FILE being either
// - a viewer screenshot's JSON sidecar: draws again the page the screenshot shows (model, pattern,
//   grid, size, threshold, colormap, normalisation, layers), through the same renderer; OUT/<page_file>
//   then equals the screenshot pixel for pixel; or
// - a capture's capture.json: the whole capture again (every input's patterns, opened as recorded),
//   each OUT page equal to the recorded one pixel for pixel.
#include <filesystem>
#include <string>

namespace cerebro::app {

// Writes the pages into `out` and prints what they reproduce.
void capture_from_state(const std::filesystem::path& state, const std::filesystem::path& out,
                        const std::string& backend, unsigned threads);

}  // namespace cerebro::app
