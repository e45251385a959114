// libFuzzer target: three-way merge (model/merge.h). The input is up to three
// descriptors separated by a line "=====": base, ours, theirs (a missing side
// is the base). Sides that do not read cleanly are skipped, as `skyplan merge`
// refuses them. What must hold: no crash, hang or leak; the merged topology
// saves (writes and reads back as itself); merging a side with an unchanged
// other side gives that side, without conflicts (less layout positions of
// nodes that do not exist: the reader keeps them with a warning, a merge
// drops them).
#include "descriptor.h"
#include "merge.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

constexpr std::string_view kSeparator = "\n=====\n";

bool readSide(std::string_view text, sky::Topology &out)
{
    sky::YamlLimits limits;
    limits.maxBytes = 1 << 20;
    sky::ReadResult r = sky::readDescriptor(text, "side.sky.yaml", limits);
    if (!r.readable || sky::hasErrors(r.diagnostics))
        return false;
    out = std::move(r.topology);
    return true;
}

void mustSave(const sky::Topology &t)
{
    const std::string text = sky::writeDescriptor(t);
    const sky::ReadResult back = sky::readDescriptor(text, "merged.sky.yaml");
    if (!back.readable || !(back.topology == t))
        std::abort(); // a merge result that could not be saved
}

sky::Topology withoutDanglingPositions(sky::Topology t)
{
    std::erase_if(t.layout.nodes, [&](const auto &entry) { return !t.nodes.count(entry.first); });
    return t;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::string_view rest(reinterpret_cast<const char *>(data), size);
    std::string_view parts[3];
    int n = 0;
    while (n < 2) {
        const auto at = rest.find(kSeparator);
        if (at == std::string_view::npos)
            break;
        parts[n++] = rest.substr(0, at);
        rest.remove_prefix(at + kSeparator.size());
    }
    parts[n++] = rest;
    sky::Topology sides[3];
    for (int i = 0; i < n; ++i)
        if (!readSide(parts[i], sides[i]))
            return 0;
    for (int i = n; i < 3; ++i)
        sides[i] = sides[0];

    const sky::MergeResult m = sky::mergeTopologies(sides[0], sides[1], sides[2]);
    mustSave(m.merged);

    // One side unchanged: the merge is the other side, cleanly.
    const sky::MergeResult onlyOurs = sky::mergeTopologies(sides[0], sides[1], sides[0]);
    if (!onlyOurs.clean() || !(onlyOurs.merged == withoutDanglingPositions(sides[1])))
        std::abort();
    const sky::MergeResult onlyTheirs = sky::mergeTopologies(sides[0], sides[0], sides[2]);
    if (!onlyTheirs.clean() || !(onlyTheirs.merged == withoutDanglingPositions(sides[2])))
        std::abort();
    return 0;
}
