// `skyplan export` and `skyplan import` as a user runs them: refusals say why,
// failures say where (file:line:col), exit codes follow DESIGN.md, and no
// failure leaves a partial or changed output file behind.
#include "support.h"

#include "descriptor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

using namespace sky;
using namespace sky::test;

namespace {

std::string cli(const std::string &args)
{
    return shellQuote(SKYPLAN_CLI) + ' ' + args;
}

std::string webshop()
{
    return std::string(SKYPLAN_EXAMPLES) + "/webshop.sky.yaml";
}

} // namespace

TEST(ExportCommand, WritesEachFormatAtomicallyOrToStdout)
{
    TempDir dir;
    for (const std::string f : {"tosca", "compose", "adl", "dot", "skyplan"}) {
        const std::string out = dir.file("out." + f);
        const RunResult r = run(cli("export " + shellQuote(webshop()) + " --to " + f + " -o " + shellQuote(out)));
        EXPECT_EQ(r.exitCode, 0) << f << ": " << r.output;
        ReadResult rr = readDescriptorFile(webshop());
        EXPECT_EQ(readText(out), exportText(rr.topology, f)) << f;
        const RunResult toStdout = run("(" + cli("export " + shellQuote(webshop()) + " --to " + f) + " 2>/dev/null)");
        EXPECT_EQ(toStdout.exitCode, 0);
        EXPECT_EQ(toStdout.output, readText(out)) << f;
    }
    // Only the outputs: no temporary file left beside them.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 5);
}

TEST(ExportCommand, RefusesATopologyWithErrorsAndSaysWhy)
{
    TempDir dir;
    const std::string broken = dir.file("broken.sky.yaml");
    std::string text = readText(webshop());
    text.replace(text.find("password: {secret: WEBSHOP_DB_PASSWORD}"), 39, "password: hunter2");
    writeText(broken, text);
    const std::string out = dir.file("out.yaml");
    writeText(out, "previous");
    const RunResult r = run(cli("export " + shellQuote(broken) + " --to compose -o " + shellQuote(out)));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("not exported"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("--force"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("SP-SECRET-LITERAL"), std::string::npos) << r.output;
    EXPECT_EQ(readText(out), "previous");

    const RunResult forced = run(cli("export " + shellQuote(broken) + " --to compose --force -o " + shellQuote(out)));
    EXPECT_EQ(forced.exitCode, 0) << forced.output;
    EXPECT_NE(readText(out).find("services:"), std::string::npos);
    EXPECT_EQ(readText(out).find("hunter2"), std::string::npos); // forced, yet no secret value
}

TEST(ExportCommand, UnknownOrReadOnlyFormatIsAUsageError)
{
    const RunResult r = run(cli("export " + shellQuote(webshop()) + " --to helm"));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("adl, compose, dot, kubernetes, skyplan, terraform, tosca"), std::string::npos) << r.output;
    const RunResult imp = run(cli("import " + shellQuote(webshop()) + " --from dot"));
    EXPECT_EQ(imp.exitCode, 2);
    EXPECT_NE(imp.output.find("compose, kubernetes, skyplan, terraform, tosca"), std::string::npos) << imp.output;
}

TEST(ImportCommand, RoundTripsThroughTheFiles)
{
    TempDir dir;
    for (const std::string f : {"tosca", "compose"}) {
        const std::string exported = dir.file("webshop." + f + ".yaml");
        const std::string imported = dir.file("back." + f + ".sky.yaml");
        ASSERT_EQ(run(cli("export " + shellQuote(webshop()) + " --to " + f + " -o " + shellQuote(exported))).exitCode, 0);
        const RunResult r = run(cli("import " + shellQuote(exported) + " --from " + f + " -o " + shellQuote(imported)));
        EXPECT_EQ(r.exitCode, 0) << r.output;
        EXPECT_EQ(readText(imported), readText(webshop())) << f;
    }
}

TEST(ImportCommand, MalformedInputSaysWhereExitsTwoAndWritesNothing)
{
    TempDir dir;
    struct Case
    {
        std::string format, text, where;
    };
    const std::vector<Case> cases{
        {"compose", "services:\n  web:\n    image: [nginx\n", ":4:1:"},
        {"compose", "services:\n  web: {image: nginx}\n  web: {image: redis}\n", ":3:3:"},
        {"compose", "services:\n  ok: {image: nginx}\n  \"bad name!\": {image: nginx}\n", ":3:3:"},
        {"compose", "version: \"3.8\"\nservices: [web]\n", ":2:11:"},
        {"compose", "services:\n  web:\n    image: nginx\n    labels: {com.skyplan.node: \"{not json\"}\n", ":4:32:"},
        {"tosca", "tosca_definitions_version: tosca_simple_yaml_2_0\n", ":1:28:"},
        {"tosca", "tosca_definitions_version: tosca_simple_yaml_1_2\ntopology_template:\n  node_templates:\n    a:\n      type: x\n      requirements: {host: b}\n", ":6:21:"},
        {"tosca", "tosca_definitions_version: tosca_simple_yaml_1_2\ntopology_template:\n  node_templates:\n    a:\n      metadata: {skyplan.type: app_server, skyplan.resources: \"{]\"}\n", ":5:"},
        {"tosca", "\t- not yaml: [\n", ":1:"},
    };
    int i = 0;
    for (const Case &c : cases) {
        const std::string in = dir.file("in" + std::to_string(i) + ".yaml");
        const std::string out = dir.file("out" + std::to_string(i++) + ".sky.yaml");
        writeText(in, c.text);
        const RunResult r = run(cli("import " + shellQuote(in) + " --from " + c.format + " -o " + shellQuote(out)));
        EXPECT_EQ(r.exitCode, 2) << c.text << r.output;
        EXPECT_NE(r.output.find(in + c.where), std::string::npos) << "expected " << in << c.where << " in:\n" << r.output;
        EXPECT_NE(r.output.find("error"), std::string::npos) << r.output;
        EXPECT_FALSE(std::filesystem::exists(out)) << c.text;
        // An existing output is left as it was.
        writeText(out, "previous");
        EXPECT_EQ(run(cli("import " + shellQuote(in) + " --from " + c.format + " -o " + shellQuote(out))).exitCode, 2);
        EXPECT_EQ(readText(out), "previous");
    }
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()),
              std::ptrdiff_t(cases.size() * 2));
}

TEST(ImportCommand, MissingFileIsAnIoError)
{
    const RunResult r = run(cli("import /nonexistent/x.yaml --from compose"));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("/nonexistent/x.yaml"), std::string::npos);
}
