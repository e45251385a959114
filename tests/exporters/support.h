#pragma once

#include "catalog.h"
#include "format.h"
#include "topology.h"

#include <filesystem>
#include <string>
#include <vector>

namespace sky::test {

struct RunResult
{
    int exitCode = -1;
    std::string output; // stdout and stderr together
};

// Runs a shell command line; every argument must already be quoted (shellQuote).
RunResult run(const std::string &commandLine);
std::string shellQuote(const std::string &s);

// A fresh, empty folder under the system's temporary folder, removed at exit.
class TempDir
{
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path &path() const { return m_path; }
    std::string file(const std::string &name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

void writeText(const std::string &path, const std::string &text);
std::string readText(const std::string &path);

const Format &format(const std::string &name);
std::string exportText(const Topology &t, const std::string &formatName);

// The example topologies (name, topology), read with the native reader.
std::vector<std::pair<std::string, Topology>> examples();
// Generated topologies of different seeds and sizes.
std::vector<Topology> generated(int count);
// The webshop example made hostile: quotes, colons, newlines, ${...}, #,
// leading dashes, non-ASCII and very long text in every free-text field.
Topology hostileTopology();
const std::vector<std::string> &hostileStrings();

} // namespace sky::test
