// Every class of code point a label may hold (issue 26.8), written by each
// YAML writer (native, Compose, TOSCA): PyYAML reads the file and finds the
// very same text, and so does our own reader.
#include "support.h"

#include "descriptor.h"

#include <gtest/gtest.h>

#include <string>

using namespace sky;
using namespace sky::test;

namespace {

std::string utf8(char32_t c)
{
    std::string s;
    if (c < 0x80) {
        s += char(c);
    } else if (c < 0x800) {
        s += char(0xC0 | (c >> 6));
        s += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        s += char(0xE0 | (c >> 12));
        s += char(0x80 | ((c >> 6) & 0x3F));
        s += char(0x80 | (c & 0x3F));
    } else {
        s += char(0xF0 | (c >> 18));
        s += char(0x80 | ((c >> 12) & 0x3F));
        s += char(0x80 | ((c >> 6) & 0x3F));
        s += char(0x80 | (c & 0x3F));
    }
    return s;
}

// One label per class: each C0 control but NUL, DEL, each C1 control, the
// YAML line breaks, the BOM, the noncharacters U+FFFE/U+FFFF, a private-use
// and an astral character, and plain text around each.
std::vector<std::string> labels()
{
    std::vector<std::string> out;
    auto add = [&](char32_t c) { out.push_back("a" + utf8(c) + "b"); };
    for (char32_t c = 1; c < 0x20; ++c)
        add(c);
    add(0x7F);
    for (char32_t c = 0x80; c <= 0x9F; ++c)
        add(c);
    for (char32_t c : {0xA0u, 0x2028u, 0x2029u, 0xFEFFu, 0xFFFEu, 0xFFFFu, 0xE000u, 0xFFFDu, 0x1F600u, 0x10FFFFu})
        add(c);
    return out;
}

std::string hex(const std::string &s)
{
    static const char digits[] = "0123456789abcdef";
    std::string h;
    for (unsigned char c : s) {
        h += digits[c >> 4];
        h += digits[c & 15];
    }
    return h;
}

} // namespace

TEST(CodePoints, EveryYamlWriterEscapesWhatYamlMustAndPyYamlReadsItBack)
{
    Topology t;
    const std::vector<std::string> all = labels();
    for (std::size_t i = 0; i < all.size(); ++i) {
        Node n{"n" + std::to_string(i), "web_server"};
        n.label = all[i];
        n.properties["image"] = Value("nginx");
        t.addNode(n);
    }
    TempDir dir;
    // The expected labels, hex-encoded, one a line, by node id order.
    std::string expected;
    for (const auto &[id, n] : t.nodes)
        expected += id + " " + hex(n.label) + "\n";
    writeText(dir.file("expected.txt"), expected);
    // Where each format keeps the label, as a Python expression over `d`.
    const std::vector<std::pair<std::string, std::string>> formats = {
        {"skyplan", "{k: v['label'] for k, v in d['nodes'].items()}"},
        {"compose", "{k: v['label'] for k, v in d['x-skyplan']['nodes'].items()}"},
        {"tosca", "{k: v['metadata']['skyplan.label'] for k, v in d['topology_template']['node_templates'].items() "
                  "if 'skyplan.label' in v.get('metadata', {})}"},
    };
    for (const auto &[name, where] : formats) {
        const std::string text = exportText(t, name);
        ASSERT_FALSE(text.empty()) << name;
        const std::string file = dir.file("t." + name + ".yaml");
        writeText(file, text);
        const std::string script = "import yaml,sys\n"
                                   "d = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))\n"
                                   "got = " + where + "\n"
                                   "bad = 0\n"
                                   "for line in open(sys.argv[2]):\n"
                                   "    k, h = line.split()\n"
                                   "    if got.get(k, '').encode('utf-8').hex() != h:\n"
                                   "        print(k, repr(got.get(k)), bytes.fromhex(h).decode('utf-8').encode('unicode_escape'))\n"
                                   "        bad += 1\n"
                                   "sys.exit(1 if bad else 0)\n";
        writeText(dir.file("check.py"), script);
        const RunResult r = run("/usr/bin/python3 " + shellQuote(dir.file("check.py")) + " " + shellQuote(file) + " "
                                + shellQuote(dir.file("expected.txt")));
        EXPECT_EQ(r.exitCode, 0) << name << ": PyYAML\n" << r.output.substr(0, 3000);

        // Our own reader: the same labels.
        Topology back;
        std::vector<Diagnostic> diagnostics;
        format(name).read(text, file, Catalog::builtin(), back, diagnostics);
        EXPECT_FALSE(hasErrors(diagnostics)) << name << ": " << (diagnostics.empty() ? "" : diagnostics.front().message.str());
        for (const auto &[id, n] : t.nodes) {
            const Node *b = back.node(id);
            ASSERT_NE(b, nullptr) << name << " " << id;
            EXPECT_EQ(hex(b->label), hex(n.label)) << name << " " << id;
        }
    }
}

TEST(CodePoints, DotWritesNoControlCharacter)
{
    Topology t;
    Node n{"n", "web_server"};
    n.label = std::string("a\0b\x01\x1b[2K\x7f", 9);
    t.addNode(n);
    const std::string dot = exportText(t, "dot");
    for (const char c : dot)
        EXPECT_TRUE((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) || c == '\n') << int(c);
    EXPECT_NE(dot.find("a\xEF\xBF\xBD" "b"), std::string::npos);
}
