#include "commands.h"
#include "formats.h"
#include "output.h"

#include "atomicfile.h"
#include "catalog.h"
#include "descriptor.h"
#include "format.h"
#include "yamltree.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

namespace sky::cli {

namespace {

struct ImportOptions
{
    std::string file;
    std::string format;
    std::string output;
};

int runImport(const ImportOptions &options)
{
    const Format *format = formats().find(options.format);
    if (!format || !format->canRead()) {
        std::cerr << "skyplan import: unknown format '" << options.format << "' (formats: "
                  << formats().names(true, false) << ")\n";
        return Failed;
    }
    if (outputIsInput("import", options.file, options.output))
        return Failed;
    std::string text, error;
    if (!readFile(options.file, text, error)) {
        std::cerr << options.file << ": error: " << error << " [SP-IO]\n";
        return Failed;
    }
    Topology topology;
    std::vector<Diagnostic> diagnostics;
    const bool ok = format->read(text, options.file, Catalog::builtin(), topology, diagnostics);
    sortByLocation(diagnostics);
    printText(std::cerr, diagnostics);
    if (!ok || hasErrors(diagnostics)) {
        std::cerr << options.file << ": not imported: fix the errors above\n";
        return Failed;
    }
    if (topology.name.empty()) {
        std::string stem = std::filesystem::path(options.file).filename().string();
        topology.name = stem.substr(0, stem.find('.'));
    }
    if (options.output.empty() || options.output == "-") {
        std::cout << writeDescriptor(topology);
        return Fine;
    }
    if (!saveDescriptor(topology, options.output, error)) {
        std::cerr << options.output << ": error: " << error << " [SP-IO]\n";
        return Failed;
    }
    std::cerr << "imported " << topology.nodes.size() << " nodes and " << topology.links.size()
              << " links into " << options.output << '\n';
    return Fine;
}

} // namespace

void addImportCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<ImportOptions>();
    auto *cmd = app.add_subcommand("import", "Read another tool's descriptor into a topology (tosca, compose, kubernetes, terraform)");
    cmd->add_option("file", options->file, "File to import")->required();
    cmd->add_option("--from", options->format,
                    "Format: tosca, compose, kubernetes, terraform (*.tf.json, terraform show -json) or skyplan")
        ->required();
    cmd->add_option("-o,--output", options->output, "Topology file to write (*.sky.yaml), atomically (default: stdout)");
    cmd->callback([options, &exitCode] { exitCode = runImport(*options); });
}

} // namespace sky::cli
