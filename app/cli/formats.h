#pragma once

#include "diagnostic.h"
#include "topology.h"

#include <string>
#include <vector>

namespace sky {
class FormatRegistry;
}

namespace sky::cli {

// The formats the command line offers: builtinFormats(), filled by the
// composition root (STYLE.md 10).
const FormatRegistry &formats();

// A topology read from a file in any format Skyplan reads: what `diff`
// compares and `merge` combines.
struct LoadedTopology
{
    Topology topology;
    std::vector<Diagnostic> diagnostics; // sorted by location
    bool readable = false;               // false: `diagnostics` or `error` say why
    std::string error; // the file could not be opened or --from names no format: one line for the user
};

// Reads `file`, named `name` in messages, in the format readerForPath()
// gives for `formatPath` and `forced` (--from): formatPath is the file
// itself, or the path git names for one of its temporary files. An empty
// file, and /dev/null, is the empty topology: git passes one for a file
// added or deleted on one side.
LoadedTopology loadTopology(const std::string &file, const std::string &name,
                            const std::string &formatPath, const std::string &forced);

} // namespace sky::cli
