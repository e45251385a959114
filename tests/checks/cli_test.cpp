// End to end: the built skyplan binary on real files, every output format.
#include "checks.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace {

struct CliRun
{
    int code = -1;
    std::string out;
};

CliRun run(const std::string &args)
{
    CliRun r;
    const std::string command = std::string(SKYPLAN_BIN) + " " + args + " 2>/dev/null";
    FILE *pipe = popen(command.c_str(), "r");
    if (!pipe)
        return r;
    std::array<char, 4096> buffer;
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        r.out.append(buffer.data(), n);
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

const std::string kProblems = std::string(SKYPLAN_CHECKS_DATA) + "/problems.sky.yaml";
const std::string kExamples[] = {std::string(SKYPLAN_EXAMPLES) + "/webshop.sky.yaml",
                                 std::string(SKYPLAN_EXAMPLES) + "/wordpress-ha.sky.yaml",
                                 std::string(SKYPLAN_EXAMPLES) + "/event-pipeline.sky.yaml"};

std::vector<std::string> lines(const std::string &text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

std::size_t count(const std::string &text, const std::string &what)
{
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

} // namespace

TEST(Cli, TextFindingsAreSortedByLocationAndExitOne)
{
    const CliRun r = run("validate " + kProblems);
    EXPECT_EQ(r.code, 1);
    const std::regex line(R"((.+):(\d+):(\d+): (error|warning|info): (.+) \[(SP-[A-Z-]+)\])");
    int lastLine = 0;
    std::set<std::string> rules;
    for (const std::string &l : lines(r.out)) {
        std::smatch m;
        ASSERT_TRUE(std::regex_match(l, m, line)) << l;
        EXPECT_EQ(m[1].str(), kProblems);
        EXPECT_GE(std::stoi(m[2].str()), lastLine) << l;
        lastLine = std::stoi(m[2].str());
        rules.insert(m[6].str());
    }
    for (const char *rule : {"SP-BANDWIDTH", "SP-BUDGET", "SP-SPOF", "SP-EXPOSED-DATA", "SP-RESIDENCY", "SP-ISOLATED",
                             "SP-UNREACHABLE", "SP-CYCLE", "SP-EMPTY-ZONE", "SP-POLICY", "SP-PROTOCOL"})
        EXPECT_TRUE(rules.count(rule)) << rule;
}

TEST(Cli, ExamplesAreCleanEvenWhenStrict)
{
    for (const std::string &file : kExamples) {
        const CliRun r = run("validate --strict " + file);
        EXPECT_EQ(r.code, 0) << file << "\n" << r.out;
        EXPECT_EQ(r.out, "");
    }
}

TEST(Cli, WarningsAloneExitZeroUnlessStrict)
{
    const std::string file = testing::TempDir() + "/warn.sky.yaml";
    // The webshop with an extra empty zone: a warning only.
    std::string yaml;
    {
        std::ifstream in(kExamples[0]);
        std::stringstream text;
        text << in.rdbuf();
        yaml = text.str();
        yaml.replace(yaml.find("zones:\n"), 7, "zones:\n  spare: {label: Spare}\n");
        std::ofstream(file) << yaml;
    }
    EXPECT_EQ(run("validate " + file).code, 0);
    const CliRun strict = run("validate --strict " + file);
    EXPECT_EQ(strict.code, 1);
    EXPECT_NE(strict.out.find("warning: zone 'spare' holds no node [SP-EMPTY-ZONE]"), std::string::npos) << strict.out;
}

TEST(Cli, JsonCarriesEveryFinding)
{
    const CliRun text = run("validate " + kProblems);
    const CliRun json = run("validate --format json " + kProblems);
    EXPECT_EQ(json.code, 1);
    EXPECT_EQ(count(json.out, "\"rule\": "), lines(text.out).size());
    EXPECT_NE(json.out.find("\"rule\": \"SP-CYCLE\""), std::string::npos);
    EXPECT_NE(json.out.find("\"subjects\": [\"app\", \"app2\"]"), std::string::npos);
    EXPECT_NE(json.out.find("\"summary\": {\"errors\": "), std::string::npos);
}

TEST(Cli, SarifHasOneResultPerFindingAndEveryRule)
{
    const CliRun text = run("validate " + kProblems);
    const CliRun sarif = run("validate --format sarif " + kProblems);
    EXPECT_EQ(sarif.code, 1);
    EXPECT_NE(sarif.out.find("\"version\": \"2.1.0\""), std::string::npos);
    EXPECT_EQ(count(sarif.out, "{\"ruleId\": "), lines(text.out).size());
    EXPECT_EQ(count(sarif.out, "{\"id\": \"SP-"), sky::allRules().size());
    EXPECT_NE(sarif.out.find("\"region\": {\"startLine\": "), std::string::npos);
    EXPECT_NE(sarif.out.find("\"level\": \"warning\""), std::string::npos);

    const CliRun clean = run("validate --format sarif " + kExamples[1]);
    EXPECT_EQ(clean.code, 0);
    EXPECT_NE(clean.out.find("\"results\": []"), std::string::npos);
}

TEST(Cli, RulesListsEveryRuleAndMarkdownMatchesTheDocs)
{
    const CliRun list = run("rules");
    EXPECT_EQ(list.code, 0);
    for (const sky::RuleInfo &r : sky::allRules())
        EXPECT_NE(list.out.find(std::string(r.id) + " "), std::string::npos) << r.id;
    const CliRun one = run("rules SP-SPOF");
    EXPECT_EQ(one.code, 0);
    EXPECT_NE(one.out.find("dominator tree"), std::string::npos);
    EXPECT_EQ(run("rules SP-NOPE").code, 2);

    const CliRun markdown = run("rules --markdown");
    std::ifstream in(SKYPLAN_RULES_MD, std::ios::binary);
    std::stringstream committed;
    committed << in.rdbuf();
    EXPECT_EQ(markdown.out, committed.str());
}
