#include "catalog.h"
#include "checks.h"
#include "commands.h"
#include "descriptor.h"
#include "output.h"
#include "provider.h"

#include <algorithm>
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace sky::cli {

namespace {

struct ValidateOptions
{
    std::vector<std::string> files;
    std::string format = "text";
    bool strict = false;
};

int runValidate(const ValidateOptions &options)
{
    std::vector<Diagnostic> all;
    int code = Fine;
    for (const std::string &file : options.files) {
        ReadResult r = readDescriptorFile(file);
        std::vector<Diagnostic> found = std::move(r.diagnostics);
        if (!r.readable) {
            code = Failed;
        } else {
            const Catalog catalog = catalogFor(r.topology, file, found, &r.sources);
            // The topology's own provider profiles, if it names any: placed
            // nodes are then judged against them (SP-PLACEMENT).
            const ProviderSet providers = loadProviders(r.topology.providers, file, found, &r.sources);
            std::vector<Diagnostic> checks = checkTopology(r.topology, catalog, r.sources, file,
                                                           r.topology.providers.empty() ? nullptr : &providers);
            found.insert(found.end(), std::make_move_iterator(checks.begin()), std::make_move_iterator(checks.end()));
            sortByLocation(found);
            const bool warnings = std::any_of(found.begin(), found.end(), [](const Diagnostic &d) {
                return d.severity == Severity::Warning;
            });
            if (hasErrors(found) || (options.strict && warnings))
                code = std::max(code, int(Found));
        }
        all.insert(all.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    if (options.format == "json") {
        printJson(std::cout, options.files, all);
    } else if (options.format == "sarif") {
        printSarif(std::cout, all, SKYPLAN_VERSION);
    } else {
        printText(std::cout, all);
        if (all.empty())
            std::cerr << options.files.size() << (options.files.size() == 1 ? " file" : " files")
                      << " checked: no problems\n";
    }
    return code;
}

} // namespace

void addValidateCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<ValidateOptions>();
    auto *cmd = app.add_subcommand("validate", "Check topologies and print their problems");
    cmd->add_option("files", options->files, "Topology files (*.sky.yaml)")->required();
    cmd->add_option("--format", options->format, "Output format: text, json or sarif (SARIF 2.1.0)")
        ->check(CLI::IsMember({"text", "json", "sarif"}));
    cmd->add_flag("--strict", options->strict, "Exit 1 on warnings too");
    cmd->callback([options, &exitCode] { exitCode = runValidate(*options); });
}

} // namespace sky::cli
