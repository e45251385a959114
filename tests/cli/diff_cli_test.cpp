// `skyplan diff` and `skyplan merge` end to end: exit codes, report, JSON,
// layout apart, other formats, and secrets that never reach the output.
#include "runner.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

std::string q(const std::string &s)
{
    return "'" + s + "'";
}

class Dir
{
public:
    Dir()
        : m_path(makeTempDir())
    {}
    ~Dir() { fs::remove_all(m_path); }
    std::string file(const std::string &name, const std::string &text) const
    {
        const std::string p = m_path + "/" + name;
        writeText(p, text);
        return p;
    }
    std::string path(const std::string &name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

// A topology with a secret property given as a literal (a canary the output
// must never show) and one given as a reference.
std::string shop(const std::string &engine,
                 const std::string &password,
                 const std::string &psk = "PSK-CANARY-0",
                 int webX = 320,
                 const std::string &extraNode = {})
{
    return "skyplan: 1\n"
           "name: shop\n"
           "nodes:\n"
           "  internet: {type: internet}\n"
           "  vpn: {type: vpn_gateway, properties: {psk: " +
           psk +
           "}}\n"
           "  web:\n"
           "    type: web_server\n"
           "    properties: {image: \"nginx:1.27\", port: 8080}\n"
           "  db:\n"
           "    type: database\n"
           "    region: eu-west\n"
           "    properties: {engine: " +
           engine + ", password: " + password + "}\n" + extraNode +
           "links:\n"
           "  - {from: internet.out, to: web.in, protocol: http, port: 8080}\n"
           "  - {from: web.out, to: db.in}\n"
           "layout:\n"
           "  nodes: {internet: [0, 0], web: [" +
           std::to_string(webX) + ", 0], db: [480, 0]}\n";
}

bool hasEscape(const std::string &s)
{
    return s.find('\x1b') != std::string::npos;
}

} // namespace

TEST(DiffCli, SameFilesExitZero)
{
    Dir d;
    const std::string a = d.file("a.sky.yaml", shop("postgres", "{secret: DB}"));
    const Outcome r = skyplan("diff " + q(a) + " " + q(a));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("no changes"), std::string::npos) << r.out;
}

TEST(DiffCli, ChangesAreReportedByIdWithoutColourInAPipe)
{
    Dir d;
    const std::string a = d.file("a.sky.yaml", shop("postgres", "{secret: DB}"));
    const std::string b = d.file("b.sky.yaml", shop("mysql", "{secret: DB}", "PSK-CANARY-0", 320,
                                                    "  cache: {type: cache, zone: data}\n") +
                                                   "zones: {data: {label: Data}}\n");
    const Outcome r = skyplan("diff " + q(a) + " " + q(b));
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.out.find("~ node db\n    properties.engine: \"postgres\" -> \"mysql\""),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("+ node cache"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("+ zone data"), std::string::npos) << r.out;
    EXPECT_FALSE(hasEscape(r.out));
    const Outcome c = skyplan("diff --color always " + q(a) + " " + q(b));
    EXPECT_TRUE(hasEscape(c.out));
    const Outcome n = runCommand("NO_COLOR=1 '" + std::string(SKYPLAN_BIN) +
                                 "' diff --color auto " + q(a) + " " + q(b));
    EXPECT_FALSE(hasEscape(n.out));
    EXPECT_EQ(n.code, 1);
}

TEST(DiffCli, JsonIsValidAndComplete)
{
    Dir d;
    const std::string a = d.file("a.sky.yaml", shop("postgres", "{secret: DB}"));
    const std::string b = d.file("b.sky.yaml", shop("mysql", "{secret: DB}", "PSK-CANARY-0", 999));
    const Outcome r = skyplan("diff --format json " + q(a) + " " + q(b));
    EXPECT_EQ(r.code, 1) << r.err;
    const std::string json = d.file("out.json", r.out);
    const Outcome check = runCommand(
        "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
        "c=d[\"changes\"][0]; assert c[\"entity\"]==\"node\" and c[\"id\"]==\"db\", c; "
        "f=c[\"fields\"][0]; assert "
        "f==dict(field=\"properties.engine\",old=\"postgres\",new=\"mysql\"), f; "
        "m=d[\"layout\"][\"moves\"][0]; assert m==dict(node=\"web\",old=[320,0],new=[999,0]), m; "
        "assert d[\"same\"] is False and d[\"sameMeaning\"] is False' " +
        q(json));
    EXPECT_EQ(check.code, 0) << check.err << r.out;
}

TEST(DiffCli, IgnoreLayoutMakesMovesSame)
{
    Dir d;
    const std::string a = d.file("a.sky.yaml", shop("postgres", "{secret: DB}"));
    const std::string b =
        d.file("b.sky.yaml", shop("postgres", "{secret: DB}", "PSK-CANARY-0", 640));
    const Outcome moved = skyplan("diff " + q(a) + " " + q(b));
    EXPECT_EQ(moved.code, 1);
    EXPECT_NE(moved.out.find("web: (320, 0) -> (640, 0)"), std::string::npos) << moved.out;
    EXPECT_NE(moved.out.find("(layout only)"), std::string::npos) << moved.out;
    const Outcome ignored = skyplan("diff --ignore-layout " + q(a) + " " + q(b));
    EXPECT_EQ(ignored.code, 0) << ignored.out;
}

TEST(DiffCli, TroubleExitsTwoWithAPosition)
{
    Dir d;
    const std::string a = d.file("a.sky.yaml", shop("postgres", "{secret: DB}"));
    const std::string bad = d.file("bad.sky.yaml", "skyplan: 1\nnodes:\n  web: {type: [unclosed\n");
    const Outcome r = skyplan("diff " + q(a) + " " + q(bad));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("bad.sky.yaml:"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
    const Outcome missing = skyplan("diff " + q(a) + " " + q(d.path("none.sky.yaml")));
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("none.sky.yaml"), std::string::npos);
    EXPECT_EQ(skyplan("diff " + q(a)).code, 2); // one file, not from git
}

TEST(DiffCli, SecretValuesNeverAppear)
{
    Dir d;
    const std::string a = d.file("a.sky.yaml", shop("postgres", "OLD-CANARY-7731", "PSK-CANARY-1"));
    const std::string b = d.file(
        "b.sky.yaml", shop("postgres", "NEW-CANARY-7732", "PSK-CANARY-2", 320,
                           "  db2: {type: database, properties: {password: ADD-CANARY-7733}}\n"));
    for (const std::string format : {"text", "json"}) {
        const Outcome r = skyplan("diff --format " + format + " " + q(a) + " " + q(b));
        EXPECT_EQ(r.code, 1) << r.err;
        for (const char *canary : {"CANARY"})
            EXPECT_EQ((r.out + r.err).find(canary), std::string::npos) << format << ": " << r.out;
        if (format == "text") {
            EXPECT_NE(r.out.find("properties.password: <secret changed>"), std::string::npos)
                << r.out;
            EXPECT_NE(r.out.find("properties.psk: <secret changed>"), std::string::npos) << r.out;
            EXPECT_NE(r.out.find("properties.password: <secret>"), std::string::npos) << r.out;
        } else {
            EXPECT_NE(r.out.find("{\"field\":\"properties.password\",\"secret\":true}"),
                      std::string::npos)
                << r.out;
        }
    }
    // As a git external diff too.
    const Outcome g =
        skyplan("diff shop.sky.yaml " + q(a) + " 0000 100644 " + q(b) + " 1111 100644");
    EXPECT_EQ(g.code, 0);
    EXPECT_EQ(g.out.find("CANARY"), std::string::npos) << g.out;
}

TEST(DiffCli, GitExternalDiffArgumentsAndDevNull)
{
    Dir d;
    const std::string a = d.file("a.sky.yaml", shop("postgres", "{secret: DB}"));
    const std::string b = d.file("b.sky.yaml", shop("mysql", "{secret: DB}"));
    const Outcome r =
        skyplan("diff net/shop.sky.yaml " + q(a) + " abc 100644 " + q(b) + " def 100644");
    EXPECT_EQ(r.code, 0) << r.err; // git stops on a non-zero external diff
    EXPECT_EQ(
        r.out.rfind(
            "diff --skyplan a/net/shop.sky.yaml b/net/shop.sky.yaml\n--- a/net/shop.sky.yaml\n", 0),
        0u)
        << r.out;
    EXPECT_NE(r.out.find("properties.engine"), std::string::npos);
    const Outcome added = skyplan("diff new.sky.yaml /dev/null . . " + q(b) + " def 100644");
    EXPECT_EQ(added.code, 0) << added.err;
    EXPECT_NE(added.out.find("+ node db"), std::string::npos) << added.out;
    EXPECT_NE(added.out.find("+ link web.out -> db.in"), std::string::npos) << added.out;
}

TEST(DiffCli, TextconvPrintsCanonicalMeaningWithoutLayout)
{
    Dir d;
    const std::string a = d.file("a.sky.yaml", shop("postgres", "{secret: DB}"));
    const Outcome r = skyplan("diff --textconv " + q(a));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("engine: postgres"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("layout"), std::string::npos) << r.out;
    // It reads back as the same topology, layout aside.
    const Outcome back =
        skyplan("diff --ignore-layout " + q(a) + " " + q(d.file("c.sky.yaml", r.out)));
    EXPECT_EQ(back.code, 0) << back.out << back.err;
}

TEST(DiffCli, ReadsOtherFormatsByExtension)
{
    Dir d;
    const std::string a = d.file("a.sky.yaml", shop("postgres", "{secret: DB}"));
    const std::string b = d.file("b.sky.yaml", shop("mysql", "{secret: DB}"));
    for (const std::string format : {"compose", "tosca"}) {
        const std::string ea = d.path("a." + format + ".yaml"),
                          eb = d.path("b." + format + ".yaml");
        ASSERT_EQ(skyplan("export " + q(a) + " --to " + format + " --force -o " + q(ea)).code, 0)
            << format;
        ASSERT_EQ(skyplan("export " + q(b) + " --to " + format + " --force -o " + q(eb)).code, 0)
            << format;
        const Outcome same = skyplan("diff --ignore-layout " + q(ea) + " " + q(ea));
        EXPECT_EQ(same.code, 0) << format << same.err;
        const Outcome r = skyplan("diff --ignore-layout " + q(ea) + " " + q(eb));
        EXPECT_EQ(r.code, 1) << format << r.err;
        EXPECT_NE(r.out.find("\"mysql\""), std::string::npos) << format << ": " << r.out;
    }
}

TEST(MergeCli, CleanMergeWritesTheResult)
{
    Dir d;
    const std::string base = d.file("base.sky.yaml", shop("postgres", "{secret: DB}"));
    const std::string ours = d.file("ours.sky.yaml", shop("mysql", "{secret: DB}"));
    const std::string theirs =
        d.file("theirs.sky.yaml",
               shop("postgres", "{secret: DB}", "PSK-CANARY-0", 320, "  cache: {type: cache}\n"));
    const std::string out = d.path("out.sky.yaml");
    const Outcome r =
        skyplan("merge " + q(base) + " " + q(ours) + " " + q(theirs) + " -o " + q(out));
    EXPECT_EQ(r.code, 0) << r.err;
    const std::string merged = readText(out);
    EXPECT_NE(merged.find("engine: mysql"), std::string::npos) << merged;
    EXPECT_NE(merged.find("cache:"), std::string::npos) << merged;
    EXPECT_EQ(merged.find("merge-conflicts"), std::string::npos);
    // Without -o the result replaces OURS (git's merge-driver contract).
    EXPECT_EQ(skyplan("merge " + q(base) + " " + q(ours) + " " + q(theirs)).code, 0);
    EXPECT_EQ(readText(ours), merged);
}

TEST(MergeCli, ConflictExitsOneKeepsBothAndValidateFlagsIt)
{
    Dir d;
    const std::string base = d.file("base.sky.yaml", shop("postgres", "BASE-CANARY-1"));
    const std::string ours = d.file("ours.sky.yaml", shop("mysql", "OURS-CANARY-2"));
    const std::string theirs = d.file("theirs.sky.yaml", shop("mariadb", "THEIRS-CANARY-3"));
    const std::string out = d.path("out.sky.yaml");
    const Outcome r =
        skyplan("merge " + q(base) + " " + q(ours) + " " + q(theirs) + " -o " + q(out));
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("CONFLICT (both changed): node db, properties.engine: base \"postgres\", "
                         "ours \"mysql\", "
                         "theirs \"mariadb\"; kept ours"),
              std::string::npos)
        << r.err;
    EXPECT_NE(
        r.err.find("node db, properties.password: base <secret>, ours <secret>, theirs <secret>"),
        std::string::npos)
        << r.err;
    EXPECT_EQ((r.out + r.err).find("CANARY"), std::string::npos) << r.err;
    const std::string merged = readText(out);
    for (const char *value :
         {"mysql", "mariadb", "OURS-CANARY-2", "THEIRS-CANARY-3", "merge-conflicts"})
        EXPECT_NE(merged.find(value), std::string::npos) << value << " lost:\n" << merged;
    // Diffing the conflicted file shows the record as a count: it holds secrets.
    for (const std::string format : {"text", "json"}) {
        const Outcome dr = skyplan("diff --format " + format + " " + q(base) + " " + q(out));
        EXPECT_EQ(dr.code, 1) << dr.err;
        EXPECT_EQ(dr.out.find("CANARY"), std::string::npos) << dr.out;
        EXPECT_NE(dr.out.find(format == "text" ? "merge-conflicts: <0 conflicts> -> <2 conflicts>"
                                               : "\"conflicts\":2"),
                  std::string::npos)
            << dr.out;
    }
    const Outcome v = skyplan("validate " + q(out));
    EXPECT_EQ(v.code, 1) << v.out; // an unresolved conflict is an error
    EXPECT_NE(v.out.find("unresolved merge conflicts (see 'merge-conflicts') [SP-MERGE-CONFLICT]"), std::string::npos)
        << v.out << v.err;
    EXPECT_EQ(v.out.find("CANARY"), std::string::npos);
}

TEST(MergeCli, EmptyBaseAndTrouble)
{
    Dir d;
    const std::string base = d.file("base.sky.yaml", "");
    const std::string ours = d.file("ours.sky.yaml", shop("postgres", "{secret: DB}"));
    const std::string theirs = d.file("theirs.sky.yaml", shop("postgres", "{secret: DB}"));
    EXPECT_EQ(skyplan("merge " + q(base) + " " + q(ours) + " " + q(theirs) + " -o -").code, 0);
    const std::string bad = d.file("bad.sky.yaml", "skyplan: 1\nnodes: [\n");
    const std::string before = readText(ours);
    const Outcome r = skyplan("merge " + q(base) + " " + q(ours) + " " + q(bad));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("bad.sky.yaml:"), std::string::npos) << r.err;
    EXPECT_EQ(readText(ours), before); // untouched
}
