#include "catalog.h"
#include "checks.h"
#include "descriptor.h"
#include "generator.h"
#include "yamlemit.h"

#include "testfiles.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

using namespace sky;
using sky::test::slurp;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> examples()
{
    std::vector<fs::path> files;
    for (const auto &e : fs::directory_iterator(SKYPLAN_EXAMPLES))
        if (e.path().string().ends_with(".sky.yaml"))
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

// Strings that YAML readers love to misread, and some that break naive writers.
const std::vector<std::string> &hostileStrings()
{
    static const std::vector<std::string> s{
        "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "~", "", " ", "0755", "0x1F", "1e3",
        "1_000", "1:20", ".5", "-1", "+1", ".inf", ".nan", "--- x", "... x", "---", "...", "- item",
        "? key", "a: b", "a #b", "#comment", "&anchor", "*alias", "!tag", "%directive", "@at", "`tick",
        "|", ">", "'single'", "\"double\"", "back\\slash", "line\nbreak", "tab\there", "cr\rhere",
        " leading", "trailing ", "double  space", "{flow: map}", "[flow, seq]", "${VAR}", "$$",
        "caf\xC3\xA9", "\xE2\x80\xA8ls", "n\xC2\x85" "el", "\xEF\xBB\xBF" "bom", "\x01\x02" "ctl", "\x7F",
        "\xF0\x9F\x9A\x80 rocket", "a,b", "x" + std::string(300, 'y'), "nginx:1.27", "eu-west", "4GiB",
    };
    return s;
}

Value randomValue(std::mt19937 &rng, int depth)
{
    const auto &h = hostileStrings();
    switch (std::uniform_int_distribution<int>(0, depth > 2 ? 4 : 6)(rng)) {
    case 0: return Value(h[rng() % h.size()]);
    case 1: return Value(std::int64_t(rng()) - 2'000'000'000);
    case 2: return Value(double(rng() % 100000) / 64.0);
    case 3: return Value(bool(rng() % 2));
    case 4: return Value();
    case 5: {
        ValueList l;
        for (int i = int(rng() % 4); i > 0; --i)
            l.push_back(randomValue(rng, depth + 1));
        return Value(l);
    }
    default: {
        ValueMap m;
        for (int i = int(rng() % 4); i > 0; --i)
            m[h[rng() % h.size()]] = randomValue(rng, depth + 1);
        return Value(m);
    }
    }
}

Topology randomTopology(std::uint32_t seed)
{
    std::mt19937 rng(seed);
    Topology t = generateTopology(Catalog::builtin(), {20 + int(seed % 40), 1.5, seed, true});
    const auto &h = hostileStrings();
    t.name = h[rng() % h.size()];
    t.description = h[rng() % h.size()];
    t.extra["x-team"] = randomValue(rng, 0);
    t.requirements["throughput"] = Value("2Gbps");
    t.rules["SP-PROPERTY-UNKNOWN"] = "off";
    t.budget.cpu = 64;
    for (auto &[id, n] : t.nodes) {
        n.label = h[rng() % h.size()];
        n.region = rng() % 2 ? "eu-west" : "";
        n.replicas = 1 + int(rng() % 4);
        if (rng() % 2)
            n.resources.cpu = double(rng() % 64) / 4.0;
        if (rng() % 2)
            n.resources.memory = (1ull << 20) * (1 + rng() % 8192);
        if (rng() % 3 == 0)
            n.resources.bandwidth = 1'000'000ull * (1 + rng() % 2000);
        n.properties[h[rng() % h.size()]] = randomValue(rng, 0);
        if (rng() % 5 == 0)
            n.extra["x-note"] = randomValue(rng, 0);
    }
    for (Link &l : t.links) {
        if (rng() % 2)
            l.port = 1 + int(rng() % 65535);
        if (rng() % 3 == 0)
            l.protocol = "https";
    }
    t.zones["dmz"].extra["x-color"] = Value(h[rng() % h.size()]);
    t.policies["eu"] = {"eu", "data-residency", {{"regions", Value(ValueList{"eu-west"})}}};
    t.layout.nodes["internet"] = {-12.5, 1e-3};
    return t;
}

} // namespace

TEST(Descriptor, ExamplesAreCanonicalAndRoundTrip)
{
    const auto files = examples();
    ASSERT_GE(files.size(), 3u);
    for (const fs::path &p : files) {
        SCOPED_TRACE(p.string());
        const std::string text = slurp(p);
        const ReadResult r = readDescriptor(text, p.string());
        ASSERT_TRUE(r.readable);
        EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().format();
        // The bundled files are written canonically: formatting changes nothing.
        EXPECT_EQ(writeDescriptor(r.topology), text);
        const ReadResult again = readDescriptor(writeDescriptor(r.topology), "again");
        EXPECT_EQ(again.topology, r.topology);
        EXPECT_GE(r.topology.nodes.size(), 6u);
    }
}

TEST(Descriptor, ExamplesValidateClean)
{
    for (const fs::path &p : examples()) {
        SCOPED_TRACE(p.string());
        const ReadResult r = readDescriptorFile(p.string());
        std::vector<Diagnostic> d;
        const Catalog c = catalogFor(r.topology, p.string(), d);
        const auto found = checkTopology(r.topology, c, r.sources, p.string());
        for (const Diagnostic &x : found)
            ADD_FAILURE() << x.format();
        EXPECT_TRUE(d.empty());
    }
}

TEST(Descriptor, RandomTopologiesRoundTripAndBytesAreStable)
{
    for (std::uint32_t seed = 1; seed <= 300; ++seed) {
        SCOPED_TRACE(seed);
        const Topology t = randomTopology(seed);
        const std::string text = writeDescriptor(t);
        const ReadResult r = readDescriptor(text, "gen.sky.yaml");
        ASSERT_TRUE(r.readable);
        for (const Diagnostic &d : r.diagnostics)
            if (d.severity == Severity::Error)
                ADD_FAILURE() << d.format() << "\n" << text.substr(0, 2000);
        ASSERT_EQ(r.topology, t) << text.substr(0, 3000);
        EXPECT_EQ(writeDescriptor(r.topology), text);
    }
}

TEST(Descriptor, UnknownFieldsAreKeptAndWarned)
{
    const std::string text = "skyplan: 1\nx-owner: team-a\nnodes:\n  w:\n    type: web_server\n"
                             "    x-cost: {center: 42}\n    resources: {cpu: 1, gpu: 2}\n"
                             "links:\n  - {from: w.out, to: w.in, x-why: loop}\n"
                             "zones:\n  z: {label: Z, color: red}\nlayout:\n  grid: 20\n";
    const ReadResult r = readDescriptor(text, "u.sky.yaml");
    ASSERT_TRUE(r.readable);
    int warnings = 0;
    for (const Diagnostic &d : r.diagnostics) {
        EXPECT_EQ(d.severity, Severity::Warning) << d.format();
        EXPECT_EQ(d.rule, "SP-UNKNOWN-FIELD");
        ++warnings;
    }
    EXPECT_EQ(warnings, 6);
    EXPECT_EQ(r.topology.extra.at("x-owner"), Value("team-a"));
    EXPECT_EQ(r.topology.node("w")->extra.at("x-cost"), Value(ValueMap{{"center", Value(42)}}));
    EXPECT_EQ(r.topology.node("w")->resources.extra.at("gpu"), Value(2));
    EXPECT_EQ(r.topology.links.at(0).extra.at("x-why"), Value("loop"));
    EXPECT_EQ(r.topology.zones.at("z").extra.at("color"), Value("red"));
    EXPECT_EQ(r.topology.layout.extra.at("grid"), Value(20));
    const std::string out = writeDescriptor(r.topology);
    EXPECT_NE(out.find("x-owner: team-a"), std::string::npos);
    EXPECT_NE(out.find("x-cost: {center: 42}"), std::string::npos);
    EXPECT_NE(out.find("gpu: 2"), std::string::npos);
    EXPECT_NE(out.find("x-why: loop"), std::string::npos);
    EXPECT_EQ(readDescriptor(out, "again").topology, r.topology);
}

TEST(Descriptor, DefaultTerminalAndWriterOrder)
{
    const std::string text = "skyplan: 1\nnodes:\n  b: {type: load_balancer}\n  a: {type: internet}\n"
                             "links:\n  - {to: b, from: a, port: 443, protocol: https}\n";
    const ReadResult r = readDescriptor(text, "t");
    ASSERT_TRUE(r.readable);
    ASSERT_EQ(r.topology.links.size(), 1u);
    EXPECT_EQ(r.topology.links[0].from, (Endpoint{"a", ""}));
    EXPECT_EQ(writeDescriptor(r.topology), "skyplan: 1\nnodes:\n  a:\n    type: internet\n  b:\n"
                                           "    type: load_balancer\nlinks:\n"
                                           "  - {from: a, to: b, protocol: https, port: 443}\n");
}

TEST(Descriptor, NewerVersionIsRefusedNamingBothVersions)
{
    const ReadResult r = readDescriptor("skyplan: 7\nnodes: {}\n", "new.sky.yaml");
    EXPECT_FALSE(r.readable);
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].format(), "new.sky.yaml:1:10: error: format version 7 is newer than this Skyplan "
                                         "reads (version 1); upgrade Skyplan to open it [SP-VERSION]");
}

TEST(Descriptor, ReportsEveryProblemNotJustTheFirst)
{
    const std::string text = "skyplan: 1\nnodes:\n  a: {type: internet, replicas: x}\n  b: {type: firewall, "
                             "zone: nope}\nlinks:\n  - {from: a.out, to: ghost.in}\n  - {from: a.out, port: 0}\n";
    const ReadResult r = readDescriptor(text, "m");
    ASSERT_TRUE(r.readable);
    std::vector<std::string> rules;
    for (const Diagnostic &d : r.diagnostics)
        rules.push_back(d.rule + "@" + std::to_string(d.loc.line));
    std::sort(rules.begin(), rules.end());
    EXPECT_EQ(rules, (std::vector<std::string>{"SP-FORMAT@3", "SP-FORMAT@7", "SP-FORMAT@7", "SP-REF@4", "SP-REF@6"}));
}

TEST(Descriptor, SizeLimitIsCheckedBeforeParsing)
{
    YamlLimits limits;
    limits.maxBytes = 100;
    const ReadResult r = readDescriptor(std::string(101, '#'), "big", limits);
    EXPECT_FALSE(r.readable);
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].format(), "big:1:1: error: file of 101 bytes is over the limit of 100 bytes [SP-YAML]");
}

TEST(Descriptor, NodeCountLimitStopsHugeInput)
{
    YamlLimits limits;
    limits.maxNodes = 1000;
    std::string text = "skyplan: 1\nextra: [";
    for (int i = 0; i < 2000; ++i)
        text += "1,";
    text += "]\n";
    const ReadResult r = readDescriptor(text, "n", limits);
    EXPECT_FALSE(r.readable);
    ASSERT_FALSE(r.diagnostics.empty());
    EXPECT_NE(r.diagnostics[0].message.find("more than 1000 YAML nodes"), std::string::npos);
}

TEST(Descriptor, WrittenStringsReadTheSameInPyYaml)
{
    // PyYAML is a YAML 1.1 reader: it takes unquoted yes/0755/1e3-like words
    // for booleans and numbers. What we write must read back as the same text.
    Topology t;
    Node n{"n", "web_server"};
    ValueList all;
    for (const std::string &s : hostileStrings())
        all.push_back(Value(s));
    n.properties["all"] = Value(all);
    t.addNode(n);
    const fs::path dir = fs::temp_directory_path() / ("skyplan-pyyaml-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "t.sky.yaml", std::ios::binary) << writeDescriptor(t);
    const std::string cmd = "python3 -c \"import yaml,json,sys; d=yaml.safe_load(open(sys.argv[1],encoding='utf-8'));"
                            " print(json.dumps(d['nodes']['n']['properties']['all']))\" "
                            + (dir / "t.sky.yaml").string() + " > " + (dir / "out.json").string();
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    // Compare as JSON strings produced by a tiny encoder of our own.
    std::string expected = "[";
    for (std::size_t i = 0; i < hostileStrings().size(); ++i) {
        const std::string &s = hostileStrings()[i];
        std::string py = std::string(i ? ", " : "") + '"';
        for (unsigned char c : s) {
            if (c == '"' || c == '\\')
                py += std::string("\\") + char(c);
            else if (c == '\n')
                py += "\\n";
            else if (c == '\t')
                py += "\\t";
            else if (c == '\r')
                py += "\\r";
            else if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                py += buf;
            } else
                py += char(c);
        }
        expected += py + '"';
    }
    expected += "]\n";
    // json.dumps escapes non-ASCII; decode it the same way by asking Python for ensure_ascii=False.
    const std::string cmd2 = "python3 -c \"import json,sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False))\" "
                             + (dir / "out.json").string() + " > " + (dir / "out2.json").string();
    ASSERT_EQ(std::system(cmd2.c_str()), 0);
    EXPECT_EQ(slurp(dir / "out2.json"), expected);
    fs::remove_all(dir);
}

TEST(Descriptor, NanReadsAsTextSoSavedCopiesStayEqual)
{
    // Fuzzer finding: `.nan` read as a NaN double made read(write(t)) != t,
    // so such a topology could never pass the save's read-back check.
    const ReadResult r = readDescriptor("skyplan: 1\nx-limit: .NAN\nnodes: {c: {type: cache, properties: {max_memory: .nan}}}\n", "n");
    ASSERT_TRUE(r.readable);
    const ReadResult back = readDescriptor(writeDescriptor(r.topology), "again");
    EXPECT_EQ(back.topology, r.topology);
    EXPECT_EQ(r.topology.extra.at("x-limit"), Value(".NAN"));
}
