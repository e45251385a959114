#include "runner.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

Outcome runCommand(const std::string &commandLine)
{
    static int counter = 0;
    const fs::path err = fs::temp_directory_path()
                         / ("skyplan-cli-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".err");
    Outcome r;
    FILE *pipe = ::popen((commandLine + " 2>" + err.string()).c_str(), "r");
    if (!pipe)
        return r;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        r.out.append(buf, n);
    const int status = ::pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.err = readText(err.string());
    fs::remove(err);
    return r;
}

Outcome skyplan(const std::string &arguments)
{
    return runCommand(std::string("'") + SKYPLAN_BIN + "' " + arguments);
}

std::string makeTempDir()
{
    std::string tmpl = (fs::temp_directory_path() / "skyplan-cli-XXXXXX").string();
    return ::mkdtemp(tmpl.data());
}

std::string readText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeText(const std::string &path, const std::string &text)
{
    std::ofstream(path, std::ios::binary) << text;
}
