#pragma once

// The provider profiles a command works with: those of `--providers`, else
// the topology's own `providers:` list; neither is an error that names the
// built-in profiles, never a silent default.

#include "catalog.h"
#include "costreport.h"
#include "descriptor.h"
#include "provider.h"

#include <optional>
#include <string>
#include <vector>

namespace sky {
class SourceMap;
class Topology;
}

namespace sky::cli {

// Prints the problems to stderr; false when the profiles cannot be used
// (none named, a profile malformed or unknown, currencies that differ).
bool providersFor(const Topology &topology, const std::string &file, const SourceMap &sources,
                  const std::string &option, ProviderSet &out, std::vector<std::string> *names = nullptr);

// What `place` and `cost` start from: the topology read, its catalog and
// its provider profiles (with their names, as `providersFor` gives them).
struct PlacementInput
{
    ReadResult read;
    std::optional<Catalog> catalog;
    ProviderSet providers;
    std::vector<std::string> names;
};
// Reads `file` and what it names; prints every problem to stderr, with
// "FILE: <notDone>: fix the errors above first" when the file itself has
// errors. False when the command cannot go on.
bool loadPlacementInput(const std::string &file, const std::string &providerOption, const std::string &notDone,
                        PlacementInput &out);

// What the change from `before` to `after` does to the monthly cost, each
// side priced as placed by its own profiles (loadProviders of its own
// `providers:`, found beside its own file). Empty when neither side names
// any.
std::optional<CostDelta> costDeltaOf(const Topology &before, const Catalog &beforeCatalog,
                                     const ProviderSet &beforeProviders, const Topology &after,
                                     const Catalog &afterCatalog, const ProviderSet &afterProviders);

} // namespace sky::cli
