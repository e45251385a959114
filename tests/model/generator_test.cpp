#include "catalog.h"
#include "generator.h"
#include "rankgrid.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace sky {
namespace {

// What the designer shows on opening a generated file: every node placed,
// each on its own spot, tiers left to right, and a large topology about as
// wide as a screen rather than one column a tier thousands of rows tall.
TEST(Generator, ItsLayoutPutsTiersLeftToRightInALandscape)
{
    GeneratorOptions options;
    options.nodes = 5000;
    const Topology t = generateTopology(Catalog::builtin(), options);
    ASSERT_EQ(t.layout.nodes.size(), t.nodes.size());
    std::set<std::pair<double, double>> spots;
    double left = std::numeric_limits<double>::max(), right = -left, top = left, bottom = -left;
    // The leftmost and rightmost x of each type: tiers must not interleave.
    std::map<std::string, std::pair<double, double>> span;
    for (const auto &[id, p] : t.layout.nodes) {
        EXPECT_TRUE(spots.insert({p.x, p.y}).second) << id << " shares its place";
        left = std::min(left, p.x);
        right = std::max(right, p.x);
        top = std::min(top, p.y);
        bottom = std::max(bottom, p.y);
        auto [it, added] = span.try_emplace(t.nodes.at(id).type, p.x, p.x);
        it->second.first = std::min(it->second.first, p.x);
        it->second.second = std::max(it->second.second, p.x);
    }
    const double aspect = (right - left + 150) / (bottom - top + 60);
    EXPECT_GT(aspect, 1.0) << "taller than wide";
    EXPECT_LT(aspect, 3.0) << "a strip";
    EXPECT_LE((bottom - top) / rankgrid::kRow + 1, double(rankgrid::maxRows(t.nodes.size())));
    const char *order[] = {"internet", "firewall", "load_balancer", "web_server", "app_server"};
    for (std::size_t i = 1; i < std::size(order); ++i)
        EXPECT_LT(span.at(order[i - 1]).second, span.at(order[i]).first) << order[i - 1] << " then " << order[i];
}

TEST(Generator, WithoutLayoutItPlacesNothing)
{
    GeneratorOptions options;
    options.layout = false;
    EXPECT_TRUE(generateTopology(Catalog::builtin(), options).layout.nodes.empty());
}

} // namespace
} // namespace sky
