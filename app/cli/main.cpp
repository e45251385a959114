// skyplan: the command-line face of Skyplan. Every check, export and diff
// the designer offers also runs here, so it runs in CI.
#include "commands.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char **argv)
{
    using namespace sky::cli;
    CLI::App app{"skyplan: check, format and inspect virtual datacenter topologies (*.sky.yaml)"};
    app.set_version_flag("--version", std::string("skyplan ") + SKYPLAN_VERSION);
    app.require_subcommand(1);
    app.footer("Exit status: 0 fine, 1 problems found, 2 could not do the job.");

    ValidateOptions validate;
    auto *v = app.add_subcommand("validate", "Check topologies and print their problems");
    v->add_option("files", validate.files, "Topology files (*.sky.yaml)")->required();
    v->add_option("--format", validate.format, "Output format")->check(CLI::IsMember({"text", "json"}));
    v->add_flag("--strict", validate.strict, "Exit 1 on warnings too");

    FmtOptions fmt;
    auto *f = app.add_subcommand("fmt", "Rewrite topologies in canonical form (\"-\" filters stdin to stdout)");
    f->add_option("files", fmt.files, "Topology files")->required();
    f->add_flag("--check", fmt.check, "Change nothing; exit 1 if a file is not canonical");

    CatalogOptions catalog;
    auto *c = app.add_subcommand("catalog", "List the component types, or describe one");
    c->add_option("type", catalog.type, "A type id, e.g. load_balancer");
    c->add_option("--catalog", catalog.extraCatalogs, "Extra catalog files to load");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        const int code = app.exit(e);
        return code == 0 ? Fine : Failed; // --help and --version exit 0, usage errors 2
    }
    if (v->parsed())
        return runValidate(validate);
    if (f->parsed())
        return runFmt(fmt);
    if (c->parsed())
        return runCatalog(catalog);
    return Failed;
}
