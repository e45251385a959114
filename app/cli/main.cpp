// skyplan: the command-line face of Skyplan. Every check, export and diff
// the designer offers also runs here, so it runs in CI.
#include "commands.h"
#include "memorytuning.h"

#include <CLI/CLI.hpp>

int main(int argc, char **argv)
{
    using namespace sky::cli;
    sky::keepFreedMemoryForReuse();
    CLI::App app{"skyplan: check, format, export and compare virtual datacenter topologies (*.sky.yaml)"};
    app.set_version_flag("--version", std::string("skyplan ") + SKYPLAN_VERSION);
    app.require_subcommand(1);
    app.footer("Exit status: 0 fine, 1 problems found, 2 could not do the job.");

    int exitCode = Failed;
    addValidateCommand(app, exitCode);
    addFmtCommand(app, exitCode);
    addCatalogCommand(app, exitCode);
    addGenerateCommand(app, exitCode);
    addRulesCommand(app, exitCode);
    addExportCommand(app, exitCode);
    addImportCommand(app, exitCode);
    addDiffCommand(app, exitCode);
    addMergeCommand(app, exitCode);
    addPlaceCommand(app, exitCode);
    addCostCommand(app, exitCode);
#ifdef SKYPLAN_HAVE_RENDER
    addRenderCommand(app, exitCode);
#endif

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        const int code = app.exit(e);
        return code == 0 ? Fine : Failed; // --help and --version exit 0, usage errors 2
    }
    return exitCode;
}
