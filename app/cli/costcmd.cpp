// `skyplan cost FILE [--format text|json|csv] [--providers ...]`: what the
// design costs as placed, a month and an hour, per node, zone, provider and
// in total, with the assumptions behind the figures.
#include "catalog.h"
#include "commands.h"
#include "costreport.h"
#include "descriptor.h"
#include "output.h"
#include "placement.h"
#include "providers.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace sky::cli {

namespace {

struct CostOptions
{
    std::string file, format = "text", providers;
};

int runCost(const CostOptions &o)
{
    PlacementInput in;
    if (!loadPlacementInput(o.file, o.providers, "not costed", in))
        return Failed;
    ReadResult &r = in.read;
    const Catalog &catalog = *in.catalog;
    const ProviderSet &providers = in.providers;
    const PlacementModel model(r.topology, catalog, providers, PlacementModel::Extent::CurrentOnly);
    const CostReport report = costReport(model);
    if (o.format == "json")
        std::cout << costJson(report);
    else if (o.format == "csv")
        std::cout << costCsv(report);
    else
        std::cout << costText(report);
    return Fine;
}

} // namespace

void addCostCommand(CLI::App &app, int &exitCode)
{
    auto o = std::make_shared<CostOptions>();
    auto *cmd = app.add_subcommand("cost", "Print what a placed design costs a month and an hour");
    cmd->add_option("file", o->file, "Topology file (*.sky.yaml)")->required();
    cmd->add_option("--format", o->format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
    cmd->add_option("--providers", o->providers,
                    "Provider profiles, comma-separated (default: the topology's 'providers:')");
    cmd->callback([o, &exitCode] { exitCode = runCost(*o); });
}

} // namespace sky::cli
