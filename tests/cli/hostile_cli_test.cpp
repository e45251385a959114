// Hostile files from a pull request (issue 26), through the binary: what a
// reviewer's page or terminal shows must hold nothing the attacker wrote as
// markup or control sequences.
#include "runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string quoted(const std::string &s)
{
    std::string q = "'";
    for (char c : s) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

const std::string kScript = "<script>alert(document.domain)</script>";
// Closes an attribute and a text, opens an element with a handler, and
// carries C0 controls (not allowed in XML 1.0 even as references).
const std::string kHostileTitle = "t\"'><svg onload=\"alert(1)\">" + kScript + "\x01\x08\x0b\x1b[2K\x1f]]>";
// A YAML double-quoted label with the same, written with YAML escapes.
const std::string kHostileLabelYaml =
    "\"\\\"'><g onclick=\\\"alert(1)\\\">" + kScript + "\\x01\\x02\\x0b\\x1b[1A\\x1f\\x7f&amp;]]>\"";

struct Renders
{
    std::vector<std::string> svgs;
    int tried = 0;
};

// Every picture of the corpus files under `dir` (by extension), drawn with
// a hostile path (the --diff title comes from the paths) or, when the copy
// cannot be read away from its folder, a hostile --title.
void renderCorpus(const fs::path &dir, const std::string &from, const std::string &work, Renders &r)
{
    for (const auto &entry : fs::recursive_directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || (entry.path().extension() != ".yaml" && entry.path().extension() != ".yml") || name == "acme-cloud.yaml")
            continue;
        ++r.tried;
        const std::string hostileDir = work + "/x" + std::to_string(r.tried) + "<script>alert(1)<";
        fs::create_directories(hostileDir);
        const std::string copy = hostileDir + "/script>" + name;
        fs::copy_file(entry.path(), copy);
        const std::string out = work + "/" + std::to_string(r.tried) + ".svg";
        const std::string fromOption = from.empty() ? "" : " --from " + from;
        Outcome o = skyplan("render" + fromOption + " --diff " + quoted(entry.path().string()) + " " + quoted(copy) + " -o " + quoted(out));
        if (o.code != 0)
            o = skyplan("render" + fromOption + " " + quoted(entry.path().string()) + " --title " + quoted(kHostileTitle) + " -o " + quoted(out));
        if (o.code == 0)
            r.svgs.push_back(out);
    }
}

std::string svgCheck(const std::vector<std::string> &files, int &code)
{
    std::string args;
    for (const std::string &f : files)
        args += " " + quoted(f);
    const Outcome o = runCommand("/usr/bin/python3 " + quoted(std::string(SKYPLAN_TEST_SCRIPTS) + "/svg_check.py") + args);
    code = o.code;
    return o.out + o.err;
}

} // namespace

TEST(Hostile, EveryPictureOfTheCorpusHasNoScriptWithHostilePathsTitlesAndLabels)
{
    const std::string work = makeTempDir();
    Renders r;
    renderCorpus(SKYPLAN_EXAMPLES, "", work, r);
    renderCorpus(std::string(SKYPLAN_TEST_DATA) + "/compose", "compose", work, r);
    renderCorpus(std::string(SKYPLAN_TEST_DATA) + "/tosca", "tosca", work, r);
    // Most of the corpus is readable topologies (some TOSCA files are type
    // definitions or refused on purpose).
    EXPECT_GT(r.svgs.size(), std::size_t(r.tried) / 2) << r.svgs.size() << " of " << r.tried;

    // The examples again, every label replaced by markup and control characters.
    int n = 0;
    for (const auto &entry : fs::recursive_directory_iterator(SKYPLAN_EXAMPLES)) {
        if (!entry.is_regular_file() || entry.path().filename().string().find(".sky.yaml") == std::string::npos)
            continue;
        const std::string text = std::regex_replace(readText(entry.path().string()),
                                                    std::regex("(\n +label: ).*"), "$1" + kHostileLabelYaml);
        const std::string dir = work + "/labels" + std::to_string(++n);
        fs::create_directories(dir);
        const std::string file = dir + "/" + entry.path().filename().string();
        writeText(file, text);
        const std::string out = work + "/labels" + std::to_string(n) + ".svg";
        const Outcome o = skyplan("render " + quoted(file) + " --title " + quoted(kHostileTitle) + " -o " + quoted(out));
        ASSERT_EQ(o.code, 0) << file << ": " << o.err;
        r.svgs.push_back(out);
        const std::string diffOut = work + "/labels-diff" + std::to_string(n) + ".svg";
        const Outcome d = skyplan("render --diff " + quoted(entry.path().string()) + " " + quoted(file) + " -o " + quoted(diffOut));
        ASSERT_EQ(d.code, 0) << file << ": " << d.err;
        r.svgs.push_back(diffOut);
    }
    ASSERT_GT(n, 0);

    int code = -1;
    const std::string problems = svgCheck(r.svgs, code);
    EXPECT_EQ(code, 0) << problems;
    // The hostile text is still shown, as text.
    EXPECT_NE(readText(work + "/labels1.svg").find("&lt;script&gt;"), std::string::npos);
    fs::remove_all(work);
}

TEST(Hostile, TheSvgCheckFindsAScriptAnEventAttributeAndIllFormedText)
{
    // The checker above is itself tested: each of these must be refused.
    const std::string work = makeTempDir();
    const std::vector<std::string> bad = {
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'><g onload='alert(1)'/></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'><text>a\x01</text></svg>",
    };
    for (std::size_t i = 0; i < bad.size(); ++i) {
        const std::string f = work + "/bad" + std::to_string(i) + ".svg";
        writeText(f, bad[i]);
        int code = -1;
        svgCheck({f}, code);
        EXPECT_EQ(code, 1) << bad[i];
    }
    const std::string good = work + "/good.svg";
    writeText(good, "<svg xmlns='http://www.w3.org/2000/svg'><text>&lt;script&gt;</text></svg>");
    int code = -1;
    svgCheck({good}, code);
    EXPECT_EQ(code, 0);
    fs::remove_all(work);
}

// Issue 26.7: a named pipe (or a link to one) as the topology or in
// `catalogs:` is refused at once instead of blocking every command; a
// directory is "a directory".
TEST(Hostile, NamedPipesAndDirectoriesAreRefusedNotWaitedFor)
{
    const std::string work = makeTempDir();
    ASSERT_EQ(runCommand("mkfifo " + quoted(work + "/pipe.sky.yaml") + " " + quoted(work + "/team.yaml")).code, 0);
    fs::create_symlink(work + "/pipe.sky.yaml", work + "/link.sky.yaml");
    writeText(work + "/t.sky.yaml", "skyplan: 1\ncatalogs: [team.yaml]\nnodes: {}\n");
    // `timeout` ends a blocked run with 124; the fix answers at once.
    const std::string timeout = "timeout 20 '" + std::string(SKYPLAN_BIN) + "' ";
    for (const std::string &args : {"validate " + quoted(work + "/pipe.sky.yaml"), "validate " + quoted(work + "/link.sky.yaml"),
                                    "validate " + quoted(work + "/t.sky.yaml"),
                                    "export --to tosca --force -o " + quoted(work + "/out.tosca.yaml") + " " + quoted(work + "/pipe.sky.yaml"),
                                    "diff " + quoted(work + "/pipe.sky.yaml") + " " + quoted(work + "/t.sky.yaml")}) {
        const Outcome o = runCommand(timeout + args + " </dev/null");
        EXPECT_NE(o.code, 124) << args << ": blocked";
        EXPECT_NE(o.code, 0) << args;
        EXPECT_NE((o.out + o.err).find("named pipe"), std::string::npos) << args << ": " << o.out << o.err;
    }
    fs::create_directories(work + "/dir.sky.yaml");
    const Outcome d = skyplan("validate " + quoted(work + "/dir.sky.yaml"));
    EXPECT_NE(d.code, 0);
    EXPECT_NE((d.out + d.err).find("is a directory"), std::string::npos) << d.out << d.err;
    EXPECT_EQ((d.out + d.err).find("9223372036854775807"), std::string::npos) << d.out << d.err;
    fs::remove_all(work);
}

// Issue 26.9: text diagnostics show control characters escaped: a name
// holding a newline cannot forge a line, ESC cannot move the cursor.
TEST(Hostile, TextDiagnosticsEscapeControlCharacters)
{
    const std::string work = makeTempDir();
    const std::string forged = "vm\\nREADME.md:1:1: error: forged\\e[2K\\e[1A\\x9b";
    writeText(work + "/t.sky.yaml", "skyplan: 1\nnodes:\n  a:\n    type: \"" + forged + "\"\n");
    writeText(work + "/c.compose.yaml", "services:\n  \"web\\nREADME.md:1:1: error: forged\\e[1A\":\n    image: nginx\n");
    for (const std::string &args : {"validate " + quoted(work + "/t.sky.yaml"),
                                    "import --from compose -o " + quoted(work + "/out.sky.yaml") + " " + quoted(work + "/c.compose.yaml")}) {
        const Outcome o = skyplan(args);
        const std::string all = o.out + o.err;
        EXPECT_NE(all.find("forged"), std::string::npos) << args << ": " << all; // the name is shown
        EXPECT_EQ(all.find('\x1b'), std::string::npos) << args << ": " << all;
        EXPECT_EQ(all.find("\xc2\x9b"), std::string::npos) << args << ": " << all;
        EXPECT_EQ(all.find("\nREADME.md:1:1"), std::string::npos) << args << ": " << all;
    }
    fs::remove_all(work);
}

// Issue 26.10: export and import refuse -o naming their own input (by any
// path or link), as merge does, instead of overwriting it.
TEST(Hostile, ExportAndImportRefuseToOverwriteTheirInput)
{
    const std::string work = makeTempDir();
    const std::string topo = work + "/t.sky.yaml";
    const std::string original = "skyplan: 1\nnodes:\n  web:\n    type: web_server\n";
    writeText(topo, original);
    fs::create_symlink(topo, work + "/link.yaml");
    const Outcome e = skyplan("export --to tosca --force -o " + quoted(work + "/./link.yaml") + " " + quoted(topo));
    EXPECT_NE(e.code, 0);
    EXPECT_NE(e.err.find("input file itself"), std::string::npos) << e.err;
    EXPECT_EQ(readText(topo), original);

    const std::string compose = work + "/c.compose.yaml";
    const std::string composeText = "services:\n  web:\n    image: nginx\n";
    writeText(compose, composeText);
    const Outcome i = skyplan("import --from compose -o " + quoted(compose) + " " + quoted(compose));
    EXPECT_NE(i.code, 0);
    EXPECT_NE(i.err.find("input file itself"), std::string::npos) << i.err;
    EXPECT_EQ(readText(compose), composeText);
    fs::remove_all(work);
}
