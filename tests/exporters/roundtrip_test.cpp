// import(export(t)) == t for TOSCA and Compose. Both carry the whole topology
// (typed fields where the format has them, metadata or labels for the rest),
// so the comparison is whole-value equality; docs/EXPORTS.md lists what is
// lost when a file loses that metadata. Imports of other tools' files infer
// what they can and lay the result out.
#include "support.h"

#include "descriptor.h"

#include <gtest/gtest.h>

using namespace sky;
using namespace sky::test;

namespace {

Topology kitchenSink()
{
    Topology t;
    t.name = "sink";
    t.description = "every field";
    t.catalogs = {"extra/catalog.yaml"};
    t.budget.cpu = 64;
    t.budget.memory = std::uint64_t(256) << 30;
    t.requirements["availability"] = "99.9";
    t.rules["SP-SPOF"] = "off";
    t.extra["x-team"] = ValueMap{{"owner", Value("ops")}};
    t.layout.extra["zoom"] = 1.5;
    t.addZone({"outer", "Outer", {}, {}});
    t.addZone({"inner", "", "outer", ValueMap{{"color", Value("red")}}});
    t.addZone({"empty", "Nobody here", {}, {}});
    Node net{"net", "internet"};
    Node lb{"lb", "load_balancer"};
    lb.zone = "outer";
    lb.replicas = 0;
    lb.properties["idle_timeout"] = 60;           // an integer where the schema says number
    lb.properties["sticky_sessions"] = true;
    lb.properties["tls_certificate"] = Value::secret("TLS");
    lb.resources.bandwidth = 250'000'000;
    lb.resources.cpu = 0.4;
    lb.resources.extra["gpu"] = 1;
    Node app{"app", "app_server"};
    app.zone = "inner";
    app.region = "eu-west";
    app.label = "App";
    app.replicas = 3;
    app.properties["image"] = "registry/app:1";
    app.properties["environment"] = ValueList{Value("A=1"), Value("B=2")};
    app.properties["mystery"] = ValueMap{{"nested", ValueList{Value(1), Value(2.5), Value(), Value(false)}}};
    app.extra["x-note"] = "kept";
    app.placement = {"aws", "eu-west-1", "m5.large", true}; // where it runs (placement)
    Node box{"box", "custom_box"}; // a type no catalog knows
    box.properties["size"] = "XL";
    Node vol{"vol", "block_storage"};
    vol.properties["size"] = "100GiB";
    Node s3{"s3", "object_storage"};
    s3.properties["bucket"] = "my-bucket";
    s3.zone = "ghost"; // a zone that does not exist
    for (Node *n : {&net, &lb, &app, &box, &vol, &s3})
        t.addNode(*n);
    t.layout.nodes["net"] = {0, 0};
    t.layout.nodes["lb"] = {200.5, -3};
    t.addLink({{"net", ""}, {"lb", ""}, "https", 443, {}, {}});
    Link withExtra{{"lb", "out"}, {"app", "in"}, "http", 8080, 100'000'000, ValueMap{{"weight", Value(3)}}};
    withExtra.traffic = 500;
    t.addLink(withExtra);
    t.addLink({{"app", "out"}, {"vol", "in"}, "iscsi", {}, {}, {}});
    t.addLink({{"app", "out"}, {"s3", "in"}, {}, {}, {}, {}});
    t.addLink({{"app", "custom"}, {"box", "port"}, {}, {}, {}, {}}); // terminals the catalog lacks
    t.addLink({{"box", "host"}, {"app", "feature"}, {}, {}, {}, {}}); // names TOSCA reserves
    t.policies["p1"] = Policy{"p1", "data-residency", ValueMap{{"regions", ValueList{Value("eu-west")}}}};
    t.providers = {"aws", "private-dc"};
    t.zones["inner"].placement = {"private-dc", "fra-1", "", true};
    return t;
}

void expectRoundTrip(const Topology &t, const std::string &formatName, const std::string &what)
{
    const std::string text = exportText(t, formatName);
    Topology back;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(format(formatName).read(text, what, Catalog::builtin(), back, diagnostics))
        << what << ": " << (diagnostics.empty() ? "" : diagnostics.front().format());
    EXPECT_FALSE(hasErrors(diagnostics)) << what;
    EXPECT_EQ(writeDescriptor(back), writeDescriptor(t)) << what;
    EXPECT_TRUE(back == t) << what << ": equal text, unequal values";
}

} // namespace

TEST(RoundTrip, ToscaKeepsExamplesAndGenerated)
{
    for (const auto &[name, t] : examples())
        expectRoundTrip(t, "tosca", name);
    int i = 0;
    for (const Topology &t : generated(60))
        expectRoundTrip(t, "tosca", "generated " + std::to_string(i++));
}

TEST(RoundTrip, ComposeKeepsExamplesAndGenerated)
{
    for (const auto &[name, t] : examples())
        expectRoundTrip(t, "compose", name);
    int i = 0;
    for (const Topology &t : generated(60))
        expectRoundTrip(t, "compose", "generated " + std::to_string(i++));
}

TEST(RoundTrip, EveryFieldSurvivesTosca)
{
    expectRoundTrip(kitchenSink(), "tosca", "kitchen sink");
}

TEST(RoundTrip, EveryFieldSurvivesCompose)
{
    expectRoundTrip(kitchenSink(), "compose", "kitchen sink");
}

TEST(RoundTrip, HostileTextSurvivesBoth)
{
    expectRoundTrip(hostileTopology(), "tosca", "hostile");
    expectRoundTrip(hostileTopology(), "compose", "hostile");
}

TEST(RoundTrip, EmptyTopologySurvivesBoth)
{
    expectRoundTrip(Topology{}, "tosca", "empty");
    expectRoundTrip(Topology{}, "compose", "empty");
}

TEST(RoundTrip, SecretLiteralsComeBackAsReferencesOnly)
{
    // The one deliberate change: a literal in a secret property is never
    // exported, so the import holds a reference to a deployment input.
    Topology t = kitchenSink();
    t.node("lb")->properties["tls_certificate"] = "-----BEGIN KEY-----";
    for (const std::string f : {"tosca", "compose"}) {
        Topology back;
        std::vector<Diagnostic> diagnostics;
        ASSERT_TRUE(format(f).read(exportText(t, f), f, Catalog::builtin(), back, diagnostics));
        EXPECT_EQ(back.node("lb")->properties.at("tls_certificate"), Value::secret("LB_TLS_CERTIFICATE")) << f;
        back.node("lb")->properties["tls_certificate"] = "-----BEGIN KEY-----";
        EXPECT_TRUE(back == t) << f;
    }
}

TEST(Import, ForeignComposeInfersTypesLinksZonesAndLayout)
{
    const std::string text = R"(services:
  proxy:
    image: traefik:v3
    ports: ["80:80", "443:443"]
    networks: [front]
  web:
    image: nginx:1.27
    networks: [front, back]
    depends_on: [api]
  api:
    image: registry.example.com/shop/api:2
    networks: [back]
    links: ["db:database"]
    depends_on:
      cache: {condition: service_started}
  db:
    image: postgres:16
    environment: {POSTGRES_PASSWORD: hunter2}
    networks: [back]
  cache: {image: "redis:7"}
  queue: {image: rabbitmq:3-management}
  files: {image: minio/minio}
  worker: {image: "my/worker@sha256:abc", depends_on: [queue, files]}
)";
    Topology t;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(format("compose").read(text, "foreign.yaml", Catalog::builtin(), t, diagnostics));
    EXPECT_EQ(t.node("proxy")->type, "load_balancer");
    EXPECT_EQ(t.node("web")->type, "web_server");
    EXPECT_EQ(t.node("api")->type, "app_server");
    EXPECT_EQ(t.node("db")->type, "database");
    EXPECT_EQ(t.node("db")->properties.at("engine"), Value("postgres"));
    EXPECT_EQ(t.node("cache")->type, "cache");
    EXPECT_EQ(t.node("queue")->type, "message_queue");
    EXPECT_EQ(t.node("files")->type, "object_storage");
    EXPECT_EQ(t.node("worker")->type, "app_server");
    EXPECT_EQ(t.node("api")->properties.at("image"), Value("registry.example.com/shop/api:2"));
    // depends_on (list and map), links, shared networks (down the tiers), published ports.
    for (const auto &[from, to] : std::vector<std::pair<std::string, std::string>>{
             {"web", "api"}, {"api", "cache"}, {"api", "db"}, {"worker", "queue"}, {"worker", "files"},
             {"proxy", "web"}, {"web", "db"}, {"internet", "proxy"}}) {
        const std::string a = from, b = to; // clang-14 cannot capture a structured binding
        EXPECT_TRUE(std::any_of(t.links.begin(), t.links.end(), [&](const Link &l) {
            return l.from.node == a && l.to.node == b;
        })) << a << " -> " << b;
    }
    EXPECT_EQ(t.node("internet")->type, "internet");
    EXPECT_EQ(t.node("web")->zone, "front");
    EXPECT_EQ(t.node("db")->zone, "back");
    EXPECT_TRUE(t.zone("front") && t.zone("back"));
    EXPECT_EQ(t.layout.nodes.size(), t.nodes.size());
    EXPECT_NE(t.layout.nodes.at("internet"), t.layout.nodes.at("db"));
    // The environment is kept as written, to go back out unchanged; the
    // literal password in it is named in a warning, and is no property.
    EXPECT_EQ(t.node("db")->properties.count("POSTGRES_PASSWORD"), 0u);
    EXPECT_EQ(t.node("db")->extra.at("compose"),
              Value(ValueMap{{"environment", Value(ValueMap{{"POSTGRES_PASSWORD", Value("hunter2")}})},
                             {"image", Value("postgres:16")},
                             {"networks", Value(ValueList{Value("back")})}}));
    EXPECT_TRUE(std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &d) {
        return d.severity == Severity::Warning && d.message.find("environment of 'db': POSTGRES_PASSWORD") != std::string::npos;
    }));
}

TEST(Import, ForeignToscaMapsNormativeTypesAndRequirements)
{
    const std::string text = R"(tosca_definitions_version: tosca_simple_yaml_1_0
topology_template:
  node_templates:
    server:
      type: tosca.nodes.Compute
      capabilities:
        host: {properties: {num_cpus: 4, mem_size: 8 GB}}
      requirements:
        - local_storage: {node: disk}
    disk:
      type: tosca.nodes.BlockStorage
      properties: {size: 10 GB}
    db:
      type: tosca.nodes.Database
      requirements:
        - host: server
)";
    Topology t;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(format("tosca").read(text, "foreign.yaml", Catalog::builtin(), t, diagnostics))
        << (diagnostics.empty() ? "" : diagnostics.front().format());
    EXPECT_EQ(t.node("server")->type, "app_server");
    EXPECT_EQ(t.node("disk")->type, "block_storage");
    EXPECT_EQ(t.node("db")->type, "database");
    EXPECT_EQ(t.node("server")->resources.cpu, 4.0);
    EXPECT_EQ(t.node("server")->resources.memory, std::uint64_t(8'000'000'000));
    // Hosting is no request link: the database is placed on the server.
    EXPECT_EQ(t.node("db")->host, "server");
    ASSERT_EQ(t.links.size(), 1u);
    EXPECT_EQ(t.links[0].from.node, "server");
    EXPECT_EQ(t.links[0].to.node, "disk");
    EXPECT_EQ(t.layout.nodes.size(), 3u);
}

// Resources in our own metadata that the native reader would refuse are
// refused at the import, where they are, in its words (they used to be kept
// as unknown fields under the same name, so the save failed instead).
TEST(Import, UnreadableResourcesInOurMetadataAreErrorsWhereTheyAre)
{
    const std::string tosca = R"(tosca_definitions_version: tosca_simple_yaml_1_2
metadata:
  skyplan.format: "1"
  skyplan.topology: '{"budget": {"cpu": "lots"}}'
topology_template:
  node_templates:
    fw:
      type: skyplan.nodes.firewall
      metadata: {skyplan.type: firewall, skyplan.resources: '{"cpu": "2="}'}
)";
    Topology t;
    std::vector<Diagnostic> d;
    format("tosca").read(tosca, "bad.tosca.yaml", Catalog::builtin(), t, d);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].format(), "bad.tosca.yaml:4:21: error: unreadable budget: cpu must be a number of cores, like 2 or 0.5 [SP-IMPORT]");
    EXPECT_EQ(d[1].format(), "bad.tosca.yaml:9:61: error: resources of 'fw': cpu must be a number of cores, like 2 or 0.5 [SP-IMPORT]");
    EXPECT_FALSE(t.node("fw")->resources.extra.count("cpu"));

    const std::string compose = R"(services:
  web:
    image: nginx
    labels:
      com.skyplan.node: '{"type": "web_server", "resources": {"memory": "much"}}'
)";
    Topology c;
    std::vector<Diagnostic> cd;
    format("compose").read(compose, "bad.compose.yaml", Catalog::builtin(), c, cd);
    ASSERT_FALSE(cd.empty());
    EXPECT_TRUE(hasErrors(cd));
    EXPECT_EQ(cd[0].format(), "bad.compose.yaml:5:25: error: unreadable com.skyplan.node label of 'web': "
                              "resources: memory must be a size, like 512MiB or 4GiB [SP-IMPORT]");
    EXPECT_EQ(c.node("web"), nullptr);
}
