// Every example and a few hundred generated topologies, exported and handed
// to the real consumer: tosca-parser (through tosca-check), docker-compose's
// own `config -q`, Graphviz dot. Each consumer runs once over all files.
#include "support.h"

#include "descriptor.h"
#include "format.h"
#include "catalog.h"
#include "builtinformats.h"
#include "sidecar.h"
#include "yamltree.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

using namespace sky;
using namespace sky::test;

namespace {

constexpr int kGenerated = 200;

struct Corpus
{
    TempDir dir;
    std::vector<std::string> files;
    std::vector<const Topology *> topologies;
};

std::vector<Topology> &all()
{
    static std::vector<Topology> list = [] {
        std::vector<Topology> l;
        for (auto &[name, t] : examples())
            l.push_back(std::move(t));
        for (Topology &t : generated(kGenerated))
            l.push_back(std::move(t));
        return l;
    }();
    return list;
}

void exportAll(Corpus &c, const std::string &formatName, const std::string &extension)
{
    int i = 0;
    for (const Topology &t : all()) {
        const std::string file = c.dir.file("t" + std::to_string(i++) + extension);
        writeText(file, exportText(t, formatName));
        c.files.push_back(file);
        c.topologies.push_back(&t);
    }
}

std::string joinQuoted(const std::vector<std::string> &files)
{
    std::string out;
    for (const std::string &f : files)
        out += ' ' + shellQuote(f);
    return out;
}

std::size_t countLines(const std::string &text, const std::string &needle)
{
    std::size_t n = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        n += line.find(needle) != std::string::npos;
    return n;
}

} // namespace

TEST(Consumers, CorpusHasExamplesAndHundredsOfGeneratedTopologies)
{
    EXPECT_GE(all().size(), std::size_t(kGenerated + 3));
    std::size_t links = 0;
    for (const Topology &t : all())
        links += t.links.size();
    EXPECT_GT(links, all().size()); // the corpus is wired, not a set of lonely nodes
}

TEST(Consumers, ToscaCheckAcceptsEveryExport)
{
    Corpus c;
    exportAll(c, "tosca", ".tosca.yaml");
    const RunResult r = run(shellQuote(SKYPLAN_TOSCA_CHECK) + joinQuoted(c.files));
    EXPECT_EQ(r.exitCode, 0) << r.output.substr(0, 4000);
    EXPECT_EQ(countLines(r.output, ": valid TOSCA"), c.files.size());
}

TEST(Consumers, ToscaParserKeepsEveryNodeAndRelationship)
{
    Corpus c;
    exportAll(c, "tosca", ".tosca.yaml");
    const RunResult r = run("/usr/bin/python3 " + shellQuote(SKYPLAN_CONSUMERS) + " tosca "
                            + shellQuote(SKYPLAN_TOSCA_DEFINITIONS) + joinQuoted(c.files));
    ASSERT_EQ(r.exitCode, 0) << r.output.substr(0, 4000);
    std::map<std::string, const Topology *> byFile;
    for (std::size_t i = 0; i < c.files.size(); ++i)
        byFile[c.files[i]] = c.topologies[i];
    std::istringstream in(r.output);
    std::size_t seen = 0;
    for (std::string line; std::getline(in, line);) {
        Value v;
        std::string error;
        ASSERT_TRUE(fromJson(line, v, error)) << error << ": " << line.substr(0, 200);
        const Topology *t = byFile.at(member(v, "file")->toString());
        const ValueMap &nodes = member(v, "nodes")->toMap();
        // Software runs on a Compute (and a database on a DBMS on it) the
        // export writes for it, marked skyplan.host-of: not nodes of ours.
        std::size_t ours = 0, relationships = 0;
        for (const auto &[id, n] : nodes) {
            const Value *hostOf = member(*member(n, "metadata"), "skyplan.host-of");
            const Value *networkOf = member(*member(n, "metadata"), "skyplan.network-of");
            const std::string type = member(n, "type")->toString();
            if (networkOf) {
                // A zone, as the network its nodes' ports link to.
                EXPECT_TRUE(t->zone(networkOf->toString())) << id;
                EXPECT_EQ(type, "tosca.nodes.network.Network") << id;
                continue;
            }
            if (hostOf && type == "tosca.nodes.network.Port") {
                // Binds the node (or its host) to its zone's network.
                const Node *owner = t->node(hostOf->toString());
                ASSERT_TRUE(owner) << id;
                EXPECT_FALSE(owner->zone.empty()) << id;
                std::set<std::string> names;
                for (const Value &req : member(n, "requirements")->toList())
                    names.insert(req.toList()[0].toString());
                EXPECT_EQ(names, (std::set<std::string>{"binding", "link"})) << id;
                continue;
            }
            std::size_t hosting = 0;
            for (const Value &req : member(n, "requirements")->toList())
                hosting += req.toList()[0] == Value("host");
            relationships += std::size_t(member(n, "relationships")->toInt()) - hosting;
            if (hostOf) {
                EXPECT_TRUE(t->node(hostOf->toString())) << id;
                EXPECT_TRUE(type == "tosca.nodes.Compute" || type == "tosca.nodes.DBMS") << id << ": " << type;
                continue;
            }
            ++ours;
            EXPECT_TRUE(t->node(id)) << id;
            EXPECT_EQ(member(n, "type")->toString(), "skyplan.nodes." + t->node(id)->type);
        }
        EXPECT_EQ(ours, t->nodes.size());
        EXPECT_EQ(relationships, t->links.size()) << member(v, "file")->toString();
        ++seen;
    }
    EXPECT_EQ(seen, c.files.size());
}

// Block storage a web server links to is attached (AttachesTo, with the
// required location) to the Compute written for the server, and the
// server's zone is a network its Compute has a port on, as tosca-parser
// reads them.
TEST(Consumers, ToscaParserSeesAttachedStorageAndZoneNetworks)
{
    const ReadResult r = readDescriptor(R"(skyplan: 1
name: volumes
zones:
  app: {label: App tier}
nodes:
  internet: {type: internet}
  web: {type: web_server, zone: app, replicas: 2}
  vol: {type: block_storage, zone: app}
links:
  - {from: internet.out, to: web.in}
  - {from: web.out, to: vol.in}
)", "volumes.sky.yaml");
    ASSERT_TRUE(r.readable);
    TempDir dir;
    const std::string file = dir.file("volumes.tosca.yaml");
    writeText(file, exportText(r.topology, "tosca"));
    const RunResult p = run("/usr/bin/python3 " + shellQuote(SKYPLAN_CONSUMERS) + " tosca "
                            + shellQuote(SKYPLAN_TOSCA_DEFINITIONS) + ' ' + shellQuote(file));
    ASSERT_EQ(p.exitCode, 0) << p.output;
    Value v;
    std::string error;
    ASSERT_TRUE(fromJson(p.output, v, error)) << error;
    const ValueMap &nodes = member(v, "nodes")->toMap();
    ASSERT_TRUE(nodes.count("web_host")) << p.output;
    ASSERT_TRUE(nodes.count("app_network")) << p.output;
    ASSERT_TRUE(nodes.count("web_host_port")) << p.output;
    EXPECT_EQ(*member(nodes.at("app_network"), "type"), Value("tosca.nodes.network.Network"));
    EXPECT_EQ(*member(*member(nodes.at("app_network"), "properties"), "network_name"), Value("App tier"));
    std::map<std::string, std::string> portReqs, hostReqs;
    for (const Value &req : member(nodes.at("web_host_port"), "requirements")->toList())
        portReqs[req.toList()[0].toString()] = req.toList()[1].toString();
    EXPECT_EQ(portReqs, (std::map<std::string, std::string>{{"binding", "web_host"}, {"link", "app_network"}}));
    const ValueList &attach = member(nodes.at("web_host"), "requirements")->toList();
    ASSERT_EQ(attach.size(), 1u) << p.output;
    EXPECT_EQ(attach[0].toList()[0], Value("local_storage"));
    EXPECT_EQ(attach[0].toList()[1], Value("vol"));
    EXPECT_EQ(*member(attach[0].toList()[2], "location"), Value("/mnt/vol"));
    // And the round trip folds them away again.
    Topology back;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(builtinFormats().find("tosca")->read(readText(file), file, Catalog::builtin(), back, diagnostics));
    EXPECT_EQ(back.nodes.size(), r.topology.nodes.size());
    EXPECT_EQ(back.links.size(), r.topology.links.size());
    EXPECT_EQ(back.node("vol")->zone, "app");
}

TEST(Consumers, DockerComposeConfigAcceptsEveryExport)
{
    Corpus c;
    exportAll(c, "compose", ".compose.yaml");
    const RunResult r = run("/usr/bin/python3 " + shellQuote(SKYPLAN_CONSUMERS) + " compose" + joinQuoted(c.files));
    EXPECT_EQ(r.exitCode, 0) << r.output.substr(0, 4000);
    EXPECT_EQ(countLines(r.output, ": ok"), c.files.size());
}

TEST(Consumers, DockerComposeCommandAcceptsTheExamples)
{
    // The installed command itself, not only its code in one process.
    TempDir dir;
    int i = 0;
    for (const auto &[name, t] : examples()) {
        const std::string file = dir.file("e" + std::to_string(i++) + ".compose.yaml");
        writeText(file, exportText(t, "compose"));
        const RunResult r = run("docker-compose -f " + shellQuote(file) + " config -q");
        EXPECT_EQ(r.exitCode, 0) << name << ": " << r.output;
    }
    EXPECT_EQ(i, 3);
}

TEST(Consumers, DotAcceptsEveryExport)
{
    Corpus c;
    exportAll(c, "dot", ".dot");
    // One dot per file: graphviz 2.43 corrupts its heap when one process lays
    // out a few hundred graphs (-O over many files aborts in malloc).
    const std::string list = c.dir.file("files.txt");
    std::string names;
    for (const std::string &f : c.files)
        names += f + '\n';
    writeText(list, names);
    const RunResult r = run("xargs -d '\\n' -P2 -n1 dot -Tsvg -O < " + shellQuote(list));
    EXPECT_EQ(r.exitCode, 0) << r.output.substr(0, 4000);
    EXPECT_EQ(r.output.find("Warning"), std::string::npos) << r.output.substr(0, 4000);
    for (const std::string &f : c.files) {
        const std::string svg = readText(f + ".svg");
        EXPECT_NE(svg.find("<svg"), std::string::npos) << f;
    }
}
