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
    const Format *format = readerForPath(formatPath, forced, error);
    if (!format) {
        loaded.error = "skyplan: " + error;
        return loaded;
    }
    if (text.empty()) {
        loaded.readable = true;
    } else if (format->name() != "skyplan") {
        loaded.readable = format->read(text, name, Catalog::builtin(), loaded.topology, loaded.diagnostics);
    } else {
        ReadResult r = readDescriptor(text, name);
        loaded.readable = r.readable;
        loaded.topology = std::move(r.topology);
        loaded.diagnostics = std::move(r.diagnostics);
    }
    sortByLocation(loaded.diagnostics);
    return loaded;
}

} // namespace sky::cli
