#include "atomicfile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path &p)
{
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

fs::path freshFolder(const char *name)
{
    fs::path dir = fs::temp_directory_path() / (std::string("skyplan-atomic-") + name + "-" +
                                                std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir;
}

TEST(WriteFilesIntoFolder, CreatesTheFolderAndLeavesOtherFilesAlone)
{
    const fs::path dir = freshFolder("create");
    std::string error;
    ASSERT_TRUE(sky::writeFilesIntoFolder(dir.string(), {{"main.tf", "a"}, {"variables.tf", "b"}}, error)) << error;
    EXPECT_EQ(slurp(dir / "main.tf"), "a");
    EXPECT_EQ(slurp(dir / "variables.tf"), "b");
    std::ofstream(dir / "terraform.tfstate") << "state";
    ASSERT_TRUE(sky::writeFilesIntoFolder(dir.string(), {{"main.tf", "c"}}, error)) << error;
    EXPECT_EQ(slurp(dir / "main.tf"), "c");
    EXPECT_EQ(slurp(dir / "terraform.tfstate"), "state");
    fs::remove_all(dir);
}

TEST(WriteFilesIntoFolder, RefusesNamesThatLeaveTheFolderBeforeWritingAnything)
{
    const fs::path dir = freshFolder("refuse");
    for (const char *bad : {"../escape.tf", "sub/main.tf", "..", ".", ""}) {
        std::string error;
        EXPECT_FALSE(sky::writeFilesIntoFolder(dir.string(), {{"ok.tf", "x"}, {bad, "y"}}, error)) << bad;
        EXPECT_NE(error.find("not a plain file name"), std::string::npos) << error;
        EXPECT_FALSE(fs::exists(dir / "ok.tf")) << bad;
    }
    fs::remove_all(dir);
}

TEST(WriteFilesIntoFolder, RefusesAFileWhereTheFolderShouldBe)
{
    const fs::path dir = freshFolder("file");
    std::ofstream(dir.string()) << "not a folder";
    std::string error;
    EXPECT_FALSE(sky::writeFilesIntoFolder(dir.string(), {{"main.tf", "x"}}, error));
    EXPECT_NE(error.find("is not a folder"), std::string::npos) << error;
    EXPECT_EQ(slurp(dir), "not a folder");
    fs::remove(dir);
}

} // namespace
