// The Kubernetes format's helpers and reader, in process (the end-to-end
// tests, k8s-check included, are in tests/kubernetes).
#include "kubernetes.h"
#include "support.h"

#include "catalog.h"
#include "format.h"
#include "topology.h"

#include <gtest/gtest.h>

using namespace sky;

TEST(KubernetesNames, IdsBecomeDnsLabels)
{
    EXPECT_EQ(kubernetes::dnsLabel("Web_1"), "web-1");
    EXPECT_EQ(kubernetes::dnsLabel("--Edge  FW--"), "edge-fw");
    EXPECT_EQ(kubernetes::dnsLabel("", "node"), "node");
    EXPECT_EQ(kubernetes::dnsLabel("___", "node"), "node");
    const std::string longName = kubernetes::dnsLabel(std::string(62, 'a') + "_b");
    EXPECT_EQ(longName.size(), 62u); // cut at 63, and the '-' it ended with dropped
    EXPECT_EQ(longName.back(), 'a');
}

TEST(KubernetesQuantities, BytesAndCoresReadBackAsWritten)
{
    for (const std::uint64_t bytes : {std::uint64_t(1), std::uint64_t(1000), std::uint64_t(1) << 10,
                                      std::uint64_t(512) << 20, std::uint64_t(4) << 30, std::uint64_t(3) << 40,
                                      (std::uint64_t(4) << 30) + 1}) {
        const std::string q = kubernetes::byteQuantity(bytes);
        EXPECT_EQ(kubernetes::parseByteQuantity(q), bytes) << q;
    }
    EXPECT_EQ(kubernetes::byteQuantity(std::uint64_t(4) << 30), "4Gi");
    EXPECT_EQ(kubernetes::parseByteQuantity("1G"), std::uint64_t(1'000'000'000));
    EXPECT_FALSE(kubernetes::parseByteQuantity("4GB"));
    EXPECT_FALSE(kubernetes::parseByteQuantity("lots"));
    EXPECT_EQ(kubernetes::cpuQuantity(2), "2");
    EXPECT_EQ(kubernetes::cpuQuantity(0.25), "250m");
    EXPECT_EQ(kubernetes::parseCpuQuantity("250m"), 0.25);
    EXPECT_EQ(kubernetes::parseCpuQuantity("2"), 2.0);
    EXPECT_FALSE(kubernetes::parseCpuQuantity("2x"));
}

namespace {
bool import(const std::string &text, Topology &t, std::vector<Diagnostic> &diagnostics)
{
    return test::format("kubernetes").read(text, "m.yaml", Catalog::builtin(), t, diagnostics);
}
} // namespace

TEST(KubernetesImport, UnknownKindIsKeptWithAWarningAtItsLine)
{
    Topology t;
    std::vector<Diagnostic> d;
    ASSERT_TRUE(import("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                       "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n",
                       t, d));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].severity, Severity::Warning);
    EXPECT_EQ(d[0].loc.line, 5);
    EXPECT_NE(std::string(d[0].message.view()).find("Widget"), std::string::npos);
    const Value *kept = t.extra.count("kubernetes") ? t.extra.at("kubernetes").find("objects") : nullptr;
    ASSERT_TRUE(kept && kept->isList());
    ASSERT_EQ(kept->toList().size(), 2u);
    EXPECT_EQ(kept->toList()[1].find("spec")->find("size")->toInt(), 3);
}

TEST(KubernetesImport, ErrorsPointIntoTheRightDocument)
{
    Topology t;
    std::vector<Diagnostic> d;
    EXPECT_FALSE(import("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\n"
                        "apiVersion: v1\nmetadata: {name: b}\n",
                        t, d));
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d.back().severity, Severity::Error);
    EXPECT_EQ(d.back().loc.line, 6);
    EXPECT_EQ(d.back().file, "m.yaml");
}

TEST(KubernetesImport, ListItemsBecomeNodesZonesAndLinks)
{
    Topology t;
    std::vector<Diagnostic> d;
    ASSERT_TRUE(import(R"(apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: pg, namespace: data}
    spec:
      replicas: 2
      serviceName: pg
      selector: {matchLabels: {app: pg}}
      template:
        metadata: {labels: {app: pg}}
        spec:
          containers: [{name: pg, image: "postgres:16.4", ports: [{containerPort: 5432}]}]
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api, namespace: app}
    spec:
      selector: {matchLabels: {app: api}}
      template:
        metadata: {labels: {app: api}}
        spec:
          containers: [{name: api, image: "example.com/api:1", resources: {limits: {cpu: 500m, memory: 1Gi}}}]
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: pg-from-api, namespace: data}
    spec:
      podSelector: {matchLabels: {app: pg}}
      ingress:
        - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: app}}, podSelector: {matchLabels: {app: api}}}]
          ports: [{protocol: TCP, port: 5432}]
)",
                       t, d));
    ASSERT_TRUE(t.node("pg") && t.node("api"));
    EXPECT_EQ(t.node("pg")->type, "database");
    EXPECT_EQ(t.node("pg")->replicas, 2);
    EXPECT_EQ(t.node("pg")->zone, "data");
    EXPECT_EQ(t.node("api")->type, "app_server");
    EXPECT_EQ(t.node("api")->resources.cpu, 0.5);
    EXPECT_EQ(t.node("api")->resources.memory, std::uint64_t(1) << 30);
    ASSERT_EQ(t.links.size(), 1u);
    EXPECT_EQ(t.links[0].from.node, "api");
    EXPECT_EQ(t.links[0].to.node, "pg");
    EXPECT_EQ(t.links[0].port, 5432);
    EXPECT_TRUE(t.zone("app") && t.zone("data"));
    EXPECT_TRUE(t.layout.nodes.count("pg") && t.layout.nodes.count("api")); // laid out on import
}

TEST(KubernetesExport, WhatCannotBeCarriedIsAWarningNamingNodeAndField)
{
    Topology t;
    Node n;
    n.id = "api";
    n.type = "app_server";
    n.resources.bandwidth = 100'000'000;
    n.properties["image"] = "example.com/api:1";
    n.properties["not-a-variable"] = "x";
    t.addNode(n);
    std::string out, error;
    std::vector<Diagnostic> warnings;
    ASSERT_TRUE(test::format("kubernetes").writeWith(t, Catalog::builtin(), {}, out, error, warnings)) << error;
    std::string all;
    for (const Diagnostic &w : warnings)
        all += std::string(w.message.view()) + "\n";
    EXPECT_NE(all.find("node 'api': resources.bandwidth"), std::string::npos) << all;
    EXPECT_NE(all.find("node 'api': property 'not-a-variable'"), std::string::npos) << all;
    WriteOptions bad;
    bad.zones = "clusters";
    EXPECT_FALSE(test::format("kubernetes").writeWith(t, Catalog::builtin(), bad, out, error, warnings));
    EXPECT_NE(error.find("clusters"), std::string::npos);
}
