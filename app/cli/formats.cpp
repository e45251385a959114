#include "formats.h"

#include "builtinformats.h"
#include "catalog.h"
#include "descriptor.h"
#include "format.h"
#include "yamltree.h"

namespace sky::cli {

const FormatRegistry &formats()
{
    return builtinFormats();
}

LoadedTopology loadTopology(const std::string &file, const std::string &name,
                            const std::string &formatPath, const std::string &forced)
{
    LoadedTopology loaded;
    std::string text, error;
    if (file != "/dev/null" && !readFile(file, text, error)) {
        loaded.error = name + ": error: " + error + " [SP-IO]";
        return loaded;
    }
    if (text.empty()) { // still refuse a --from that names no format
        if (!readerForPath(formatPath, forced, error)) {
            loaded.error = "skyplan: " + error;
            return loaded;
        }
        loaded.readable = true;
    } else {
        loaded.readable =
            readAnyTopology(text, name, formatPath, forced, loaded.topology, loaded.diagnostics, error);
        if (!error.empty()) {
            loaded.error = "skyplan: " + error;
            return loaded;
        }
    }
    sortByLocation(loaded.diagnostics);
    return loaded;
}

} // namespace sky::cli
