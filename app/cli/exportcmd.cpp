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
    std::string provider;
    std::string region;
    bool tfJson = false;
    bool kustomize = false;
    std::string k8sZones;
    bool force = false;
};

// An option given for a format that does not read it is an error, not
// silently ignored. Empty when all is well.
std::string misplacedOption(const ExportOptions &options, const std::string &format)
{
    if (!options.composeFormat.empty() && format != "compose")
        return "--compose-format applies to --to compose only";
    if ((!options.provider.empty() || !options.region.empty() || options.tfJson) && format != "terraform")
        return "--provider, --region and --tf-json apply to --to terraform only";
    if ((options.kustomize || !options.k8sZones.empty()) && format != "kubernetes")
        return "--kustomize and --k8s-zones apply to --to kubernetes only";
    return {};
}

int runExport(const ExportOptions &options)
{
    const Format *format = formats().find(options.format);
    if (!format || !format->canWrite()) {
        std::cerr << "skyplan export: unknown format '" << options.format << "' (formats: "
                  << formats().names(false, true) << ")\n";
        return Failed;
    }
    if (const std::string why = misplacedOption(options, format->name()); !why.empty()) {
        std::cerr << "skyplan export: " << why << "\n";
        return Failed;
    }
    if (outputIsInput("export", options.file, options.output))
        return Failed;
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
    writeOptions.version = options.composeFormat;
    writeOptions.provider = options.provider;
    writeOptions.region = options.region;
    writeOptions.json = options.tfJson;
    writeOptions.directory = options.kustomize;
    writeOptions.zones = options.k8sZones;
    std::string text, error;
    std::vector<Diagnostic> warnings;
    const auto printWarnings = [&] {
        for (Diagnostic &w : warnings)
            if (w.file.empty())
                w.file = options.file;
        printText(std::cerr, warnings);
    };
    if (format->writesDirectory(writeOptions)) {
        if (options.output.empty() || options.output == "-") {
            std::cerr << "skyplan export: --to " << format->name()
                      << " writes a folder of files: name it with -o FOLDER\n";
            return Failed;
        }
        std::vector<OutputFile> files;
        if (!format->writeFiles(r.topology, catalog, writeOptions, files, error, warnings)) {
            std::cerr << options.file << ": error: " << error << " [SP-EXPORT]\n";
            return Failed;
        }
        printWarnings();
        std::vector<std::pair<std::string, std::string>> named;
        named.reserve(files.size());
        for (OutputFile &f : files)
            named.emplace_back(std::move(f.name), std::move(f.text));
        if (!writeFilesIntoFolder(options.output, named, error)) {
            std::cerr << options.output << ": error: " << error << " [SP-IO]\n";
            return Failed;
        }
        std::cerr << "wrote " << named.size() << (named.size() == 1 ? " file" : " files") << " into "
                  << options.output << "/ (" << format->description() << ")\n";
        return Fine;
    }
    if (!format->writeWith(r.topology, catalog, writeOptions, text, error, warnings)) {
        std::cerr << options.file << ": error: " << error << " [SP-EXPORT]\n";
        return Failed;
    }
    printWarnings();
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
    auto *cmd = app.add_subcommand("export", "Write a topology in another tool's format");
    cmd->add_option("file", options->file, "Topology file (*.sky.yaml)")->required();
    cmd->add_option("--to", options->format, "Format: " + formats().names(false, true))->required();
    cmd->add_option("-o,--output", options->output, "Output file, written atomically (default: stdout)");
    cmd->add_flag("--force", options->force, "Export even when the topology has errors");
    cmd->add_option("--compose-format", options->composeFormat,
                    "Compose file format: spec (the Compose Specification, default) or 1.29 (version: \"3.8\", "
                    "what docker-compose 1.29 reads)")
        ->check(CLI::IsMember({"spec", "1.29"}));
    cmd->add_option("--provider", options->provider,
                    "Terraform: the provider of nodes the placement has not placed (aws or google)")
        ->check(CLI::IsMember({"aws", "google"}));
    cmd->add_option("--region", options->region, "Terraform: the region of nodes not placed (eu-west-1)");
    cmd->add_flag("--tf-json", options->tfJson, "Terraform: write *.tf.json instead of HCL");
    cmd->add_flag("--kustomize", options->kustomize,
                  "Kubernetes: a folder of manifests with a kustomization.yaml (needs -o FOLDER)");
    cmd->add_option("--k8s-zones", options->k8sZones, "Kubernetes: zones become namespaces (default) or labels")
        ->check(CLI::IsMember({"namespaces", "labels"}));
    cmd->callback([options, &exitCode] { exitCode = runExport(*options); });
}

} // namespace sky::cli
