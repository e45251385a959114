#pragma once

// Shared body of the importer fuzz targets: arbitrary bytes to one format's
// reader. Must never crash, hang or leak; a topology imported without errors
// must export again, and must save (write, read back, compare) like any other,
// since `skyplan import -o` saves it.
#include "allformats.h"
#include "catalog.h"
#include "checks.h"
#include "descriptor.h"
#include "format.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

namespace sky::fuzz {

inline int importOne(const Format &format, const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    Topology t;
    std::vector<Diagnostic> diagnostics;
    const Catalog &catalog = Catalog::builtin();
    if (!format.read(text, "fuzz.in", catalog, t, diagnostics) || hasErrors(diagnostics))
        return 0;
    (void)checkTopology(t, catalog, {}, "fuzz.in");
    // SKYPLAN_FUZZ_SKIP_EXPORT=1 leaves the writer out, to keep fuzzing the
    // reader while a writer finding is open (README.md).
    static const bool skipExport = std::getenv("SKYPLAN_FUZZ_SKIP_EXPORT") != nullptr;
    if (!skipExport) {
        std::string exported, error;
        (void)format.write(t, catalog, exported, error);
    }
    const std::string once = writeDescriptor(t);
    const ReadResult back = readDescriptor(once, "imported.sky.yaml");
    if (!back.readable)
        std::abort(); // the native writer wrote something unreadable
    if (!hasErrors(back.diagnostics) && !(back.topology == t))
        std::abort(); // saved, it would silently be something else
    return 0;
}

} // namespace sky::fuzz
