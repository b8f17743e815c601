#include <iostream>

#include "app/commands.hpp"
#include "io/model_loader.hpp"
#include "model/summary.hpp"

namespace cerebro::app {

void add_summary_command(CLI::App& cli) {
  auto* command = cli.add_subcommand("summary", "Print a table of the model's layers, like Keras' model.summary()");
  auto model_path = std::make_shared<std::string>();
  auto weights_path = std::make_shared<std::string>();
  command->add_option("MODEL", *model_path, "Keras model file (.h5, .keras, or a .json architecture with --weights)")->required();
  command->add_option("--weights", *weights_path, "Weights file applied to MODEL's architecture (.h5, .weights.h5, .keras)");
  command->callback([model_path, weights_path] {
    const model::Graph graph = io::load_model(*model_path, *weights_path);
    std::cout << model::summary_table(graph);
  });
}

}  // namespace cerebro::app
