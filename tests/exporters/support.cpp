#include "support.h"

#include "builtinformats.h"
#include "descriptor.h"
#include "generator.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>

namespace sky::test {

RunResult run(const std::string &commandLine)
{
    RunResult r;
    FILE *pipe = popen((commandLine + " 2>&1").c_str(), "r");
    if (!pipe)
        return r;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
        r.output.append(buf.data(), n);
    const int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string shellQuote(const std::string &s)
{
    std::string out = "'";
    for (const char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

TempDir::TempDir()
{
    static std::mt19937 rng(std::random_device{}());
    m_path = std::filesystem::temp_directory_path() / ("skyplan-exporters-" + std::to_string(rng()));
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir()
{
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

void writeText(const std::string &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string readText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const Format &format(const std::string &name)
{
    const Format *f = builtinFormats().find(name);
    if (!f)
        throw std::runtime_error("no format " + name);
    return *f;
}

std::string exportText(const Topology &t, const std::string &formatName)
{
    std::string text, error;
    EXPECT_TRUE(format(formatName).write(t, Catalog::builtin(), text, error)) << error;
    return text;
}

std::vector<std::pair<std::string, Topology>> examples()
{
    std::vector<std::pair<std::string, Topology>> out;
    for (const auto &entry : std::filesystem::directory_iterator(SKYPLAN_EXAMPLES)) {
        if (!entry.path().string().ends_with(".sky.yaml"))
            continue;
        ReadResult r = readDescriptorFile(entry.path().string());
        EXPECT_TRUE(r.readable) << entry.path();
        out.emplace_back(entry.path().filename().string(), std::move(r.topology));
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return out;
}

std::vector<Topology> generated(int count)
{
    std::vector<Topology> out;
    for (int i = 0; i < count; ++i) {
        GeneratorOptions o;
        o.seed = std::uint32_t(1000 + i);
        o.nodes = 4 + (i * 7) % 90;
        o.linksPerNode = 1.0 + (i % 5) * 0.4;
        o.layout = i % 4 != 3;
        out.push_back(generateTopology(Catalog::builtin(), o));
    }
    return out;
}

const std::vector<std::string> &hostileStrings()
{
    static const std::vector<std::string> strings{
        "quote \" and 'single' and \"\"",
        "colon: value",
        "line1\nline2\n  indented: key",
        "${HOME} and $PATH and $$ and ${X:-default}",
        "# not a comment",
        "- leading dash",
        "-",
        "non-ASCII: Zürich, 東京, 🚀",
        std::string(5000, 'x') + " long",
        "key: [1, 2]\nservices:\n  evil:\n    image: evil",
        "}\n]; evil [label=x]; \"",
        "\\backslash\\n and \\\" ",
        "  leading and trailing spaces  ",
        "yes",
        "0755",
        "null",
        "`backtick` $(rm -rf /) ; | & >",
        "\ttab",
        "*alias &anchor !tag | > ? {a: b} [c] %percent @at",
        "=> a.out => b.in ]\nconnections [",
    };
    return strings;
}

Topology hostileTopology()
{
    ReadResult r = readDescriptorFile(std::string(SKYPLAN_EXAMPLES) + "/webshop.sky.yaml");
    Topology t = r.topology;
    const auto &h = hostileStrings();
    std::size_t i = 0;
    auto next = [&] { return h[i++ % h.size()]; };
    t.name = next();
    t.description = next();
    for (auto &[id, n] : t.nodes) {
        n.label = next();
        n.region = next();
    }
    for (auto &[id, z] : t.zones)
        z.label = next();
    // Free-text property values, including ones the catalog types as strings.
    t.node("app")->properties["image"] = h[9];
    t.node("app")->properties["health_check"] = h[3];
    t.node("web")->properties["document_root"] = h[2];
    t.node("db")->properties["db_name"] = h[0];
    t.node("dns")->properties["domain"] = h[7];
    t.node("edge-fw")->properties["allow"] = ValueList{Value(h[4]), Value(h[5]), Value(h[10])};
    t.node("lb")->properties["health_check"] = h[8];
    t.node("cache")->properties["note"] = h[11]; // unknown to the catalog
    t.node("cache")->properties["eviction"] = h[13];
    for (Link &l : t.links)
        l.protocol = next();
    return t;
}

} // namespace sky::test
