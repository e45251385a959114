// skyplan in a real git repository: external diff, textconv and merge driver,
// configured the way docs/REVIEWING.md tells users to.
#include "runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string q(const std::string &s)
{
    return "'" + s + "'";
}

std::string topology(const std::string &engine,
                     const std::string &region,
                     const std::string &password,
                     const std::string &webLabel = "Web",
                     int webX = 320)
{
    return "skyplan: 1\n"
           "name: shop\n"
           "nodes:\n"
           "  internet:\n"
           "    type: internet\n"
           "  web:\n"
           "    type: web_server\n"
           "    label: " +
           webLabel +
           "\n"
           "    properties:\n"
           "      image: nginx:1.27\n"
           "  db:\n"
           "    type: database\n"
           "    region: " +
           region +
           "\n"
           "    properties:\n"
           "      engine: " +
           engine +
           "\n"
           "      password: " +
           password +
           "\n"
           "links:\n"
           "  - {from: internet.out, to: web.in}\n"
           "  - {from: web.out, to: db.in}\n"
           "layout:\n"
           "  nodes: {internet: [0, 0], web: [" +
           std::to_string(webX) + ", 0], db: [480, 0]}\n";
}

class GitRepo : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (runCommand("git --version").code != 0)
            GTEST_SKIP() << "git is not installed";
        m_dir = makeTempDir();
        const std::string bin = SKYPLAN_BIN;
        ASSERT_EQ(git("init -q -b main"), 0);
        for (const std::string &setting : std::vector<std::string>{
                 "user.name 'Skyplan Test'", "user.email test@example.com", "commit.gpgsign false",
                 "diff.skyplan.command " + q("'" + bin + "' diff"),
                 "diff.skyplan-text.textconv " + q("'" + bin + "' diff --textconv"),
                 "merge.skyplan.name " + q("Skyplan topology merge"),
                 "merge.skyplan.driver " + q("'" + bin + "' merge %O %A %B --path %P")})
            ASSERT_EQ(git("config " + setting), 0) << setting;
        writeText(m_dir + "/.gitattributes",
                  "*.sky.yaml diff=skyplan merge=skyplan\n*.tosca.yaml diff=skyplan-text\n");
        writeText(m_dir + "/shop.sky.yaml",
                  topology("postgres", "eu-west", "{secret: DB_PASSWORD}"));
        ASSERT_EQ(git("add -A"), 0);
        ASSERT_EQ(git("commit -q -m base"), 0);
    }
    void TearDown() override
    {
        if (!m_dir.empty())
            fs::remove_all(m_dir);
    }

    Outcome run(const std::string &args)
    {
        return runCommand("cd " + q(m_dir) + " && GIT_PAGER=cat GIT_CONFIG_NOSYSTEM=1 HOME=" +
                          q(m_dir) + " git " + args);
    }
    int git(const std::string &args) { return run(args).code; }
    void commitFile(const std::string &text, const std::string &message)
    {
        writeText(m_dir + "/shop.sky.yaml", text);
        ASSERT_EQ(git("commit -q -am " + q(message)), 0);
    }

    std::string m_dir;
};

} // namespace

TEST_F(GitRepo, GitDiffShowsTheSemanticDiff)
{
    writeText(m_dir + "/shop.sky.yaml",
              topology("mysql", "eu-west", "{secret: DB_PASSWORD}", "Web", 999));
    const Outcome r = run("diff");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("diff --skyplan a/shop.sky.yaml b/shop.sky.yaml"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("~ node db\n    properties.engine: \"postgres\" -> \"mysql\""),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("web: (320, 0) -> (999, 0)"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("@@"), std::string::npos) << "a line diff, not the semantic one:\n"
                                                   << r.out;
    // A committed change, through `git show` with external diffs on.
    ASSERT_EQ(git("commit -q -am change"), 0);
    const Outcome s = run("show --ext-diff HEAD");
    EXPECT_NE(s.out.find("properties.engine"), std::string::npos) << s.out;
}

TEST_F(GitRepo, GitDiffNeverShowsSecretValues)
{
    commitFile(topology("postgres", "eu-west", "CANARY-OLD-5501"), "literal secret");
    writeText(m_dir + "/shop.sky.yaml", topology("postgres", "eu-west", "CANARY-NEW-5502"));
    const Outcome r = run("diff");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("properties.password: <secret changed>"), std::string::npos) << r.out;
    EXPECT_EQ((r.out + r.err).find("CANARY"), std::string::npos) << r.out;
}

TEST_F(GitRepo, TextconvGivesALineDiffOfCanonicalMeaning)
{
    const std::string bin = SKYPLAN_BIN;
    writeText(m_dir + "/a.sky.yaml", topology("postgres", "eu-west", "{secret: X}"));
    ASSERT_EQ(runCommand(q(bin) + " export " + q(m_dir + "/a.sky.yaml") +
                         " --to tosca --force -o " + q(m_dir + "/shop.tosca.yaml"))
                  .code,
              0);
    ASSERT_EQ(git("add -A"), 0);
    ASSERT_EQ(git("commit -q -m tosca"), 0);
    writeText(m_dir + "/a.sky.yaml", topology("mysql", "eu-west", "{secret: X}"));
    ASSERT_EQ(runCommand(q(bin) + " export " + q(m_dir + "/a.sky.yaml") +
                         " --to tosca --force -o " + q(m_dir + "/shop.tosca.yaml"))
                  .code,
              0);
    const Outcome r = run("diff -- shop.tosca.yaml");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("@@"), std::string::npos) << r.out; // a line diff, of the canonical text
    EXPECT_NE(r.out.find("engine: postgres"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("engine: mysql"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("tosca_definitions_version"), std::string::npos) << r.out;
}

TEST_F(GitRepo, GitMergeMergesIndependentChangesThatALineMergeCannot)
{
    // Adjacent lines of one node (engine, password): a line-based merge conflicts here.
    ASSERT_EQ(git("checkout -q -b theirs"), 0);
    commitFile(topology("postgres", "eu-central", "{secret: DB_PASSWORD_2}", "Frontend"),
               "region, password, label");
    ASSERT_EQ(git("checkout -q main"), 0);
    commitFile(topology("mysql", "eu-west", "{secret: DB_PASSWORD}", "Web", 640),
               "engine and position");
    const Outcome m = run("merge --no-edit theirs");
    EXPECT_EQ(m.code, 0) << m.out << m.err;
    const std::string merged = readText(m_dir + "/shop.sky.yaml");
    for (const char *wanted : {"engine: mysql", "region: eu-central", "DB_PASSWORD_2",
                               "label: Frontend", "web: [640, 0]"})
        EXPECT_NE(merged.find(wanted), std::string::npos) << wanted << " missing:\n" << merged;
    EXPECT_EQ(merged.find("merge-conflicts"), std::string::npos);
    EXPECT_EQ(run("status --porcelain").out, "");
    // Without the driver, git's own line merge does conflict on the same histories.
    ASSERT_EQ(git("reset -q --hard HEAD~1"), 0);
    writeText(m_dir + "/.git/info/attributes", "*.sky.yaml merge=text\n");
    const Outcome plain = run("merge --no-edit theirs");
    EXPECT_NE(plain.code, 0) << "the test would prove nothing: a line merge succeeds too";
    git("merge --abort");
}

TEST_F(GitRepo, ARealConflictFailsTheMergeAndKeepsBothValues)
{
    ASSERT_EQ(git("checkout -q -b theirs"), 0);
    commitFile(topology("mariadb", "eu-west", "THEIRS-CANARY-9"), "theirs");
    ASSERT_EQ(git("checkout -q main"), 0);
    commitFile(topology("mysql", "eu-west", "OURS-CANARY-8"), "ours");
    const Outcome m = run("merge --no-edit theirs");
    EXPECT_NE(m.code, 0) << m.out;
    const std::string all = m.out + m.err;
    EXPECT_NE(all.find("CONFLICT (both changed) (shop.sky.yaml): node db, properties.engine"),
              std::string::npos)
        << all;
    EXPECT_EQ(all.find("CANARY"), std::string::npos) << all;
    const std::string merged = readText(m_dir + "/shop.sky.yaml");
    for (const char *kept :
         {"mysql", "mariadb", "OURS-CANARY-8", "THEIRS-CANARY-9", "merge-conflicts:"})
        EXPECT_NE(merged.find(kept), std::string::npos) << kept << " lost:\n" << merged;
    EXPECT_EQ(merged.find("<<<<<<<"), std::string::npos);
    EXPECT_NE(run("status --porcelain").out.find("UU shop.sky.yaml"), std::string::npos);
}
