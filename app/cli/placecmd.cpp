// `skyplan place FILE [-o OUT] [--providers aws,private-dc] [--keep]`: the
// feasible locations of every node with the reason for each exclusion, the
// cheapest feasible placement of the free nodes with its lower bound and
// gap, or the smallest conflicting requirements per node; the placement
// written canonically and atomically (`placement:` per node).
#include "catalog.h"
#include "commands.h"
#include "costreport.h"
#include "descriptor.h"
#include "output.h"
#include "placement.h"
#include "providers.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace sky::cli {

namespace {

struct PlaceCommandOptions
{
    std::string file, output, providers, method = "auto";
    bool keep = false, dryRun = false, quiet = false;
};

std::string line(const char *format, double a, double b = 0, double c = 0)
{
    char buf[256];
    std::snprintf(buf, sizeof buf, format, a, b, c);
    return buf;
}

int runPlace(const PlaceCommandOptions &o)
{
    PlacementInput in;
    if (!loadPlacementInput(o.file, o.providers, "not placed", in))
        return Failed;
    ReadResult &r = in.read;
    const Catalog &catalog = *in.catalog;
    const ProviderSet &providers = in.providers;
    const std::vector<std::string> &names = in.names;
    const PlacementModel model(r.topology, catalog, providers);
    for (const auto &[policy, why] : model.policyProblems())
        std::cerr << o.file << ": warning: policy '" << policy << "': " << why << "; left out [SP-POLICY]\n";
    const std::string currency = providers.profiles().front()->currency;

    std::cout << "locations: " << model.locations().size() << " (" << providers.ids() << "); nodes: "
              << model.nodes().size() << "\n";
    if (!o.quiet)
        for (std::size_t i = 0; i < model.nodes().size(); ++i) {
            std::size_t feasible = 0;
            for (std::size_t l = 0; l < model.locations().size(); ++l)
                feasible += model.feasible(int(i), int(l));
            std::cout << "  " << model.nodes()[i]->id << ": " << feasible << " feasible location(s)"
                      << (model.pinned(int(i)) ? ", pinned" : "");
            const std::string why = model.exclusions(int(i));
            std::cout << (why.empty() ? "" : "; " + why) << "\n";
        }

    PlaceOptions options;
    options.keep = o.keep;
    options.method = o.method == "exact"       ? PlaceOptions::Method::Exact
                     : o.method == "expansion" ? PlaceOptions::Method::Expansion
                                               : PlaceOptions::Method::Auto;
    const PlaceResult result = place(model, options);
    if (!result.feasible) {
        std::cout << "no feasible placement:\n";
        for (const std::string &c : result.conflicts)
            std::cout << "  " << c << "\n";
        return Found;
    }
    std::cout << "placement by " << result.method << ":\n";
    for (std::size_t i = 0; i < model.nodes().size(); ++i) {
        const int l = result.assignment[i];
        const NodeCost &c = model.cost(int(i), l);
        std::cout << "  " << model.nodes()[i]->id << ": " << model.locations()[std::size_t(l)].text() << " "
                  << (c.offering ? c.offering->id : std::string("?")) << line(" %.2f", c.total()) << " " << currency
                  << "/month\n";
    }
    std::cout << "cost: " << formatMoney(result.cost) << " " << currency << " a month ("
              << line("%.4f", result.cost / kHoursPerMonth) << " an hour); lower bound " << formatMoney(result.lowerBound)
              << ", gap " << line("%.3f", 100 * result.gap()) << " %" << (result.optimal ? ", optimal" : "") << "\n";
    if (!result.moves.empty() || o.keep) {
        std::cout << (o.keep ? "moves (only what must move):\n" : "moves:\n");
        for (const auto &m : result.moves)
            std::cout << "  " << model.nodes()[std::size_t(m.node)]->id << ": "
                      << model.locations()[std::size_t(m.from)].text() << " -> "
                      << model.locations()[std::size_t(m.to)].text() << " (" << m.why << ")\n";
        std::cout << "cost delta: " << (result.cost >= result.costBefore ? "+" : "")
                  << formatMoney(result.cost - result.costBefore) << " " << currency << " a month (before "
                  << formatMoney(result.costBefore) << ", after " << formatMoney(result.cost) << ")\n";
    }
    if (o.dryRun)
        return Fine;
    applyPlacement(r.topology, model, result);
    if (r.topology.providers.empty())
        r.topology.providers = names; // recorded, so `validate` and `cost` judge by the same profiles
    const std::string out = o.output.empty() ? o.file : o.output;
    std::string error;
    if (!saveDescriptor(r.topology, out, error)) {
        std::cerr << out << ": error: " << error << " [SP-IO]\n";
        return Failed;
    }
    std::cout << "written " << out << "\n";
    return Fine;
}

} // namespace

void addPlaceCommand(CLI::App &app, int &exitCode)
{
    auto o = std::make_shared<PlaceCommandOptions>();
    auto *cmd = app.add_subcommand("place", "Place the free nodes where they may run at the least cost");
    cmd->add_option("file", o->file, "Topology file (*.sky.yaml)")->required();
    cmd->add_option("-o,--output", o->output, "Write the placed topology here (default: the file itself)");
    cmd->add_option("--providers", o->providers,
                    "Provider profiles, comma-separated: built-in ids or files beside the topology "
                    "(default: the topology's 'providers:')");
    cmd->add_flag("--keep", o->keep, "Keep placed nodes where they may stay; move only what must move");
    cmd->add_option("--method", o->method, "auto (exact up to 200 free nodes), exact or expansion")
        ->check(CLI::IsMember({"auto", "exact", "expansion"}));
    cmd->add_flag("--dry-run", o->dryRun, "Print the placement, write nothing");
    cmd->add_flag("-q,--quiet", o->quiet, "Leave out the per-node list of feasible locations");
    cmd->callback([o, &exitCode] { exitCode = runPlace(*o); });
}

} // namespace sky::cli
