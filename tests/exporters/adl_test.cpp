// There is no ADL consumer here, so this test carries one: a parser of the
// grammar in DESIGN.md ("ADL component, assembly and package descriptors",
// AppLogic 2.4-2.7, condensed) that also checks the semantic rules the
// grammar implies: classes exist, terminals exist with the right direction,
// and an output connects to exactly one input.
#include "support.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <set>
#include <stdexcept>

using namespace sky;
using namespace sky::test;

namespace {

struct AdlComponent
{
    std::set<std::string> inputs, outputs, properties;
};

struct AdlSubordinate
{
    std::string cls;
    std::map<std::string, std::string> attrs; // string values unescaped; others as written
    std::map<std::string, std::string> refs;  // attribute -> assembly property ($name)
};

struct AdlFile
{
    std::map<std::string, AdlComponent> components;
    std::set<std::string> assemblyProperties;
    std::map<std::string, AdlSubordinate> subordinates;
    std::vector<std::pair<std::string, std::string>> connections;
};

class AdlParser
{
public:
    explicit AdlParser(const std::string &text) : m_s(text) {}

    AdlFile parse()
    {
        AdlFile f;
        for (skip(); m_i < m_s.size(); skip()) {
            const std::string kw = name();
            if (kw == "component")
                component(f);
            else if (kw == "assembly")
                assembly(f);
            else
                fail("expected component or assembly, got '" + kw + "'");
        }
        return f;
    }

private:
    [[noreturn]] void fail(const std::string &why) const
    {
        std::size_t line = 1;
        for (std::size_t i = 0; i < m_i && i < m_s.size(); ++i)
            line += m_s[i] == '\n';
        throw std::runtime_error("line " + std::to_string(line) + ": " + why);
    }

    void skip()
    {
        while (m_i < m_s.size()) {
            if (std::isspace(static_cast<unsigned char>(m_s[m_i]))) {
                ++m_i;
            } else if (m_s[m_i] == '#') {
                while (m_i < m_s.size() && m_s[m_i] != '\n')
                    ++m_i;
            } else {
                break;
            }
        }
    }

    bool peek(char c)
    {
        skip();
        return m_i < m_s.size() && m_s[m_i] == c;
    }

    void expect(const std::string &token)
    {
        skip();
        if (m_s.compare(m_i, token.size(), token) != 0)
            fail("expected '" + token + "'");
        m_i += token.size();
    }

    // NAME: a short lowercase word.
    std::string name()
    {
        skip();
        const std::size_t start = m_i;
        while (m_i < m_s.size() && (std::islower(static_cast<unsigned char>(m_s[m_i])) || std::isdigit(static_cast<unsigned char>(m_s[m_i])) || m_s[m_i] == '_'))
            ++m_i;
        if (m_i == start || !std::islower(static_cast<unsigned char>(m_s[start])))
            fail("expected a lowercase name");
        return m_s.substr(start, m_i - start);
    }

    // A value: "quoted" (\" \\ \n \r \t escapes), a number with an optional
    // unit, a word, or $property.
    std::string value(bool *quoted = nullptr)
    {
        skip();
        if (quoted)
            *quoted = false;
        if (m_i < m_s.size() && m_s[m_i] == '"') {
            if (quoted)
                *quoted = true;
            std::string out;
            for (++m_i; m_i < m_s.size() && m_s[m_i] != '"'; ++m_i) {
                if (m_s[m_i] == '\n')
                    fail("newline inside a string");
                if (m_s[m_i] == '\\') {
                    const char e = m_s[++m_i];
                    if (std::string_view("\"\\nrt").find(e) == std::string_view::npos)
                        fail("bad escape");
                    out += e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
                } else {
                    out += m_s[m_i];
                }
            }
            if (m_i >= m_s.size())
                fail("unterminated string");
            ++m_i;
            return out;
        }
        const std::size_t start = m_i;
        if (m_i < m_s.size() && m_s[m_i] == '$')
            ++m_i;
        while (m_i < m_s.size() && (std::isalnum(static_cast<unsigned char>(m_s[m_i])) || m_s[m_i] == '_' || m_s[m_i] == '.' || m_s[m_i] == '-' || m_s[m_i] == '|'))
            ++m_i;
        if (m_i == start)
            fail("expected a value");
        return m_s.substr(start, m_i - start);
    }

    // key=value pairs after ':' separated by ',' (bare flags allowed).
    std::map<std::string, std::string> attributes(const std::set<std::string> &allowed)
    {
        std::map<std::string, std::string> out;
        do {
            const std::string key = name();
            if (!allowed.count(key))
                fail("unexpected attribute '" + key + "'");
            if (peek('=')) {
                expect("=");
                out[key] = value();
            } else {
                out[key] = "";
            }
        } while (peek(',') && (expect(","), true));
        return out;
    }

    void component(AdlFile &f)
    {
        const std::string cls = name();
        if (f.components.count(cls))
            fail("component " + cls + " twice");
        AdlComponent &c = f.components[cls];
        expect("{");
        while (!peek('}')) {
            const std::string kw = name();
            const std::string n = name();
            expect(":");
            if (kw == "resource") {
                if (n != "cpu" && n != "mem" && n != "bw")
                    fail("unknown resource " + n);
                auto a = attributes({"min", "max", "dflt"});
                if (a.size() != 3)
                    fail("resource needs min, max and dflt");
            } else if (kw == "input") {
                attributes({"protocol"});
                if (!c.inputs.insert(n).second)
                    fail("input " + n + " twice");
            } else if (kw == "output") {
                attributes({"protocol", "mandatory"});
                if (!c.outputs.insert(n).second)
                    fail("output " + n + " twice");
            } else if (kw == "property") {
                auto a = attributes({"type", "values", "min", "max", "mandatory", "dflt"});
                const std::string type = a["type"];
                if (type != "string" && type != "integer" && type != "ip_addr")
                    fail("property type '" + type + "'");
                if (a.count("mandatory") && a.count("dflt"))
                    fail("mandatory and dflt");
                c.properties.insert(n);
            } else if (kw == "volume") {
                attributes({"dev", "mount", "ro", "high_bw"});
            } else {
                fail("unexpected '" + kw + "' in a component");
            }
            if (c.inputs.count(n) && c.outputs.count(n))
                fail("terminal " + n + " is both input and output");
        }
        expect("}");
    }

    void assembly(AdlFile &f)
    {
        if (name() != "main")
            fail("expected assembly main");
        expect("{");
        while (!peek('}')) {
            const std::string kw = name();
            if (kw == "property") {
                f.assemblyProperties.insert(name());
                if (peek(':')) {
                    expect(":");
                    attributes({"dflt", "mandatory"});
                }
            } else if (kw == "input" || kw == "output") {
                name();
            } else if (kw == "subordinate") {
                const std::string s = name();
                if (f.subordinates.count(s))
                    fail("subordinate " + s + " twice");
                AdlSubordinate &sub = f.subordinates[s];
                expect("{");
                expect(".class");
                expect("=");
                sub.cls = name();
                while (!peek('}')) {
                    const std::string attr = name();
                    expect("=");
                    bool quoted = false;
                    sub.attrs[attr] = value(&quoted);
                    if (!quoted && sub.attrs[attr].starts_with("$"))
                        sub.refs[attr] = sub.attrs[attr].substr(1);
                }
                expect("}");
            } else if (kw == "connections") {
                expect("[");
                while (!peek(']')) {
                    const std::string a = name();
                    expect(".");
                    const std::string at = name();
                    expect("=>");
                    const std::string b = name();
                    expect(".");
                    const std::string bt = name();
                    f.connections.emplace_back(a + '.' + at, b + '.' + bt);
                }
                expect("]");
            } else {
                fail("unexpected '" + kw + "' in an assembly");
            }
        }
        expect("}");
    }

    std::string m_s;
    std::size_t m_i = 0;
};

// Semantic rules: classes, terminals and directions exist; each output has at most one connection.
void checkSemantics(const AdlFile &f)
{
    std::set<std::string> usedOutputs;
    for (const auto &[s, sub] : f.subordinates) {
        ASSERT_TRUE(f.components.count(sub.cls)) << s << ": unknown class " << sub.cls;
        for (const auto &[attr, property] : sub.refs) {
            EXPECT_TRUE(f.assemblyProperties.count(property)) << s << '.' << attr;
        }
    }
    for (const auto &[from, to] : f.connections) {
        const std::string fs = from.substr(0, from.find('.')), ft = from.substr(from.find('.') + 1);
        const std::string ts = to.substr(0, to.find('.')), tt = to.substr(to.find('.') + 1);
        ASSERT_TRUE(f.subordinates.count(fs)) << from;
        ASSERT_TRUE(f.subordinates.count(ts)) << to;
        EXPECT_TRUE(f.components.at(f.subordinates.at(fs).cls).outputs.count(ft)) << from << " is not an output";
        EXPECT_TRUE(f.components.at(f.subordinates.at(ts).cls).inputs.count(tt)) << to << " is not an input";
        EXPECT_TRUE(usedOutputs.insert(from).second) << from << " connects to more than one input";
    }
}

AdlFile parseAdl(const Topology &t)
{
    const std::string text = exportText(t, "adl");
    try {
        return AdlParser(text).parse();
    } catch (const std::exception &e) {
        ADD_FAILURE() << e.what() << "\n" << text.substr(0, 3000);
        return {};
    }
}

} // namespace

TEST(AdlGrammar, CheckerRejectsWhatTheGrammarForbids)
{
    for (const char *bad : {
             "component web {\n  input in : protocol=http\n  input in : protocol=http\n}\n",
             "component web {\n  property p : type=float\n}\n",
             "component Web { }\n",
             "assembly main {\n  subordinate a {\n    .class = web\n    x = \"unterminated\n  }\n}\n",
             "assembly main {\n  connections [ a.out -> b.in ]\n}\n",
             "component web { resource cpu : min=1, max=2 }\n",
         })
        EXPECT_THROW(AdlParser(bad).parse(), std::runtime_error) << bad;
    const AdlFile ok = AdlParser("component web {\n  input in : protocol=http\n  output out1 : protocol=http, mandatory\n}\n"
                                 "assembly main {\n  subordinate a {\n    .class = web\n  }\n  connections [\n    a.out1 => a.in\n  ]\n}\n")
                           .parse();
    EXPECT_EQ(ok.connections.size(), 1u);
    AdlFile twice = ok;
    twice.connections.push_back(twice.connections.front());
    EXPECT_NONFATAL_FAILURE(checkSemantics(twice), "connects to more than one input");
}

TEST(AdlGrammar, ExamplesAndGeneratedParseAndHoldEveryNodeAndLink)
{
    std::vector<Topology> all = generated(100);
    for (auto &[name, t] : examples())
        all.push_back(t);
    for (const Topology &t : all) {
        const AdlFile f = parseAdl(t);
        checkSemantics(f);
        EXPECT_EQ(f.subordinates.size(), t.nodes.size());
        EXPECT_EQ(f.connections.size(), t.links.size());
        std::set<std::string> types;
        for (const auto &[id, n] : t.nodes)
            types.insert(n.type);
        EXPECT_EQ(f.components.size(), types.size());
    }
}

TEST(AdlGrammar, LoadBalancerFansOutOverNumberedOutputs)
{
    Topology t;
    t.addNode(Node{"lb", "load_balancer"});
    for (const char *id : {"w1", "w2", "w3"}) {
        t.addNode(Node{id, "web_server"});
        t.addLink({{"lb", "out"}, {id, "in"}, "http", 8080, {}, {}});
    }
    const AdlFile f = parseAdl(t);
    checkSemantics(f);
    EXPECT_EQ(f.components.at("load_balancer").outputs, (std::set<std::string>{"out1", "out2", "out3"}));
    std::set<std::string> from;
    for (const auto &[a, b] : f.connections)
        from.insert(a);
    EXPECT_EQ(from, (std::set<std::string>{"lb.out1", "lb.out2", "lb.out3"}));
}

TEST(AdlGrammar, HostileValuesStayInsideTheirStrings)
{
    const Topology t = hostileTopology();
    const AdlFile f = parseAdl(t);
    checkSemantics(f);
    EXPECT_EQ(f.subordinates.size(), t.nodes.size());
    EXPECT_EQ(f.connections.size(), t.links.size());
    EXPECT_EQ(f.subordinates.at("app").attrs.at("image"), t.node("app")->properties.at("image").toString());
    EXPECT_EQ(f.subordinates.at("app").attrs.at("health_check"), t.node("app")->properties.at("health_check").toString());
    EXPECT_EQ(f.subordinates.at("web").attrs.at("document_root"), t.node("web")->properties.at("document_root").toString());
    EXPECT_EQ(f.subordinates.at("lb").attrs.at("health_check"), t.node("lb")->properties.at("health_check").toString());
    EXPECT_EQ(f.subordinates.at("db").refs.at("password"), "webshop_db_password");
    EXPECT_TRUE(f.subordinates.at("app").refs.empty()); // "${HOME} ..." is a string, not a reference
    EXPECT_TRUE(f.subordinates.count("edge_fw")); // ids folded to ADL words
}
