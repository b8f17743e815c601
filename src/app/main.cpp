// cerebro: shows how a pattern passes through a trained network, layer by layer.
#include <iostream>

#include "app/commands.hpp"
#include "core/error.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"cerebro: see every layer of a Keras model at work"};
  cerebro::app::add_all_commands(cli);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::Success& done) {  // --help, --version
    return cli.exit(done);
  } catch (const CLI::ParseError& wrong) {
    cli.exit(wrong);
    return 2;
  } catch (const cerebro::Error& error) {
    std::cerr << "cerebro: " << error.what() << '\n';
    return cerebro::exit_code_for(error.kind());
  } catch (const std::bad_alloc&) {
    std::cerr << "cerebro: out of memory\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "cerebro: internal error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
