// cerebro: shows how a pattern passes through a trained network, layer by layer.
#include <csignal>
#include <iostream>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"

int main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) a write would kill the process with SIGXFSZ and no word;
  // ignored, the write fails with EFBIG and is reported in one line naming the file, as a full
  // disk is (and an export is marked incomplete).
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App cli{"cerebro: see every layer of a Keras model at work"};
  cerebro::app::add_all_commands(cli);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::Success& done) {  // --help, --version
    return cli.exit(done);
  } catch (const CLI::ParseError& wrong) {
    // CLI11's own report is two lines; a wrong option is a bad input like any other: one line.
    std::cerr << "cerebro: " << cerebro::printable(wrong.what()) << " (cerebro --help lists the options)\n";
    return 2;
  } catch (const cerebro::Error& error) {
    std::cerr << "cerebro: " << cerebro::printable(error.what()) << '\n';
    return cerebro::exit_code_for(error.kind());
  } catch (const std::bad_alloc&) {
    std::cerr << "cerebro: out of memory\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "cerebro: internal error: " << cerebro::printable(error.what()) << '\n';
    return 1;
  }
  return 0;
}
