#include "builtinformats.h"

#include "allformats.h"
#include "catalog.h"
#include "descriptor.h"
#include "format.h"

namespace sky {

const FormatRegistry &builtinFormats()
{
    static const FormatRegistry registry = [] {
        FormatRegistry r;
        r.add(makeNativeFormat());
        r.add(makeToscaFormat());
        r.add(makeComposeFormat());
        r.add(makeKubernetesFormat());
        r.add(makeAdlFormat());
        r.add(makeDotFormat());
        r.add(makeTerraformFormat());
        return r;
    }();
    return registry;
}

const Format *readerForPath(const std::string &path, const std::string &forced, std::string &error)
{
    const FormatRegistry &registry = builtinFormats();
    if (!forced.empty()) {
        const Format *f = registry.find(forced);
        if (!f || !f->canRead()) {
            error = "unknown format '" + forced + "' (readable: " + registry.names(true, false) + ")";
            return nullptr;
        }
        return f;
    }
    const auto endsWith = [&path](const std::string &suffix) {
        return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    const Format *best = nullptr;
    for (const auto &f : registry.formats())
        if (f->canRead() && endsWith(f->extension()) &&
            (!best || f->extension().size() > best->extension().size()))
            best = f.get();
    return best ? best : registry.find("skyplan");
}

bool readAnyTopology(std::string_view text, const std::string &path, const std::string &forced,
                     Topology &topology, std::vector<Diagnostic> &diagnostics, std::string &error)
{
    return readAnyTopology(text, path, path, forced, topology, diagnostics, error);
}

bool readAnyTopology(std::string_view text, const std::string &name, const std::string &formatPath,
                     const std::string &forced, Topology &topology, std::vector<Diagnostic> &diagnostics,
                     std::string &error)
{
    const Format *format = readerForPath(formatPath, forced, error);
    if (!format)
        return false;
    if (format->name() != "skyplan")
        return format->read(text, name, Catalog::builtin(), topology, diagnostics);
    ReadResult r = readDescriptor(text, name);
    topology = std::move(r.topology);
    diagnostics = std::move(r.diagnostics);
    return r.readable;
}

} // namespace sky
