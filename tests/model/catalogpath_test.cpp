// Extra catalogs named by a topology are untrusted input: they must stay in
// the topology's folder.
#include "catalog.h"
#include "descriptor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace sky;
namespace fs = std::filesystem;

namespace {

const char *kTeamCatalog = "catalog: 1\ntypes:\n  waf:\n    name: WAF\n    tier: security\n    icon: firewall\n";

} // namespace

TEST(CatalogPaths, LoadsBesideTheTopologyAndRefusesEverythingOutside)
{
    const fs::path root = fs::temp_directory_path() / ("skyplan-catpath-" + std::to_string(::getpid()));
    fs::create_directories(root / "project" / "catalogs");
    std::ofstream(root / "project" / "catalogs" / "team.yaml") << kTeamCatalog;
    std::ofstream(root / "outside.yaml") << kTeamCatalog;
    fs::create_symlink(root / "outside.yaml", root / "project" / "link.yaml");

    const std::string topo = (root / "project" / "t.sky.yaml").string();
    std::ofstream(topo) << "skyplan: 1\ncatalogs: [catalogs/team.yaml, ../outside.yaml, " << (root / "outside.yaml").string()
                        << ", link.yaml]\nnodes: {w: {type: waf}}\n";
    const ReadResult r = readDescriptorFile(topo);
    ASSERT_TRUE(r.readable);
    std::vector<Diagnostic> d;
    const Catalog c = catalogFor(r.topology, topo, d, &r.sources);
    EXPECT_NE(c.type("waf"), nullptr);
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].message, "catalog '../outside.yaml' is outside the topology's folder; refused");
    EXPECT_EQ(d[1].message, "catalog '" + (root / "outside.yaml").string() + "' is outside the topology's folder; refused");
    EXPECT_EQ(d[2].message, "catalog 'link.yaml' is outside the topology's folder; refused");
    for (const Diagnostic &x : d) {
        EXPECT_EQ(x.rule, "SP-CATALOG");
        EXPECT_EQ(x.loc, (SourceLoc{2, 1}));
    }
    fs::remove_all(root);
}
