// skyplan merge BASE OURS THEIRS [-o OUT]: a three-way merge by stable ids.
// Without -o the result replaces OURS, which is git's merge-driver contract
// (`skyplan merge %O %A %B`). The sides may be in any format Skyplan reads
// (as for diff); the result is always a native topology.
#include "builtinformats.h"
#include "commands.h"
#include "formats.h"
#include "output.h"

#include "catalog.h"
#include "descriptor.h"
#include "format.h"
#include "merge.h"
#include "yamltree.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace sky::cli {

namespace {

struct MergeOptions
{
    std::vector<std::string> files;
    std::string output;
    std::string path; // git's %P, for messages and the format
    std::string from; // the format of all three, instead of guessing from the extension
};

// Any format Skyplan reads, by extension (of git's %P when given) or --from.
// An empty file is the empty topology: git passes one as the base when both
// sides added the same path.
bool load(const std::string &file, const std::string &name, const MergeOptions &options, Topology &out)
{
    LoadedTopology loaded =
        loadTopology(file, name, options.path.empty() ? file : options.path, options.from);
    if (!loaded.error.empty()) {
        std::cerr << loaded.error << '\n';
        return false;
    }
    if (!loaded.readable || hasErrors(loaded.diagnostics)) {
        printText(std::cerr, loaded.diagnostics);
        std::cerr << name << ": not readable as a topology: fix the errors above\n";
        return false;
    }
    out = std::move(loaded.topology);
    return true;
}

// The merge is written in the native format: never into a file whose name
// (or, for OURS, whose --from) says another one, where it could not be read back.
bool checkOutput(const MergeOptions &options, const std::string &out)
{
    if (out == "-")
        return true;
    const bool intoOurs = options.output.empty();
    std::string error;
    const Format *other = readerForPath(intoOurs && !options.path.empty() ? options.path : out,
                                        intoOurs ? options.from : std::string(), error);
    if (!other || other->name() == "skyplan")
        return true;
    std::cerr << "skyplan merge: " << out << " is read as " << other->description()
              << ", but a merge is written as a Skyplan topology: give -o FILE.sky.yaml (or -o - for "
                 "standard output)\n";
    return false;
}

std::string shown(const std::optional<Value> &v, bool secret)
{
    if (!v)
        return "(absent)";
    return secret ? "<secret>" : displayValue(*v);
}

int runMerge(const MergeOptions &options)
{
    const std::string label = options.path.empty() ? std::string() : " (" + options.path + ")";
    const char *roles[] = {"base", "ours", "theirs"};
    const std::string out = options.output.empty() ? options.files[1] : options.output;
    if (!checkOutput(options, out))
        return Failed;
    Topology sides[3];
    for (int i = 0; i < 3; ++i)
        if (!load(options.files[i],
                  options.files[i] +
                      (options.path.empty() ? "" : " [" + std::string(roles[i]) + "]"),
                  options, sides[i]))
            return Failed;
    const MergeResult result = mergeTopologies(sides[0], sides[1], sides[2]);

    std::vector<Diagnostic> ignored;
    const Catalog ours =
        catalogFor(sides[1], options.path.empty() ? options.files[1] : options.path, ignored);
    const Catalog theirs =
        catalogFor(sides[2], options.path.empty() ? options.files[2] : options.path, ignored);
    const SecretPolicy secrets({&ours, &theirs, &Catalog::builtin()});
    for (const MergeConflict &c : result.conflicts) {
        std::cerr << "CONFLICT (" << c.what << ")" << label << ": " << c.where();
        if (c.field) {
            const bool secret = secrets.isSecret(c.entity, c.nodeType, *c.field);
            std::cerr << ": base " << shown(c.base, secret) << ", ours " << shown(c.ours, secret)
                      << ", theirs " << shown(c.theirs, secret);
        }
        std::cerr << "; kept " << c.kept << '\n';
    }
    for (const std::string &note : result.notes)
        std::cerr << "note" << label << ": " << note << '\n';

    if (out == "-") {
        std::cout << writeDescriptor(result.merged);
    } else {
        std::string error;
        if (!saveDescriptor(result.merged, out, error)) {
            std::cerr << out << ": error: " << error << " [SP-IO]\n";
            return Failed;
        }
    }
    if (!result.clean()) {
        std::cerr << result.conflicts.size()
                  << (result.conflicts.size() == 1 ? " conflict" : " conflicts") << label
                  << ": both values are kept under '" << kConflictsKey << "' in " << out
                  << "; resolve them, then delete that section\n";
        return Found;
    }
    return Fine;
}

} // namespace

void addMergeCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<MergeOptions>();
    auto *cmd = app.add_subcommand(
        "merge", "Three-way merge of topologies by stable ids (also a git merge driver)");
    cmd->add_option("files", options->files,
                    "BASE OURS THEIRS (any readable format; an empty BASE is the empty topology)")
        ->required()
        ->expected(3);
    cmd->add_option(
        "-o,--output", options->output,
        "File to write, atomically ('-': stdout); default OURS, as a git merge driver wants");
    cmd->add_option("--path", options->path,
                    "The file's path in the repository (git's %P), for messages and for "
                    "telling the format by its extension");
    cmd->add_option("--from", options->from,
                    "Read all three files in this format instead of guessing from the extension");
    cmd->footer("Exit status: 0 merged cleanly, 1 conflicts (written, marked under "
                "merge-conflicts), 2 trouble.\n"
                "git: merge driver  skyplan merge %O %A %B --path %P");
    cmd->callback([options, &exitCode] { exitCode = runMerge(*options); });
}

} // namespace sky::cli
