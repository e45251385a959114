// libFuzzer target: the native reader, the checks, and the save → reload
// round trip on arbitrary bytes. Must never crash, hang or leak, and a
// topology that reads without errors must write canonically and read back
// as itself.
#include "catalog.h"
#include "checks.h"
#include "descriptor.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    sky::YamlLimits limits;
    limits.maxBytes = 1 << 20;
    const sky::ReadResult r = sky::readDescriptor(text, "fuzz.sky.yaml", limits);
    if (!r.readable)
        return 0;
    (void)sky::checkTopology(r.topology, sky::Catalog::builtin(), r.sources, "fuzz.sky.yaml");
    if (sky::hasErrors(r.diagnostics))
        return 0;
    const std::string once = sky::writeDescriptor(r.topology);
    const sky::ReadResult back = sky::readDescriptor(once, "again.sky.yaml");
    if (!back.readable || sky::hasErrors(back.diagnostics) || !(back.topology == r.topology))
        std::abort(); // the writer lost or changed something
    if (sky::writeDescriptor(back.topology) != once)
        std::abort(); // not canonical
    return 0;
}
