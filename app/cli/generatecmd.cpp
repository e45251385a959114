#include "catalog.h"
#include "commands.h"
#include "descriptor.h"
#include "generator.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace sky::cli {

void addGenerateCommand(CLI::App &app, int &exitCode)
{
    struct Options
    {
        GeneratorOptions generator;
        std::string output;
    };
    auto options = std::make_shared<Options>();
    auto *cmd = app.add_subcommand("generate", "Write a generated layered topology (for tests and benchmarks)");
    cmd->add_option("--nodes", options->generator.nodes, "Number of nodes")->check(CLI::Range(1, 1'000'000));
    cmd->add_option("--links-per-node", options->generator.linksPerNode, "Links per node")->check(CLI::Range(0.0, 10.0));
    cmd->add_option("--seed", options->generator.seed, "Random seed (same seed, same topology)");
    cmd->add_option("-o,--output", options->output, "Output file (default: standard output)");
    cmd->callback([options, &exitCode] {
        const Topology t = generateTopology(Catalog::builtin(), options->generator);
        if (options->output.empty()) {
            std::cout << writeDescriptor(t);
            exitCode = Fine;
            return;
        }
        std::string error;
        if (!saveDescriptor(t, options->output, error)) {
            std::cerr << options->output << ": error: " << error << " [SP-IO]\n";
            exitCode = Failed;
            return;
        }
        exitCode = Fine;
    });
}

} // namespace sky::cli
