// The provider profiles of the placement commands (providers.h).
#include "providers.h"

#include "diagnostic.h"
#include "output.h"
#include "placement.h"
#include "topology.h"

#include <iostream>
#include <set>

namespace sky::cli {

bool providersFor(const Topology &topology, const std::string &file, const SourceMap &sources,
                  const std::string &option, ProviderSet &out, std::vector<std::string> *usedNames)
{
    std::vector<std::string> names;
    for (std::size_t at = 0; at < option.size();) {
        const std::size_t comma = std::min(option.find(',', at), option.size());
        if (comma > at)
            names.push_back(option.substr(at, comma - at));
        at = comma + 1;
    }
    if (names.empty())
        names = topology.providers;
    if (names.empty()) {
        std::string builtins;
        for (const std::string &id : builtinProviderIds())
            builtins += (builtins.empty() ? "" : ",") + id;
        std::cerr << file << ": error: no provider profiles: name them with --providers (built-in: " << builtins
                  << ") or in the topology's 'providers:' list [SP-PROVIDER]\n";
        return false;
    }
    if (usedNames)
        *usedNames = names;
    std::vector<Diagnostic> problems;
    out = loadProviders(names, file, problems, &sources);
    printText(std::cerr, problems);
    if (hasErrors(problems))
        return false;
    std::set<std::string> currencies;
    for (const auto &p : out.profiles())
        currencies.insert(p->currency);
    if (currencies.size() > 1) {
        std::cerr << file << ": error: the profiles " << out.ids()
                  << " price in different currencies; Skyplan does not convert them [SP-PROVIDER]\n";
        return false;
    }
    return true;
}

bool loadPlacementInput(const std::string &file, const std::string &providerOption, const std::string &notDone,
                        PlacementInput &out)
{
    out.read = readDescriptorFile(file);
    printText(std::cerr, out.read.diagnostics);
    if (!out.read.readable || hasErrors(out.read.diagnostics)) {
        std::cerr << file << ": " << notDone << ": fix the errors above first\n";
        return false;
    }
    std::vector<Diagnostic> catalogProblems;
    out.catalog.emplace(catalogFor(out.read.topology, file, catalogProblems, &out.read.sources));
    printText(std::cerr, catalogProblems);
    if (hasErrors(catalogProblems))
        return false;
    return providersFor(out.read.topology, file, out.read.sources, providerOption, out.providers, &out.names);
}

std::optional<CostDelta> costDeltaOf(const Topology &before, const Catalog &beforeCatalog,
                                     const ProviderSet &beforeProviders, const Topology &after,
                                     const Catalog &afterCatalog, const ProviderSet &afterProviders)
{
    if (before.providers.empty() && after.providers.empty())
        return std::nullopt;
    const PlacementModel mb(before, beforeCatalog, beforeProviders, PlacementModel::Extent::CurrentOnly);
    const PlacementModel ma(after, afterCatalog, afterProviders, PlacementModel::Extent::CurrentOnly);
    return costDelta(costReport(mb), costReport(ma));
}

} // namespace sky::cli
