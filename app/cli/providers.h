#pragma once

// The provider profiles a command works with: those of `--providers`, else
// the topology's own `providers:` list; neither is an error that names the
// built-in profiles, never a silent default.

#include "provider.h"

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

} // namespace sky::cli
