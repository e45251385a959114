// The fast YAML path against yaml-cpp's: whatever it accepts must read as
// the very same tree, positions included, and it must accept every text our
// own writer emits.
#include "catalog.h"
#include "descriptor.h"
#include "generator.h"
#include "yamlfast.h"
#include "yamltree.h"

#include "testfiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

using namespace sky;
using sky::test::slurp;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> yamlFiles()
{
    const fs::path data(SKYPLAN_TEST_DATA);
    const fs::path fuzzCorpus = data.parent_path() / "fuzz" / "corpus";
    std::vector<fs::path> files;
    for (const fs::path &dir : {fs::path(SKYPLAN_EXAMPLES), data, fuzzCorpus / "descriptor", fuzzCorpus / "yamlfast"})
        for (const auto &e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file() && e.path().extension() == ".yaml")
                files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

enum class Fast { MayGiveUp, MustAccept, MustGiveUp };

// Both paths on `text`: equal trees whenever the fast one accepts.
void compare(const std::string &text, Fast expect, const YamlLimits &limits = {})
{
    SCOPED_TRACE(text.size() < 400 ? text : text.substr(0, 400) + "...");
    const auto fast = parseYamlFast(text, limits);
    std::vector<Diagnostic> diagnostics;
    const auto slow = parseYamlSlow(text, "t.yaml", diagnostics, limits);
    if (expect == Fast::MustAccept) {
        EXPECT_TRUE(fast) << "the fast path gave up";
    }
    if (expect == Fast::MustGiveUp) {
        EXPECT_FALSE(fast) << "the fast path accepted";
    }
    if (!fast)
        return;
    ASSERT_TRUE(slow) << "the fast path accepted what yaml-cpp refuses: "
                      << (diagnostics.empty() ? std::string() : diagnostics.front().message);
    EXPECT_TRUE(diagnostics.empty()) << diagnostics.front().message;
    EXPECT_EQ(yamlTreeDifference(fast->root(), slow->root()), "");
}

// Strings that a writer must quote, or that look like YAML syntax.
const std::vector<std::string> &hostileStrings()
{
    static const std::vector<std::string> s{
        "", " ", "yes", "null", "~", "Null", "0755", "1e3", "-1", ".5", "--- x", "...", "- item", "? key",
        "a: b", "a #b", "#c", "&a", "*a", "!t", "%d", "@at", "`t", "|", ">", "'s'", "\"d\"", "it's",
        "back\\slash", "line\nbreak", "tab\there", "cr\rhere", " lead", "trail ", "two  spaces", "{f: m}",
        "[f, s]", "a,b", "caf\xC3\xA9", "\xE2\x80\xA8ls", "n\xC2\x85" "el", "\xEF\xBB\xBF" "bom",
        "\x01\x7F", "\xF0\x9F\x9A\x80 rocket", "nginx:1.27", "42", "3.14", "true", "x" + std::string(300, 'y'),
    };
    return s;
}

Value hostileValue(std::mt19937 &rng, int depth)
{
    const auto &h = hostileStrings();
    switch (std::uniform_int_distribution<int>(0, depth > 2 ? 4 : 6)(rng)) {
    case 0: return Value(h[rng() % h.size()]);
    case 1: return Value(std::int64_t(rng()) - 2'000'000'000);
    case 2: return Value(double(rng() % 100000) / -64.0);
    case 3: return Value(bool(rng() % 2));
    case 4: return Value();
    case 5: {
        ValueList l;
        for (int i = int(rng() % 4); i > 0; --i)
            l.push_back(hostileValue(rng, depth + 1));
        return Value(std::move(l));
    }
    default: {
        ValueMap m;
        for (int i = int(rng() % 4); i > 0; --i)
            m.emplace(h[rng() % h.size()], hostileValue(rng, depth + 1));
        return Value(std::move(m));
    }
    }
}

// A generated topology with hostile labels, ids, properties and extras.
Topology hostileTopology(std::uint32_t seed, int nodes)
{
    Topology t = generateTopology(Catalog::builtin(), {nodes, 1.5, seed, true});
    std::mt19937 rng(seed);
    const auto &h = hostileStrings();
    t.description = h[rng() % h.size()];
    std::map<std::string, Node> renamed;
    for (auto &[id, n] : t.nodes) {
        n.label = h[rng() % h.size()];
        n.properties.emplace(h[rng() % h.size()], hostileValue(rng, 0));
        n.extra.emplace("x-" + h[rng() % h.size()], hostileValue(rng, 0));
        const std::string newId = rng() % 4 ? id : id + h[rng() % h.size()];
        renamed.emplace(newId, n);
    }
    t.nodes = std::move(renamed);
    for (Link &l : t.links)
        l.extra.emplace(h[rng() % h.size()], hostileValue(rng, 1));
    t.extra.emplace("x-" + h[rng() % h.size()], hostileValue(rng, 0));
    return t;
}

} // namespace

TEST(YamlFast, EveryFileReadsAsYamlCppReadsIt)
{
    const auto files = yamlFiles();
    ASSERT_GT(files.size(), 50u);
    int accepted = 0;
    for (const fs::path &file : files) {
        SCOPED_TRACE(file.string());
        const bool example = file.parent_path() == fs::path(SKYPLAN_EXAMPLES);
        compare(slurp(file), example ? Fast::MustAccept : Fast::MayGiveUp);
        accepted += bool(parseYamlFast(slurp(file)));
    }
    EXPECT_GE(accepted, 3);
}

TEST(YamlFast, AcceptsWhatTheWriterWrites)
{
    for (const int nodes : {1, 12, 100, 1000})
        for (const std::uint32_t seed : {1u, 7u, 42u})
            compare(writeDescriptor(generateTopology(Catalog::builtin(), {nodes, 1.5, seed, seed != 7})),
                    Fast::MustAccept);
    for (const fs::path &file : yamlFiles()) {
        const ReadResult r = readDescriptor(slurp(file), file.string());
        if (r.readable)
            compare(writeDescriptor(r.topology), Fast::MustAccept);
    }
}

TEST(YamlFast, AcceptsHostileLabelsAsWritten)
{
    for (std::uint32_t seed = 1; seed <= 40; ++seed)
        compare(writeDescriptor(hostileTopology(seed, int(seed % 5) * 10 + 3)), Fast::MustAccept);
}

TEST(YamlFast, ReadsTheSubsetAsYamlCppDoes)
{
    const char *cases[] = {
        "a: 1\n",
        "a:\nb: 1\n",
        "a:\n",
        "a:\n\n\n",
        "x:\n  a:\nb: 1\n",
        "x:\n  a:\n\n  b: 1\n",
        "a: null\n~: 1\nNULL: 2\n",
        "- a: 1\n  b: 2\n-\n  - x\n",
        "- a:\n- b\n",
        "-\n- b\n",
        "x:\n  - a:\n  - b:\ny: 1\n",
        "x:\n    - a\n    - b\ny:\n      deep: 1\n",
        "\n\na: 1\n\nb:\n\n  c: 2\n",
        "{}\n",
        "[]\n",
        "[a, [b, {c: d}], {}]\n",
        "a: { x: y , z: [ 1 ,2 ] }\n",
        "a: {x: {y: {z: [1, [2, [3]]]}}}\n",
        "\xC3\xA9: {\xC3\xA9: a, b: \"\xC3\xBC\", c: x}\n",
        "a: \"\\u00e9\\x41\\0\\t\\n\\r\\\\\\\"\\/\\ \\L\\P\\a\\b\\e\\f\\v\\U0001F680\\x80\"\n",
        "a: 'it''s'\nb: ''\nc: '\\'\n",
        "\"a b\": 1\n\"c\":\n  - 1\n'd': [\"e\", 'f']\n",
        "a: -1\nb: -.5\nc: +1\nd: .inf\ne: 1e+20\nf: (x)\ng: /p\nh: x:y\ni: a b c\n",
        "a: it's\nb: x\"y\nc: a@b.c\nd: 50%\ne: x!y&z*w|v>u\n",
        "a: [-1, .5, +x, a:b, c d]\n",
        "a:    x\nb:  [1]\n",
        "- [1, 2]\n- {a: b}\n- \"q\"\n- 'r'\n- ~\n",
        "a:\n  - - x\n",
        "a:\n- x\n",
    };
    for (const char *text : cases)
        compare(text, Fast::MayGiveUp);
    for (const char *text : {"a:\nb: 1\n", "x:\n  a:\n\n  b: 1\n", "- a: 1\n  b: 2\n-\n  - x\n", "-\n- b\n",
                             "a: { x: y , z: [ 1 ,2 ] }\n", "a: \"\\u00e9\\x41\\0\\L\"\n",
                             "a: 'it''s'\nb: ''\n", "a: null\n~: 1\n"})
        compare(text, Fast::MustAccept);
}

TEST(YamlFast, GivesUpOutsideTheSubset)
{
    const char *cases[] = {
        "",
        "\n",
        "a: 1",                            // no final line break
        "a: &x 1\nb: *x\n",                // anchor, alias
        "a: !!str 1\n",                    // tag
        "? a\n: b\n",                      // explicit key
        "a: |\n  text\n",                  // block scalars
        "a: >\n  text\n",
        "---\na: 1\n",                     // document markers, directives
        "a: 1\n...\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "# comment\na: 1\n",               // comments
        "a: 1 # comment\n",
        "a: [1, # c\n  2]\n",
        "a:\tb\n",                         // tab, CR
        "a: b\r\n",
        "a: x\n  continued\n",             // multi-line scalars
        "a: \"x\n  y\"\n",
        "a: 'x\n  y'\n",
        "a: [1,\n  2]\n",                  // multi-line flow
        "a: @x\n",                         // indicators first
        "a: `x\n",
        "a: %x\n",
        "a: - x\n",
        "a: 1\na: 2\n",                    // duplicate keys
        "a: {x: 1, x: 2}\n",
        "null: 1\n~: 2\n",
        "a: 1 \n",                         // trailing space
        "a: \"\\N\"\n",                    // escapes yaml-cpp mis-decodes or refuses
        "a: \"\\_\"\n",
        "a: \"\\uD800\"\n",
        "a: \"\\q\"\n",
        "a: {x:y}\n",                      // flow oddities
        "a: {x: }\n",
        "a: [x, ]\n",
        "a: [x: y]\n",
        "a: {x}\n",
        "[a]: b\n",
        "a: b: c\n",
        "  a: 1\n",                        // indentation oddities
        "a:\n    b: 1\n  c: 2\n",
        "- a\n  - b\n",
        "- a\nb: 1\n",
        "\xEF\xBB\xBF" "a: 1\n",           // byte order mark, line separators
        "a: \xC2\x85\n",
        "a: \xE2\x80\xA8\n",
        "[a]\nb\n",                        // two documents
        "plain\n",
        "a:b\n",
        "a : b\n",
        "-  a\n",
    };
    for (const char *text : cases)
        compare(text, Fast::MustGiveUp);
    // yaml-cpp drops a simple key that starts more than 1024 bytes before its
    // ':', even when it is short once its escapes are decoded.
    std::string escaped = "\"";
    for (int i = 0; i < 150; ++i)
        escaped += "\\U00000041";
    compare(escaped + "\": 1\n", Fast::MustGiveUp);
    compare("{" + escaped + "\": 1}\n", Fast::MustGiveUp);
    compare("'" + std::string(1023, 'a') + "': 1\n", Fast::MustGiveUp);
}

TEST(YamlFast, GivesUpAtTheLimits)
{
    const std::string text = writeDescriptor(generateTopology(Catalog::builtin(), {20, 1.5, 3, true}));
    YamlLimits depth;
    depth.maxDepth = 3;
    YamlLimits nodes;
    nodes.maxNodes = 50;
    YamlLimits scalar;
    scalar.maxScalarBytes = 4;
    YamlLimits bytes;
    bytes.maxBytes = 100;
    for (const YamlLimits &limits : {depth, nodes, scalar, bytes})
        compare(text, Fast::MustGiveUp, limits);
    YamlLimits deep;
    deep.maxDepth = 200;
    std::string nested = "a: " + std::string(150, '[') + std::string(150, ']') + "\n";
    compare(nested, Fast::MayGiveUp, deep);
    compare("k: " + std::string(250, 'x') + "\n" + std::string(250, 'x') + ": 1\n", Fast::MustAccept);
    compare(std::string(1100, 'x') + ": 1\n", Fast::MustGiveUp); // a key the writer could not write
}

TEST(YamlFast, ParseYamlTakesTheFastPathToTheSameTree)
{
    const std::string text = writeDescriptor(hostileTopology(5, 30));
    std::vector<Diagnostic> d1, d2;
    const auto viaParse = parseYaml(text, "t.yaml", d1);
    const auto slow = parseYamlSlow(text, "t.yaml", d2);
    ASSERT_TRUE(viaParse && slow);
    EXPECT_TRUE(d1.empty() && d2.empty());
    EXPECT_EQ(yamlTreeDifference(viaParse->root(), slow->root()), "");
}
