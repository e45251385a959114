#include "commands.h"
#include "formats.h"
#include "output.h"

#include "atomicfile.h"
#include "catalog.h"
#include "checks.h"
#include "descriptor.h"
#include "format.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>

namespace sky::cli {

namespace {

struct ExportOptions
{
    std::string file;
    std::string format;
    std::string output;
    std::string composeFormat;
    bool force = false;
};

int runExport(const ExportOptions &options)
{
    const Format *format = formats().find(options.format);
    if (!format || !format->canWrite()) {
        std::cerr << "skyplan export: unknown format '" << options.format << "' (formats: "
                  << formats().names(false, true) << ")\n";
        return Failed;
    }
    ReadResult r = readDescriptorFile(options.file);
    std::vector<Diagnostic> found = std::move(r.diagnostics);
    if (!r.readable) {
        printText(std::cerr, found);
        std::cerr << options.file << ": not exported: the file could not be read\n";
        return Failed;
    }
    const Catalog catalog = catalogFor(r.topology, options.file, found, &r.sources);
    std::vector<Diagnostic> checks = checkTopology(r.topology, catalog, r.sources, options.file);
    found.insert(found.end(), std::make_move_iterator(checks.begin()), std::make_move_iterator(checks.end()));
    sortByLocation(found);
    const auto errors = std::count_if(found.begin(), found.end(),
                                      [](const Diagnostic &d) { return d.severity == Severity::Error; });
    if (errors > 0) {
        printText(std::cerr, found);
        if (!options.force) {
            std::cerr << options.file << ": not exported: the topology has " << errors
                      << (errors == 1 ? " error" : " errors")
                      << " (listed above); a deployment of it would fail or be unsafe. "
                         "Fix them, or pass --force to export anyway\n";
            return Found;
        }
        std::cerr << options.file << ": exporting despite " << errors << (errors == 1 ? " error" : " errors")
                  << " (--force)\n";
    }
    WriteOptions writeOptions;
    if (!options.composeFormat.empty()) {
        if (format->name() != "compose") {
            std::cerr << "skyplan export: --compose-format applies to --to compose only\n";
            return Failed;
        }
        writeOptions.version = options.composeFormat;
    }
    std::string text, error;
    std::vector<Diagnostic> warnings;
    if (!format->writeWith(r.topology, catalog, writeOptions, text, error, warnings)) {
        std::cerr << options.file << ": error: " << error << " [SP-EXPORT]\n";
        return Failed;
    }
    for (Diagnostic &w : warnings)
        if (w.file.empty())
            w.file = options.file;
    printText(std::cerr, warnings);
    if (options.output.empty() || options.output == "-") {
        std::cout << text;
        return Fine;
    }
    if (!writeFileAtomically(options.output, text, error)) {
        std::cerr << options.output << ": error: " << error << " [SP-IO]\n";
        return Failed;
    }
    std::cerr << "wrote " << options.output << " (" << format->description() << ")\n";
    return Fine;
}

} // namespace

void addExportCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<ExportOptions>();
    auto *cmd = app.add_subcommand("export", "Write a topology in another tool's format (tosca, compose, adl, dot)");
    cmd->add_option("file", options->file, "Topology file (*.sky.yaml)")->required();
    cmd->add_option("--to", options->format, "Format: tosca, compose, adl, dot or skyplan")->required();
    cmd->add_option("-o,--output", options->output, "Output file, written atomically (default: stdout)");
    cmd->add_flag("--force", options->force, "Export even when the topology has errors");
    cmd->add_option("--compose-format", options->composeFormat,
                    "Compose file format: spec (the Compose Specification, default) or 1.29 (version: \"3.8\", "
                    "what docker-compose 1.29 reads)")
        ->check(CLI::IsMember({"spec", "1.29"}));
    cmd->callback([options, &exitCode] { exitCode = runExport(*options); });
}

} // namespace sky::cli
