#include "atomicfile.h"
#include "commands.h"
#include "descriptor.h"
#include "output.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <iterator>

namespace sky::cli {

namespace {

int formatOne(const std::string &file, bool check)
{
    const bool stdio = file == "-";
    std::string text, error;
    if (stdio) {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else if (!readFile(file, text, error)) {
        std::cerr << file << ": error: " << error << " [SP-IO]\n";
        return Failed;
    }
    const std::string shown = stdio ? "<stdin>" : file;
    const ReadResult r = readDescriptor(text, shown);
    printText(std::cerr, r.diagnostics);
    if (!r.readable || hasErrors(r.diagnostics)) {
        // Rewriting a file with errors could drop what the reader could not place.
        std::cerr << shown << ": not formatted: fix the errors above first\n";
        return Failed;
    }
    const std::string canonical = writeDescriptor(r.topology);
    if (stdio) {
        std::cout << canonical;
        return Fine;
    }
    if (canonical == text)
        return Fine;
    if (check) {
        std::cout << file << ": not in canonical form (run 'skyplan fmt " << file << "')\n";
        return Found;
    }
    if (!saveDescriptor(r.topology, file, error)) {
        std::cerr << file << ": error: " << error << " [SP-IO]\n";
        return Failed;
    }
    std::cout << "formatted " << file << '\n';
    return Fine;
}

} // namespace

void addFmtCommand(CLI::App &app, int &exitCode)
{
    struct Options
    {
        std::vector<std::string> files;
        bool check = false;
    };
    auto options = std::make_shared<Options>();
    auto *cmd = app.add_subcommand("fmt", "Rewrite topologies in canonical form (\"-\" filters stdin to stdout)");
    cmd->add_option("files", options->files, "Topology files")->required();
    cmd->add_flag("--check", options->check, "Change nothing; exit 1 if a file is not canonical");
    cmd->callback([options, &exitCode] {
        int code = Fine;
        for (const std::string &file : options->files)
            code = std::max(code, formatOne(file, options->check));
        exitCode = code;
    });
}

} // namespace sky::cli
