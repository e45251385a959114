// Hostile text in every free-text field: each export is still accepted by its
// consumer, the consumer reads back the very same values, and nothing adds a
// field, a service, a node or a statement. Secrets never appear as values.
#include "support.h"

#include "compose.h"
#include "diff.h"
#include "sidecar.h"
#include "yamltree.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace sky;
using namespace sky::test;

namespace {

const YamlNode *at(const YamlNode *n, std::initializer_list<std::string_view> path)
{
    for (std::string_view k : path)
        n = n && n->isMap() ? n->get(k) : nullptr;
    return n;
}

} // namespace

TEST(Hostile, ToscaParserReadsTheSameValues)
{
    const Topology t = hostileTopology();
    TempDir dir;
    const std::string file = dir.file("hostile.tosca.yaml");
    writeText(file, exportText(t, "tosca"));
    const RunResult check = run(shellQuote(SKYPLAN_TOSCA_CHECK) + ' ' + shellQuote(file));
    ASSERT_EQ(check.exitCode, 0) << check.output;

    const RunResult r = run("/usr/bin/python3 " + shellQuote(SKYPLAN_CONSUMERS) + " tosca "
                            + shellQuote(SKYPLAN_TOSCA_DEFINITIONS) + ' ' + shellQuote(file));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    Value v;
    std::string error;
    ASSERT_TRUE(fromJson(r.output, v, error)) << error;
    ValueMap nodes = member(v, "nodes")->toMap();
    // The Computes (and DBMS) written for software to run on are not ours.
    // Nor are the zones' networks and the ports on them.
    std::erase_if(nodes, [](const auto &e) {
        const Value &meta = *member(e.second, "metadata");
        return member(meta, "skyplan.host-of") != nullptr || member(meta, "skyplan.network-of") != nullptr;
    });
    ASSERT_EQ(nodes.size(), t.nodes.size());
    auto isHost = [](const Value &req) { return req.toList()[0] == Value("host"); };
    std::size_t links = 0;
    for (const auto &[id, n] : t.nodes) {
        const Value &parsed = nodes.at(id);
        const Value *meta = member(parsed, "metadata");
        EXPECT_EQ(*member(*meta, "skyplan.label"), Value(n.label)) << id;
        EXPECT_EQ(*member(*meta, "skyplan.region"), Value(n.region)) << id;
        EXPECT_EQ(*member(*meta, "skyplan.type"), Value(n.type)) << id;
        const ValueMap &props = member(parsed, "properties")->toMap();
        for (const auto &[name, value] : props) {
            if (name == "name")
                continue; // the normative ObjectStorage name
            ASSERT_TRUE(n.properties.count(name)) << id << ": injected property " << name;
            if (auto secret = n.properties.at(name).secretRef())
                EXPECT_EQ(value, Value(ValueMap{{"get_input", Value(*secret)}})) << id << '.' << name;
            else
                EXPECT_EQ(value, n.properties.at(name)) << id << '.' << name;
        }
        for (const Value &req : member(parsed, "requirements")->toList())
            links += !isHost(req);
    }
    EXPECT_EQ(links, t.links.size());
    // The hostile link protocols, as the parser read them.
    std::multiset<std::string> protocols, expected;
    for (const auto &[id, n] : nodes)
        for (const Value &req : member(n, "requirements")->toList())
            if (!isHost(req))
                protocols.insert(member(req.toList()[2], "protocol")->toString());
    for (const Link &l : t.links)
        expected.insert(l.protocol);
    EXPECT_EQ(protocols, expected);
}

TEST(Hostile, DockerComposeReadsTheSameValues)
{
    const Topology t = hostileTopology();
    TempDir dir;
    const std::string file = dir.file("hostile.compose.yaml");
    const std::string exported = exportText(t, "compose");
    writeText(file, exported);
    // Compose leaves x-skyplan out of what it hands on; the export holds it.
    std::vector<Diagnostic> exportDiagnostics;
    auto exportDoc = parseYaml(exported, "export", exportDiagnostics);
    ASSERT_TRUE(exportDoc);
    const Value sidecars = compose::unescapeValueDollars(yamlValue(at(exportDoc->root(), {"x-skyplan", "nodes"})));
    ASSERT_TRUE(sidecars.isMap());
    const RunResult r = run("docker-compose -f " + shellQuote(file) + " config");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(r.output.find("WARNING"), std::string::npos) << "something was interpolated:\n" << r.output.substr(0, 2000);

    std::vector<Diagnostic> diagnostics;
    auto doc = parseYaml(r.output, "config", diagnostics);
    ASSERT_TRUE(doc) << (diagnostics.empty() ? "" : diagnostics.front().format());
    const YamlNode *services = at(doc->root(), {"services"});
    ASSERT_TRUE(services && services->isMap());
    std::set<std::string> names;
    for (const auto &[k, s] : services->entries)
        names.insert(k->scalar);
    EXPECT_EQ(names, (std::set<std::string>{"app", "cache", "db", "dns", "edge-fw", "lb", "web"}));
    for (const auto &[k, s] : services->entries) {
        const Node &n = *t.node(k->scalar);
        // The node's sidecar in x-skyplan holds the node exactly.
        const Value *side = member(sidecars, n.id);
        ASSERT_TRUE(side) << n.id;
        Node back;
        back.id = n.id;
        ASSERT_TRUE(readNode(*side, back));
        back.replicas = n.replicas;
        EXPECT_TRUE(back == n) << n.id;
        // Environment values are the property values, text for text.
        if (const YamlNode *env = at(s, {"environment"}))
            for (const auto &[ek, ev] : env->entries) {
                if (ek->scalar.ends_with("_FILE") || ek->scalar.ends_with("_RANDOM_ROOT_PASSWORD"))
                    continue;
                // A data service's official image reads its settings under its own names.
                static const std::map<std::string, std::string> imageVars = {
                    {"POSTGRES_DB", "db_name"},  {"POSTGRES_USER", "user"},          {"MYSQL_DATABASE", "db_name"},
                    {"MYSQL_USER", "user"},      {"MARIADB_DATABASE", "db_name"},    {"MARIADB_USER", "user"},
                    {"MONGO_INITDB_DATABASE", "db_name"}, {"MONGO_INITDB_ROOT_USERNAME", "user"}};
                const auto mapped = imageVars.find(ek->scalar);
                const std::string property = mapped == imageVars.end() ? ek->scalar : mapped->second;
                ASSERT_TRUE(n.properties.count(property)) << n.id << ": injected variable " << ek->scalar;
                const Value &p = n.properties.at(property);
                const std::string expected = p.isString() ? p.toString() : p.isList() || p.isMap() ? toJson(p) : p.display();
                EXPECT_EQ(compose::unescapeDollars(ev->scalar), expected) << n.id << '.' << ek->scalar;
            }
    }
    EXPECT_EQ(compose::unescapeDollars(at(services, {"app", "image"})->scalar), t.node("app")->properties.at("image").toString());
}

TEST(Hostile, DotDrawsTheSameNodesLabelsAndEdges)
{
    const Topology t = hostileTopology();
    TempDir dir;
    const std::string file = dir.file("hostile.dot");
    writeText(file, exportText(t, "dot"));
    const RunResult svg = run("dot -Tsvg " + shellQuote(file) + " -o " + shellQuote(file + ".svg"));
    ASSERT_EQ(svg.exitCode, 0) << svg.output;
    const RunResult r = run("dot -Tjson0 " + shellQuote(file));
    ASSERT_EQ(r.exitCode, 0) << r.output.substr(0, 2000);
    std::vector<Diagnostic> diagnostics;
    auto doc = parseYaml(r.output, "json", diagnostics);
    ASSERT_TRUE(doc);
    const Value graph = yamlValue(doc->root());
    std::set<std::string> nodes, clusters;
    std::map<std::string, std::string> labels;
    for (const Value &o : member(graph, "objects")->toList()) {
        const std::string name = member(o, "name")->toString();
        if (member(o, "nodes") || member(o, "subgraphs") || member(o, "edges") || name.starts_with("%")) {
            if (name.starts_with("cluster_"))
                clusters.insert(name);
            continue;
        }
        nodes.insert(name);
        // DOT escapes as the consumer stores them: \" \\ and \n.
        std::string label, raw = member(o, "label")->toString();
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '\\' && i + 1 < raw.size()) {
                ++i;
                label += raw[i] == 'n' ? '\n' : raw[i];
            } else {
                label += raw[i];
            }
        }
        labels[name] = label;
    }
    std::set<std::string> ids, zones;
    for (const auto &[id, n] : t.nodes)
        ids.insert(id);
    for (const auto &[id, z] : t.zones)
        zones.insert("cluster_" + id);
    EXPECT_EQ(nodes, ids);
    EXPECT_EQ(clusters, zones);
    for (const auto &[id, n] : t.nodes)
        EXPECT_TRUE(labels[id].starts_with(n.label + "\n")) << id;
    EXPECT_EQ(member(graph, "edges")->toList().size(), t.links.size());
}

TEST(Secrets, NoExportHoldsASecretValue)
{
    Topology t = hostileTopology();
    const std::string literal = "hunter2-SECRET-LITERAL";
    t.node("db")->properties["password"] = literal;           // secret in the catalog: a forced export
    t.node("app")->properties["api_token"] = literal + "-2"; // unknown, named like a secret
    t.node("cache")->properties["password"] = Value::secret("CACHE_PASSWORD");
    for (const std::string f : {"tosca", "compose", "adl", "dot", "skyplan"}) {
        const std::string text = exportText(t, f);
        if (f == "skyplan") {
            EXPECT_NE(text.find(literal), std::string::npos); // the native file keeps what the user wrote
            continue;
        }
        EXPECT_EQ(text.find("hunter2"), std::string::npos) << f;
    }
    EXPECT_NE(exportText(t, "tosca").find("get_input: CACHE_PASSWORD"), std::string::npos);
    EXPECT_NE(exportText(t, "tosca").find("get_input: DB_PASSWORD"), std::string::npos);
    EXPECT_NE(exportText(t, "compose").find("/run/secrets/CACHE_PASSWORD"), std::string::npos);
    EXPECT_NE(exportText(t, "compose").find("./secrets/DB_PASSWORD"), std::string::npos);
    EXPECT_NE(exportText(t, "adl").find("property cache_password : mandatory"), std::string::npos);
}

TEST(Secrets, ExamplesExportOnlyReferences)
{
    for (const auto &[name, t] : examples())
        for (const std::string f : {"tosca", "compose", "adl"}) {
            const std::string text = exportText(t, f);
            for (const auto &[id, n] : t.nodes) {
                for (const auto &[p, v] : n.properties) {
                    if (auto secret = v.secretRef()) {
                        EXPECT_NE(text.find(f == "adl" ? std::string("$") : *secret), std::string::npos) << name << ' ' << f;
                    }
                }
            }
        }
}

// Issue 26.4: one rule for what is secret, the one `skyplan diff` masks by:
// names diff treated as secret were exported as literals.
TEST(Secrets, EveryNameDiffMasksIsMaskedByEveryExportToo)
{
    Topology t = hostileTopology();
    const std::vector<std::string> names = {"privateKey", "ssh-private-key", "api_key", "apikey", "passwd",
                                            "passphrase", "credentials", "root_password", "API-Token"};
    int i = 0;
    for (const std::string &name : names)
        t.node("app")->properties[name] = "hunter2-" + std::to_string(i++);
    t.node("app")->properties["settings"] = Value(ValueMap{{"password", Value("hunter2-nested")},
                                                           {"user", Value("shown-user")}});
    t.node("app")->properties["token_ttl"] = 3600; // a number under a secret-looking name: no secret
    const SecretPolicy diffRule({&Catalog::builtin()});
    for (const std::string &name : names)
        EXPECT_TRUE(diffRule.isSecret(Entity::Node, t.node("app")->type, FieldKey{FieldKey::Group::Property, name})) << name;
    for (const std::string f : {"tosca", "compose", "adl", "dot"}) {
        const std::string text = exportText(t, f);
        const std::size_t at = text.find("hunter2");
        EXPECT_EQ(at, std::string::npos) << f << ": " << (at == std::string::npos ? "" : text.substr(at, 40));
    }
    const std::string tosca = exportText(t, "tosca");
    EXPECT_NE(tosca.find("APP_SETTINGS_PASSWORD"), std::string::npos);
    EXPECT_NE(tosca.find("APP_SSH_PRIVATE_KEY"), std::string::npos);
    EXPECT_NE(tosca.find("shown-user"), std::string::npos); // only the secret field of the map is masked
    EXPECT_NE(tosca.find("3600"), std::string::npos);
}
