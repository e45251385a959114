// End to end: the built `skyplan` binary on real files; exit codes and output.
#include "runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace {

const std::string kExamples = SKYPLAN_EXAMPLES;
const std::string kMalformed = std::string(SKYPLAN_TEST_DATA) + "/malformed";

std::string q(const std::string &s)
{
    return "'" + s + "'";
}

class TempDir
{
public:
    TempDir() : m_path(makeTempDir()) {}
    ~TempDir()
    {
        fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add);
        fs::remove_all(m_path);
    }
    std::string operator/(const std::string &name) const { return m_path + "/" + name; }
    std::size_t entries() const { return std::size_t(std::distance(fs::directory_iterator(m_path), fs::directory_iterator())); }

private:
    std::string m_path;
};

} // namespace

TEST(Cli, ValidateExamplesIsClean)
{
    const Outcome r = skyplan("validate " + q(kExamples + "/webshop.sky.yaml") + " " + q(kExamples + "/wordpress-ha.sky.yaml")
                          + " " + q(kExamples + "/event-pipeline.sky.yaml"));
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("3 files checked: no problems"), std::string::npos) << r.err;
}

TEST(Cli, ValidateMalformedCorpusExitCodesAndMessages)
{
    std::ifstream in(kMalformed + "/EXPECTED");
    std::string line;
    int cases = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream row(line);
        std::string file, code, diagnostic;
        std::getline(row, file, '\t');
        std::getline(row, code, '\t');
        std::getline(row, diagnostic);
        SCOPED_TRACE(file);
        // Outcome from the corpus folder so the printed file name is the bare name.
        const Outcome r = runCommand("cd " + q(kMalformed) + " && '" + SKYPLAN_BIN + "' validate " + q(file));
        EXPECT_EQ(r.code, std::stoi(code)) << r.out << r.err;
        EXPECT_NE(r.out.find(diagnostic + "\n"), std::string::npos) << "expected: " << diagnostic << "\ngot:\n" << r.out;
        ++cases;
    }
    EXPECT_GE(cases, 25);
}

TEST(Cli, ValidateJsonIsValidJsonWithTheFindings)
{
    TempDir dir;
    const Outcome r = skyplan("validate --format json " + q(kMalformed + "/30-secret-as-literal.sky.yaml") + " > " + q(dir / "out.json"));
    EXPECT_EQ(r.code, 1);
    const Outcome check = runCommand("python3 -c \"import json,sys; d=json.load(open(sys.argv[1])); "
                                 "s=[x for x in d['diagnostics'] if x['rule']=='SP-SECRET-LITERAL']; "
                                 "print(d['summary']['errors'] >= 1, len(s), s[0]['line'], s[0]['column'], s[0]['severity'], s[0]['subjects'])\" "
                                 + q(dir / "out.json"));
    EXPECT_EQ(check.code, 0) << check.err;
    EXPECT_EQ(check.out, "True 1 7 7 error ['db']\n");
}

TEST(Cli, WarningsExitZeroUnlessStrict)
{
    TempDir dir;
    writeText(dir / "w.sky.yaml", "skyplan: 1\nx-note: hello\nnodes:\n  i: {type: internet}\n");
    const Outcome loose = skyplan("validate " + q(dir / "w.sky.yaml"));
    EXPECT_EQ(loose.code, 0) << loose.out;
    EXPECT_NE(loose.out.find(":2:1: warning: unknown field 'x-note' in the topology (kept as is) [SP-UNKNOWN-FIELD]"),
              std::string::npos) << loose.out;
    EXPECT_EQ(skyplan("validate --strict " + q(dir / "w.sky.yaml")).code, 1);
}

TEST(Cli, UsageAndIoProblemsExitTwo)
{
    EXPECT_EQ(skyplan("").code, 2);
    EXPECT_EQ(skyplan("validate").code, 2);
    EXPECT_EQ(skyplan("frobnicate x").code, 2);
    EXPECT_EQ(skyplan("validate --format xml " + q(kExamples + "/webshop.sky.yaml")).code, 2);
    const Outcome missing = skyplan("validate /nonexistent/x.sky.yaml");
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.out.find("/nonexistent/x.sky.yaml: error: cannot open file [SP-IO]"), std::string::npos) << missing.out;
    const Outcome version = skyplan("--version");
    EXPECT_EQ(version.code, 0);
    EXPECT_EQ(version.out.rfind("skyplan ", 0), 0u) << version.out;
    const Outcome help = skyplan("--help");
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("validate"), std::string::npos);
}

TEST(Cli, FmtCheckAndRewrite)
{
    TempDir dir;
    const std::string file = dir / "t.sky.yaml";
    const std::string messy = "skyplan: 1\nnodes:\n  b: {type: firewall, label: 'yes'}\n  a:\n    type: internet\n"
                              "links: [{to: b.ext, from: a.out}]\n";
    writeText(file, messy);
    const Outcome check = skyplan("fmt --check " + q(file));
    EXPECT_EQ(check.code, 1);
    EXPECT_NE(check.out.find("not in canonical form"), std::string::npos);
    EXPECT_EQ(readText(file), messy); // --check changes nothing

    const Outcome fmt = skyplan("fmt " + q(file));
    EXPECT_EQ(fmt.code, 0) << fmt.err;
    const std::string canonical = "skyplan: 1\nnodes:\n  a:\n    type: internet\n  b:\n    type: firewall\n"
                                  "    label: \"yes\"\nlinks:\n  - {from: a.out, to: b.ext}\n";
    EXPECT_EQ(readText(file), canonical);
    EXPECT_EQ(skyplan("fmt --check " + q(file)).code, 0);
    EXPECT_EQ(dir.entries(), 1u); // no temporary file left behind

    struct stat st{};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    EXPECT_EQ(st.st_mode & 0777, 0666u & ~mask); // not mkstemp's 0600
}

TEST(Cli, FmtKeepsPermissionsOfTheFile)
{
    TempDir dir;
    const std::string file = dir / "p.sky.yaml";
    writeText(file, "skyplan: 1\nnodes: {i: {type: internet}}\n");
    ::chmod(file.c_str(), 0640);
    ASSERT_EQ(skyplan("fmt " + q(file)).code, 0);
    struct stat st{};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST(Cli, FmtRefusesFilesWithErrorsAndChangesNothing)
{
    TempDir dir;
    const std::string file = dir / "dup.sky.yaml";
    const std::string text = "skyplan: 1\nnodes:\n  a: {type: internet}\n  a: {type: firewall}\n";
    writeText(file, text);
    const Outcome r = skyplan("fmt " + q(file));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("duplicate key 'a'"), std::string::npos) << r.err;
    EXPECT_EQ(readText(file), text);
}

TEST(Cli, FailedWriteLeavesTheOldFileAndNoTemporary)
{
    // A file-size limit makes the write fail half way (EFBIG), even for root.
    TempDir dir;
    const std::string file = dir / "big.sky.yaml";
    std::string text = "skyplan: 1\nnodes: {";
    for (int i = 0; i < 200; ++i)
        text += "n" + std::to_string(i) + ": {type: internet}, ";
    text += "}\n";
    writeText(file, text);
    const Outcome r = runCommand("sh -c \"trap '' XFSZ; ulimit -f 2; exec '" + std::string(SKYPLAN_BIN) + "' fmt "
                                 + q(file) + "\"");
    EXPECT_EQ(r.code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
    EXPECT_EQ(readText(file), text);
    EXPECT_EQ(dir.entries(), 1u);
}

TEST(Cli, FmtFiltersStdinToStdout)
{
    const Outcome r = runCommand("printf 'skyplan: 1\\nnodes: {i: {type: internet}}\\n' | '" + std::string(SKYPLAN_BIN) + "' fmt -");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "skyplan: 1\nnodes:\n  i:\n    type: internet\n");
}

TEST(Cli, CatalogListsAndDescribesTypes)
{
    const Outcome list = skyplan("catalog");
    EXPECT_EQ(list.code, 0);
    for (const char *type : {"internet", "firewall", "load_balancer", "switch", "router", "web_server", "app_server",
                             "database", "cache", "message_queue", "object_storage", "block_storage", "dns", "vpn_gateway"})
        EXPECT_NE(list.out.find(std::string("  ") + type + " "), std::string::npos) << type;
    const Outcome lb = skyplan("catalog load_balancer");
    EXPECT_EQ(lb.code, 0);
    EXPECT_NE(lb.out.find("load_balancer: Load balancer (network)"), std::string::npos) << lb.out;
    EXPECT_NE(lb.out.find("algorithm"), std::string::npos);
    EXPECT_EQ(skyplan("catalog mainframe").code, 2);
}
