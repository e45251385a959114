// Deep zone chains (issue 26.5): a valid file whose zones each sit inside
// the next. The reader's cycle check walks each parent once, and DOT caps
// its indentation so that its output grows linearly with the zones. (Time
// is measured by bench/checks_bench.cpp, not here.)
#include "support.h"

#include "descriptor.h"

#include <gtest/gtest.h>

using namespace sky;
using namespace sky::test;

namespace {

// z0 at the top, z1 inside z0, ... and one node in the innermost.
std::string chainText(int zones)
{
    std::string text = "skyplan: 1\nzones:\n";
    for (int i = 0; i < zones; ++i)
        text += "  z" + std::to_string(i) + ":" + (i ? " {parent: z" + std::to_string(i - 1) + "}\n" : " {}\n");
    text += "nodes:\n  web:\n    type: app_server\n    zone: z" + std::to_string(zones - 1) + "\n";
    return text;
}

} // namespace

TEST(DeepZones, DotOutputGrowsLinearlyWithTheDepth)
{
    std::size_t perZone[2] = {0, 0};
    int i = 0;
    for (int zones : {1000, 20000}) {
        const ReadResult r = readDescriptor(chainText(zones), "chain.sky.yaml");
        ASSERT_FALSE(hasErrors(r.diagnostics));
        ASSERT_EQ(r.topology.zones.size(), std::size_t(zones));
        const std::string dot = exportText(r.topology, "dot");
        EXPECT_NE(dot.find("cluster_z" + std::to_string(zones - 1)), std::string::npos);
        perZone[i++] = dot.size() / std::size_t(zones);
    }
    // The same bytes a zone, but for one more digit in each name; an indent
    // growing with the depth makes it 20 times as many.
    EXPECT_LT(perZone[1], perZone[0] + 16) << perZone[0] << " vs " << perZone[1];
}

TEST(DeepZones, TheCycleCheckStillFindsTheZonesOnACycleOnly)
{
    // a -> b -> c -> a is a cycle; d sits inside a (it leads into the
    // cycle, but is not on it); e is fine.
    const std::string text = "skyplan: 1\nzones:\n  a: {parent: c}\n  b: {parent: a}\n  c: {parent: b}\n"
                             "  d: {parent: a}\n  e: {}\n  f: {parent: f}\n";
    const ReadResult r = readDescriptor(text, "cycle.sky.yaml");
    std::string messages;
    for (const Diagnostic &d : r.diagnostics)
        if (d.severity == Severity::Error)
            messages += d.message.str() + "\n";
    EXPECT_EQ(messages, "zone 'a' is nested inside itself\nzone 'b' is nested inside itself\n"
                        "zone 'c' is nested inside itself\nzone 'f' is nested inside itself\n");
}
