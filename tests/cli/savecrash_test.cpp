// Killing `skyplan fmt` or `skyplan export -o` at random moments while it
// writes must always leave either the complete old file or the complete new
// one, and the temporary files of killed runs are removed by the next save.
#include "runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Fewer kills under the sanitizers, where each run is several times slower;
// the plain build does the full count.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kRuns = 60;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int kRuns = 60;
#else
constexpr int kRuns = 200;
#endif
#else
constexpr int kRuns = 200;
#endif

pid_t start(const std::vector<std::string> &args)
{
    std::vector<char *> argv{const_cast<char *>(SKYPLAN_BIN)};
    for (const std::string &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execv(SKYPLAN_BIN, argv.data());
        ::_exit(127);
    }
    return pid;
}

std::set<std::string> temporaryNames(const std::string &dir)
{
    std::set<std::string> names;
    for (const auto &e : fs::directory_iterator(dir))
        if (const std::string name = e.path().filename().string();
            name.find(".skyplan-") != std::string::npos)
            names.insert(name);
    return names;
}

std::size_t temporaries(const std::string &dir)
{
    return temporaryNames(dir).size();
}

struct Kills
{
    int killed = 0;    // the process died of the signal
    int midWrite = 0;  // ...and left its temporary file behind (of those killed
                       // while writing, the ones after the rename leave none)
    int completed = 0; // it finished before the signal
};

// Runs `args` kRuns times, each killed with SIGKILL at a random moment of its
// run, after `target` is reset to `oldText`. The target is always exactly
// `oldText` or `newText`; the next run removes the temporaries a killed one
// left. Then one run to the end must leave `newText` and no temporary.
Kills killRepeatedly(const std::vector<std::string> &args,
                     const std::string &target,
                     const std::string &oldText,
                     const std::string &newText,
                     unsigned seed)
{
    const std::string dir = fs::path(target).parent_path().string();
    writeText(target, oldText);
    // How long one uninterrupted run takes, to spread the kills over it.
    const auto t0 = std::chrono::steady_clock::now();
    int status = 0;
    ::waitpid(start(args), &status, 0);
    // The measured time adapts below: on a loaded machine one run can take
    // several times another, and a window fixed by a slow first run would
    // let most later runs finish before their kill.
    auto full = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - t0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(readText(target), newText);

    std::mt19937 rng(seed);
    Kills k;
    for (int i = 0; i < kRuns; ++i) {
        writeText(target, oldText);
        const std::set<std::string> leftBefore = temporaryNames(dir);
        const pid_t pid = start(args);
        EXPECT_GT(pid, 0);
        std::this_thread::sleep_for(
            std::chrono::microseconds(rng() % std::uint64_t(full.count() * 12 / 10 + 1)));
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        if (WIFSIGNALED(status)) {
            ++k.killed;
            const std::set<std::string> left = temporaryNames(dir);
            k.midWrite += std::any_of(left.begin(), left.end(),
                                      [&](const std::string &n) { return !leftBefore.count(n); });
        } else {
            ++k.completed;
            full = full * 3 / 4; // it finished first: kill sooner from now on
        }
        const std::string now = readText(target);
        EXPECT_TRUE(now == oldText || now == newText)
            << "run " << i << ": " << target << " is neither old nor new (" << now.size()
            << " bytes)";
        if (now != oldText && now != newText)
            break;
    }

    // Killed runs may leave a temporary; the next save removes it.
    writeText(target, oldText);
    ::waitpid(start(args), &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(temporaries(dir), 0u);
    EXPECT_EQ(readText(target), newText);
    return k;
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
    const std::string oldText = newText + "# a trailing comment that fmt drops\n";

    const Kills k = killRepeatedly({"fmt", file}, file, oldText, newText, 2026);
    EXPECT_GT(k.killed, kRuns / 2); // most runs really were interrupted
    RecordProperty("killed", k.killed);
    RecordProperty("killed_mid_write", k.midWrite);
    RecordProperty("completed", k.completed);
    fs::remove_all(dir);
}

TEST(SaveCrash, KilledExportsLeaveOldOrNewNeverHalf)
{
    const std::string dir = makeTempDir();
    const std::string source = dir + "/big.sky.yaml";
    const std::string target = dir + "/big.tosca.yaml";
    const Outcome gen = skyplan("generate --nodes 600 --seed 11");
    ASSERT_EQ(gen.code, 0);
    writeText(source, gen.out);
    // New: the export of this topology; old: the export of another one.
    const Outcome now = skyplan("export --force --to tosca '" + source + "'");
    ASSERT_EQ(now.code, 0) << now.err;
    const Outcome other = skyplan("generate --nodes 400 --seed 12");
    ASSERT_EQ(other.code, 0);
    writeText(dir + "/other.sky.yaml", other.out);
    const Outcome before = skyplan("export --force --to tosca '" + dir + "/other.sky.yaml'");
    ASSERT_EQ(before.code, 0) << before.err;
    ASSERT_NE(before.out, now.out);
    fs::remove(dir + "/other.sky.yaml");

    const Kills k = killRepeatedly({"export", "--force", "--to", "tosca", "-o", target, source},
                                   target, before.out, now.out, 2027);
    EXPECT_GT(k.killed, kRuns / 2);
    RecordProperty("killed", k.killed);
    RecordProperty("killed_mid_write", k.midWrite);
    RecordProperty("completed", k.completed);
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

TEST(SaveCrash, ReadOnlyFolderGivesAClearErrorAndLeavesTheOldFile)
{
    // Root ignores folder permissions: run skyplan as nobody then.
    const std::string asUser =
        ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
    const std::string dir = makeTempDir();
    const std::string file = dir + "/ro.sky.yaml";
    const std::string text =
        "skyplan: 1\nnodes: {i: {type: internet}}\n"; // not canonical: fmt rewrites it
    writeText(file, text);
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::others_read);
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(dir, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);

    const Outcome fmt = runCommand(asUser + "'" + SKYPLAN_BIN + "' fmt '" + file + "'");
    EXPECT_EQ(fmt.code, 2) << fmt.out << fmt.err;
    EXPECT_NE(fmt.err.find("Permission denied"), std::string::npos) << fmt.err;
    EXPECT_EQ(readText(file), text);

    const Outcome exp = runCommand(asUser + "'" + SKYPLAN_BIN + "' export --to tosca -o '" + dir +
                                   "/out.tosca.yaml' '" + file + "'");
    EXPECT_EQ(exp.code, 2) << exp.out << exp.err;
    EXPECT_NE(exp.err.find("Permission denied"), std::string::npos) << exp.err;
    EXPECT_FALSE(fs::exists(dir + "/out.tosca.yaml"));
    EXPECT_EQ(temporaries(dir), 0u);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir);
}
