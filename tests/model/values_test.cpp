#include "catalog.h"
#include "quantity.h"
#include "value.h"
#include "yamlemit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sky;

TEST(Quantity, ParsesAndFormatsSizes)
{
    EXPECT_EQ(parseSize("4GiB"), 4ull << 30);
    EXPECT_EQ(parseSize("512MiB"), 512ull << 20);
    EXPECT_EQ(parseSize("500MB"), 500'000'000ull);
    EXPECT_EQ(parseSize("1.5GiB"), 3ull << 29);
    EXPECT_EQ(parseSize("1024"), 1024ull);
    EXPECT_EQ(parseSize("lots"), std::nullopt);
    EXPECT_EQ(parseSize("-1GiB"), std::nullopt);
    EXPECT_EQ(parseSize("0.3B"), std::nullopt);
    EXPECT_EQ(formatSize(4ull << 30), "4GiB");
    EXPECT_EQ(formatSize(1536ull << 20), "1536MiB");
    EXPECT_EQ(formatSize(500'000'000ull), "500MB");
    EXPECT_EQ(formatSize(1001), "1001B");
    for (std::uint64_t v : {1ull, 1000ull, 1024ull, 3ull << 29, 123456789ull, 1ull << 40})
        EXPECT_EQ(parseSize(formatSize(v)), v);
}

TEST(Quantity, ParsesAndFormatsBandwidth)
{
    EXPECT_EQ(parseBandwidth("250Mbps"), 250'000'000ull);
    EXPECT_EQ(parseBandwidth("2Gbps"), 2'000'000'000ull);
    EXPECT_EQ(parseBandwidth("2GiB"), std::nullopt);
    EXPECT_EQ(formatBandwidth(2'000'000'000ull), "2Gbps");
    EXPECT_EQ(formatBandwidth(1'500'000ull), "1500Kbps");
}

TEST(Value, PlainScalarsFollowTheCoreSchema)
{
    EXPECT_TRUE(resolvePlainScalar("").isNull());
    EXPECT_TRUE(resolvePlainScalar("~").isNull());
    EXPECT_EQ(resolvePlainScalar("true"), Value(true));
    EXPECT_EQ(resolvePlainScalar("yes"), Value("yes")); // 1.2: a string
    EXPECT_EQ(resolvePlainScalar("443"), Value(443));
    EXPECT_EQ(resolvePlainScalar("-7"), Value(-7));
    EXPECT_EQ(resolvePlainScalar("0x1F"), Value(31));
    EXPECT_EQ(resolvePlainScalar("0o17"), Value(15));
    EXPECT_EQ(resolvePlainScalar("1e3"), Value(1000.0));
    EXPECT_EQ(resolvePlainScalar("2.5"), Value(2.5));
    EXPECT_EQ(resolvePlainScalar("1.27"), Value(1.27));
    EXPECT_EQ(resolvePlainScalar("nginx:1.27"), Value("nginx:1.27"));
    EXPECT_EQ(resolvePlainScalar("99999999999999999999"), Value("99999999999999999999"));
    EXPECT_TRUE(std::isinf(resolvePlainScalar(".inf").toDouble()));
    EXPECT_EQ(resolvePlainScalar(".NAN"), Value(".NAN")); // NaN != NaN would defeat the save check
    EXPECT_EQ(resolvePlainScalar(".nan"), resolvePlainScalar(".nan"));
}

TEST(Value, SecretReferences)
{
    EXPECT_EQ(Value::secret("DB").secretRef(), "DB");
    EXPECT_EQ(Value("DB").secretRef(), std::nullopt);
    EXPECT_EQ(Value(ValueMap{{"secret", Value(1)}}).secretRef(), std::nullopt);
    EXPECT_EQ(Value(ValueMap{{"secret", Value("A")}, {"x", Value(1)}}).secretRef(), std::nullopt);
}

TEST(YamlEmit, QuotesWhatOtherReadersMisread)
{
    for (const char *s : {"yes", "No", "on", "off", "y", "null", "~", "0755", "1e3", "1_000", "1:20", "--- x",
                          "... x", "-x", "a: b", "a #b", "", " x", "x ", "true", "3", "0x1F", ".inf", "caf\xC3\xA9"})
        EXPECT_EQ(yamlScalar(s).front(), '"') << s;
    for (const char *s : {"eu-west", "web_server", "4GiB", "250Mbps", "Edge firewall", "tcp/443", "/healthz", "a.b"})
        EXPECT_EQ(yamlScalar(s), s);
    EXPECT_EQ(yamlScalar("line\nbreak\t\"q\"\\"), "\"line\\nbreak\\t\\\"q\\\"\\\\\"");
    EXPECT_EQ(yamlScalar("\x01"), "\"\\x01\"");
    EXPECT_EQ(yamlScalar("a\xE2\x80\xA8" "b"), "\"a\\u2028b\"");
}

TEST(YamlEmit, FlowWhenItFitsBlockOtherwise)
{
    YamlOut root = YamlOut::map(YamlOut::Style::Block);
    YamlOut small = YamlOut::map();
    small.set("cpu", YamlOut::integer(2));
    small.set("memory", YamlOut::string("4GiB"));
    root.set("resources", small);
    YamlOut big = YamlOut::map();
    for (int i = 0; i < 12; ++i)
        big.set("key" + std::to_string(i), YamlOut::string("value-number-" + std::to_string(i)));
    root.set("properties", big);
    YamlOut list = YamlOut::list(YamlOut::Style::Block);
    YamlOut item = YamlOut::map(YamlOut::Style::Block);
    item.set("id", YamlOut::string("p"));
    item.set("kind", YamlOut::string("k"));
    list.add(item);
    root.set("policies", list);
    const std::string out = emitYaml(root);
    EXPECT_EQ(out.substr(0, out.find('\n')), "resources: {cpu: 2, memory: 4GiB}");
    EXPECT_NE(out.find("properties:\n  key0: value-number-0\n"), std::string::npos) << out;
    EXPECT_NE(out.find("policies:\n  - id: p\n    kind: k\n"), std::string::npos) << out;
}

TEST(Catalog, BuiltinFilesLoadWithoutProblems)
{
    std::size_t files = 0;
    for (const auto &e : std::filesystem::directory_iterator(SKYPLAN_CATALOG_DIR)) {
        Catalog c;
        std::vector<Diagnostic> d;
        EXPECT_TRUE(c.loadFile(e.path().string(), d)) << e.path();
        for (const Diagnostic &x : d)
            ADD_FAILURE() << x.format();
        ++files;
    }
    EXPECT_GE(files, 6u);
}

TEST(Catalog, HasTheRequiredTypesWithTerminalsAndResources)
{
    const Catalog &c = Catalog::builtin();
    for (const char *id : {"internet", "firewall", "load_balancer", "switch", "router", "web_server", "app_server",
                           "database", "cache", "message_queue", "object_storage", "block_storage", "dns",
                           "vpn_gateway"}) {
        SCOPED_TRACE(id);
        const ComponentType *t = c.type(id);
        ASSERT_NE(t, nullptr);
        EXPECT_FALSE(t->name.empty());
        EXPECT_FALSE(t->icon.empty());
        EXPECT_TRUE(std::filesystem::exists(std::string(SKYPLAN_CATALOG_DIR) + "/../icons/" + t->icon + ".svg"));
        EXPECT_FALSE(t->terminals.empty());
        EXPECT_GT(t->cpu.max, 0);
        EXPECT_LE(t->cpu.min, t->cpu.defaultValue);
        EXPECT_LE(t->cpu.defaultValue, t->cpu.max);
        EXPECT_LE(t->memory.min, t->memory.max);
        EXPECT_LE(t->bandwidth.min, t->bandwidth.max);
    }
    EXPECT_TRUE(c.type("internet")->entry);
    EXPECT_TRUE(c.type("vpn_gateway")->entry);
    EXPECT_FALSE(c.type("database")->entry);
    EXPECT_EQ(c.type("firewall")->defaultTerminal(Direction::In)->name, "ext");
    EXPECT_TRUE(c.type("database")->property("password")->secret);
}

TEST(Catalog, PropertySchemasCheckValues)
{
    const ComponentType *lb = Catalog::builtin().type("load_balancer");
    ASSERT_NE(lb, nullptr);
    const PropertySchema *alg = lb->property("algorithm");
    ASSERT_NE(alg, nullptr);
    EXPECT_EQ(alg->check(Value("round_robin")), "");
    EXPECT_NE(alg->check(Value("random")), "");
    const PropertySchema *port = lb->property("port");
    ASSERT_NE(port, nullptr);
    EXPECT_EQ(port->check(Value(443)), "");
    EXPECT_EQ(port->check(Value(70000)), "70000 is above the maximum 65535");
    EXPECT_EQ(port->check(Value("443")), "expected a whole number, got \"443\"");

    PropertySchema ip{"peer", PropertyKind::Ip};
    EXPECT_EQ(ip.check(Value("10.0.0.1")), "");
    EXPECT_EQ(ip.check(Value("2001:db8::1")), "");
    EXPECT_NE(ip.check(Value("10.0.0.256")), "");
    PropertySchema size{"disk", PropertyKind::Size};
    size.min = double(1ull << 30);
    EXPECT_EQ(size.check(Value("20GiB")), "");
    EXPECT_NE(size.check(Value("10MiB")), "");
    PropertySchema list{"allow", PropertyKind::List};
    list.itemKind = PropertyKind::String;
    list.pattern = "^(tcp|udp)/[0-9]+$";
    EXPECT_EQ(list.check(Value(ValueList{"tcp/443", "udp/53"})), "");
    EXPECT_NE(list.check(Value(ValueList{"icmp"})), "");
    PropertySchema secret{"password", PropertyKind::String};
    secret.secret = true;
    EXPECT_EQ(secret.check(Value::secret("X")), "");
    EXPECT_NE(secret.check(Value("hunter2")), "");
}

TEST(Catalog, ExtraCatalogAddsTypesAndReportsProblemsWithLocations)
{
    Catalog c = Catalog::builtin();
    std::vector<Diagnostic> d;
    EXPECT_TRUE(c.load("catalog: 1\ntypes:\n  waf:\n    name: WAF\n    tier: security\n    icon: firewall\n"
                       "    terminals:\n      - {name: in, direction: in, protocols: [https]}\n", "team.yaml", d));
    EXPECT_TRUE(d.empty());
    ASSERT_NE(c.type("waf"), nullptr);
    EXPECT_EQ(c.type("waf")->tier, Tier::Security);
    EXPECT_FALSE(c.load("catalog: 1\ntypes:\n  x: {tier: orbit}\n", "bad.yaml", d));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].format(), "bad.yaml:3:13: error: unknown tier 'orbit' [SP-CATALOG]");
}

TEST(Subjects, KeepsEachSubjectInOrderWhateverItsLength)
{
    const sky::Subjects none;
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(none.begin(), none.end());

    // Lengths around the 7-bit steps of the length prefix, and empty ones.
    const std::vector<std::string> items{"db", "", std::string(127, 'a'), std::string(128, 'b'),
                                         std::string(16384, 'c'), "web.out -> db.in", ""};
    sky::Subjects s;
    for (const std::string &item : items)
        s.push_back(item);
    EXPECT_EQ(s.size(), items.size());
    EXPECT_EQ(s.toVector(), items);
    EXPECT_TRUE(s == items);
    EXPECT_EQ(std::distance(s.begin(), s.end()), std::ptrdiff_t(items.size()));
    for (std::size_t i = 0; i < items.size(); ++i)
        EXPECT_EQ(s[i], items[i]) << i;
    EXPECT_EQ(s.front(), "db");
    EXPECT_EQ(sky::Subjects(items), s);
    EXPECT_FALSE(sky::Subjects({"db", "web"}) == sky::Subjects({"db"}));
    EXPECT_FALSE(sky::Subjects({"db"}) == (std::vector<std::string>{"dc"}));

    // Copies and moves read the same.
    sky::Subjects copy = s;
    const sky::Subjects moved = std::move(copy);
    EXPECT_EQ(moved.toVector(), items);
}

// Copies share the buffer and a push_back onto one of them copies it first:
// copies, moves and assignments between lists of any length keep every
// subject, and leave a moved-from Subjects empty and usable.
TEST(Subjects, CopiesAndMovesBetweenShortAndLongLists)
{
    const std::string fits(14, 'f'), spills(15, 's'); // one length byte each, 15-byte small buffer
    const std::vector<std::vector<std::string>> lists{
        {}, {fits}, {spills}, {"a", "b"}, {fits, "x"}, {std::string(200, 'l'), "db"}};
    for (const auto &from : lists)
        for (const auto &to : lists) {
            const sky::Subjects source(from);
            ASSERT_EQ(source.toVector(), from);
            sky::Subjects copied(to);
            copied = source;
            EXPECT_EQ(copied.toVector(), from);
            EXPECT_EQ(copied, source);
            sky::Subjects moving(from), moved(to);
            moved = std::move(moving);
            EXPECT_EQ(moved.toVector(), from);
            EXPECT_TRUE(moving.empty());
            moving.push_back("again");
            EXPECT_EQ(moving.toVector(), std::vector<std::string>{"again"});
            sky::Subjects built(std::move(moved));
            EXPECT_EQ(built.toVector(), from);
            built.push_back(spills);
            EXPECT_EQ(built.size(), from.size() + 1);
            EXPECT_EQ(built[from.size()], spills);
        }
    sky::Subjects self({fits, spills});
    const sky::Subjects &alias = self;
    self = alias;
    EXPECT_EQ(self.toVector(), (std::vector<std::string>{fits, spills}));
    sky::Subjects &same = self;
    self = std::move(same); // a self-move keeps the subjects
    EXPECT_EQ(self.toVector(), (std::vector<std::string>{fits, spills}));
    EXPECT_EQ(self.size(), 2u);
}

// A SharedText reads as the text it was made from; copies share the
// characters, and neither a copy nor the original changes with the other.
TEST(SharedText, ReadsAsItsTextAndCopiesShareIt)
{
    const sky::SharedText none;
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(none, "");
    const std::string words = "node 'db' is a single point of failure";
    sky::SharedText text(words);
    EXPECT_EQ(text, words);
    EXPECT_EQ(text.size(), words.size());
    EXPECT_EQ(text.find("single"), words.find("single"));
    EXPECT_EQ(text.find("absent"), std::string::npos);
    EXPECT_EQ(text + "!", words + "!");
    EXPECT_EQ("> " + text, "> " + words);
    std::ostringstream printed;
    printed << text;
    EXPECT_EQ(printed.str(), words);
    sky::SharedText copy = text;
    EXPECT_EQ(copy.data(), text.data()); // shared, not copied
    sky::SharedText moved = std::move(copy);
    EXPECT_TRUE(copy.empty());
    EXPECT_EQ(moved, words);
    text = "other";
    EXPECT_EQ(text, "other");
    EXPECT_EQ(moved, words);
    const sky::SharedText &alias = moved;
    moved = alias; // a self-assignment keeps the text
    EXPECT_EQ(moved, words);
}

// The texts and subjects of a TextArena share its blocks, outlive it, and
// stay apart: a push_back onto subjects from the arena copies them first.
TEST(SharedText, ArenaTextsShareBlocksAndOutliveTheArena)
{
    std::vector<sky::SharedText> texts;
    std::vector<sky::Subjects> subjects;
    std::vector<std::string> expected;
    {
        sky::TextArena arena;
        for (int i = 0; i < 5000; ++i) {
            // Lengths from empty to past the arena's largest shared text.
            const std::string s(std::size_t(i % 7 == 0 ? 0 : i % 500 == 1 ? 5000 : i % 90), char('a' + i % 26));
            expected.push_back(s);
            texts.push_back(arena.text(s));
            subjects.push_back(i % 2 ? arena.subjects(s) : arena.subjects(sky::Subjects{s, "x"}));
        }
        const sky::SharedText first = arena.text("ab"), second = arena.text("cd");
        EXPECT_EQ(second.data(), first.data() + 2); // one block, side by side
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(texts[i], expected[i]) << i;
        if (i % 2)
            EXPECT_EQ(subjects[i], (std::vector<std::string>{expected[i]})) << i;
        else
            EXPECT_EQ(subjects[i], (std::vector<std::string>{expected[i], "x"})) << i;
    }
    sky::Subjects grown = subjects[1];
    grown.push_back("more");
    EXPECT_EQ(grown, (std::vector<std::string>{expected[1], "more"}));
    EXPECT_EQ(subjects[1], (std::vector<std::string>{expected[1]}));
    EXPECT_EQ(subjects[2], (std::vector<std::string>{expected[2], "x"}));
    // The findings of a check read back whole after the check is gone.
    texts.erase(texts.begin(), texts.begin() + 2500);
    EXPECT_EQ(texts.back(), expected.back());
}

// A text longer than the arena's next block but short of a block of its own
// (found by ASan: a 2,604-byte bandwidth message overran a 1 KiB block).
TEST(SharedText, ArenaTextLongerThanItsNextBlockFits)
{
    sky::TextArena arena;
    const std::string medium(3000, 'q');
    const std::string shorter(1500, 'r');
    const sky::SharedText a = arena.text(medium);
    const sky::SharedText b = arena.text(shorter);
    const sky::SharedText c = arena.text("after");
    EXPECT_EQ(a, medium);
    EXPECT_EQ(b, shorter);
    EXPECT_EQ(c, "after");
}
