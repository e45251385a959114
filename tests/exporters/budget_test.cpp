// One budget of YAML limits per input file (issue 26.2): the JSON/YAML text
// in Compose labels and TOSCA metadata is charged to the file it came in,
// so that the limits do not multiply with the number of services.
#include "support.h"

#include "catalog.h"
#include "topology.h"

#include <gtest/gtest.h>

#include <string>

using namespace sky;
using namespace sky::test;

namespace {

std::string repeated(const std::string &item, int times)
{
    std::string s;
    for (int i = 0; i < times; ++i)
        s += (i ? ", " : "") + item;
    return "[" + s + "]";
}

// A flow map whose aliases expand to about 56,800 nodes: under the limit of
// 100,000 alone, over it twice.
std::string aliasSet()
{
    return "{a: &a " + repeated("1", 10) + ", b: &b " + repeated("*a", 10) + ", c: &c " + repeated("*b", 10)
           + ", d: &d " + repeated("*c", 10) + ", e: " + repeated("*d", 4) + "}";
}

std::string composeWithLabels(int services)
{
    std::string text = "services:\n";
    for (int i = 0; i < services; ++i)
        text += "  s" + std::to_string(i) + ":\n    image: nginx\n    labels:\n      com.skyplan.node: '{\"type\": \"vm\", \"properties\": {\"x\": "
                + aliasSet() + "}}'\n";
    return text;
}

std::string toscaWithMetadata(int nodes)
{
    std::string text = "tosca_definitions_version: tosca_simple_yaml_1_3\nmetadata:\n  skyplan.format: \"1\"\n"
                       "topology_template:\n  node_templates:\n";
    for (int i = 0; i < nodes; ++i)
        text += "    n" + std::to_string(i) + ":\n      type: tosca.nodes.Compute\n      metadata:\n        skyplan.type: vm\n"
                "        skyplan.properties: '{\"x\": " + aliasSet() + "}'\n";
    return text;
}

bool anyMessage(const std::vector<Diagnostic> &diagnostics, const std::string &part)
{
    for (const Diagnostic &d : diagnostics)
        if (d.severity == Severity::Error && d.message.str().find(part) != std::string::npos)
            return true;
    return false;
}

std::string all(const std::vector<Diagnostic> &diagnostics)
{
    std::string s;
    for (const Diagnostic &d : diagnostics)
        s += d.message.str() + "\n";
    return s;
}

} // namespace

TEST(Budget, ComposeLabelsShareTheFilesAliasBudget)
{
    for (int services : {1, 3}) {
        Topology t;
        std::vector<Diagnostic> diagnostics;
        format("compose").read(composeWithLabels(services), "many.compose.yaml", Catalog::builtin(), t, diagnostics);
        const bool refused = anyMessage(diagnostics, "aliases expand to more than");
        // One label alone is within the limits; three together are not.
        EXPECT_EQ(refused, services > 1) << services << " service(s):\n" << all(diagnostics);
        if (services == 1) {
            EXPECT_EQ(t.nodes.size(), 1u) << all(diagnostics);
        }
    }
}

TEST(Budget, ToscaMetadataSharesTheFilesAliasBudget)
{
    for (int nodes : {1, 3}) {
        Topology t;
        std::vector<Diagnostic> diagnostics;
        format("tosca").read(toscaWithMetadata(nodes), "many.tosca.yaml", Catalog::builtin(), t, diagnostics);
        const bool refused = anyMessage(diagnostics, "aliases expand to more than");
        EXPECT_EQ(refused, nodes > 1) << nodes << " node(s):\n" << all(diagnostics);
        if (nodes == 1) {
            EXPECT_EQ(t.nodes.size(), 1u) << all(diagnostics);
        }
    }
}
