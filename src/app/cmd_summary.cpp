#include <iostream>

#include "app/commands.hpp"
#include "io/model_loader.hpp"
#include "model/summary.hpp"

namespace cerebro::app {

void add_summary_command(CLI::App& cli) {
  auto* command = cli.add_subcommand("summary", "Print a table of the model's layers, like Keras' model.summary()");
  auto model_path = std::make_shared<std::string>();
  command->add_option("MODEL", *model_path, "Keras model file (.h5)")->required();
  command->callback([model_path] {
    const model::Graph graph = io::load_model(*model_path);
    std::cout << model::summary_table(graph);
  });
}

}  // namespace cerebro::app
