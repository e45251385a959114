// Every file of tests/data/malformed must give exactly the diagnostic listed
// for it in EXPECTED (message, line and column), and nothing may crash or hang.
#include "catalog.h"
#include "checks.h"
#include "descriptor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sky;
namespace fs = std::filesystem;

namespace {

struct Case
{
    std::string file;
    int exitCode;
    std::string diagnostic;
};

std::vector<Case> loadCases()
{
    std::vector<Case> cases;
    std::ifstream in(fs::path(SKYPLAN_TEST_DATA) / "malformed" / "EXPECTED");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream row(line);
        Case c;
        std::string code;
        std::getline(row, c.file, '\t');
        std::getline(row, code, '\t');
        std::getline(row, c.diagnostic);
        c.exitCode = std::stoi(code);
        cases.push_back(c);
    }
    return cases;
}

} // namespace

TEST(Malformed, CorpusHasEnoughCasesAndEveryFileIsListed)
{
    const auto cases = loadCases();
    EXPECT_GE(cases.size(), 25u);
    std::size_t files = 0;
    for (const auto &e : fs::directory_iterator(fs::path(SKYPLAN_TEST_DATA) / "malformed"))
        files += e.path().string().ends_with(".sky.yaml");
    EXPECT_EQ(files, cases.size());
}

TEST(Malformed, EachFileGivesItsExactDiagnostic)
{
    for (const Case &c : loadCases()) {
        SCOPED_TRACE(c.file);
        const fs::path path = fs::path(SKYPLAN_TEST_DATA) / "malformed" / c.file;
        std::ifstream in(path, std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        ReadResult r = readDescriptor(text, c.file);
        std::vector<Diagnostic> all = r.diagnostics;
        if (r.readable) {
            const auto checks = checkTopology(r.topology, Catalog::builtin(), r.sources, c.file);
            all.insert(all.end(), checks.begin(), checks.end());
        }
        bool found = false;
        std::string got;
        for (const Diagnostic &d : all) {
            found |= d.format() == c.diagnostic;
            got += d.format() + "\n";
            // Every problem carries a position the user can jump to.
            EXPECT_GT(d.loc.line, 0) << d.format();
            EXPECT_GT(d.loc.column, 0) << d.format();
        }
        EXPECT_TRUE(found) << "expected: " << c.diagnostic << "\ngot:\n" << got;
        // Unreadable files exit 2; readable files with errors exit 1.
        EXPECT_EQ(r.readable ? 1 : 2, c.exitCode);
        EXPECT_TRUE(hasErrors(all));
    }
}
