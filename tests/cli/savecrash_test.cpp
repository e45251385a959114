// Killing `skyplan fmt` at random moments while it writes must always leave
// either the complete old file or the complete new one, and the temporary
// files of killed runs are removed by the next save.
#include "runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

pid_t startFmt(const std::string &file)
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execl(SKYPLAN_BIN, SKYPLAN_BIN, "fmt", file.c_str(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    return pid;
}

std::size_t temporaries(const std::string &dir)
{
    std::size_t n = 0;
    for (const auto &e : fs::directory_iterator(dir))
        n += e.path().filename().string().find(".skyplan-") != std::string::npos;
    return n;
}

} // namespace

TEST(SaveCrash, KilledWritesLeaveOldOrNewNeverHalf)
{
    const std::string dir = makeTempDir();
    const std::string file = dir + "/big.sky.yaml";
    // The old file: a generated topology in non-canonical (flow) form, so the
    // formatted result differs from it.
    const Outcome gen = skyplan("generate --nodes 600 --seed 7");
    ASSERT_EQ(gen.code, 0);
    const std::string newText = gen.out;
    std::string oldText = newText + "# a trailing comment that fmt drops\n";
    writeText(file, oldText);

    // How long one uninterrupted run takes, to spread the kills over it.
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(skyplan("fmt '" + file + "'").code, 0);
    const auto full = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
    ASSERT_EQ(readText(file), newText);

    std::mt19937 rng(2026);
    int killed = 0, completed = 0;
    for (int i = 0; i < 200; ++i) {
        writeText(file, oldText);
        const pid_t pid = startFmt(file);
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % std::uint64_t(full.count() * 12 / 10 + 1)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (WIFSIGNALED(status))
            ++killed;
        else
            ++completed;
        const std::string now = readText(file);
        ASSERT_TRUE(now == oldText || now == newText) << "run " << i << ": the file is neither old nor new ("
                                                      << now.size() << " bytes)";
    }
    EXPECT_GT(killed, 100); // most runs really were interrupted
    RecordProperty("killed", killed);
    RecordProperty("completed", completed);

    // Killed runs may leave temporaries; the next save removes them.
    writeText(file, oldText);
    ASSERT_EQ(skyplan("fmt '" + file + "'").code, 0);
    EXPECT_EQ(temporaries(dir), 0u);
    EXPECT_EQ(readText(file), newText);
    fs::remove_all(dir);
}

TEST(SaveCrash, SymbolicLinkTargetIsRefusedAndUntouched)
{
    const std::string dir = makeTempDir();
    const std::string real = dir + "/real.sky.yaml";
    const std::string text = "skyplan: 1\nnodes: {i: {type: internet}}\n";
    writeText(real, text);
    fs::create_symlink(real, dir + "/link.sky.yaml");
    const Outcome r = skyplan("fmt '" + dir + "/link.sky.yaml'");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("is a symbolic link; refusing to replace it"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_symlink(dir + "/link.sky.yaml"));
    EXPECT_EQ(readText(real), text);
    fs::remove_all(dir);
}
