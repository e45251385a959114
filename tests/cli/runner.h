#pragma once

#include <string>

// Runs a shell command line; captures stdout, stderr and the exit status.
struct Outcome
{
    int code = -1;
    std::string out;
    std::string err;
};

Outcome runCommand(const std::string &commandLine);

// The skyplan binary under test, with arguments appended (quoted by the caller).
Outcome skyplan(const std::string &arguments);

// A fresh empty folder under the system temp folder, removed by the caller.
std::string makeTempDir();

std::string readText(const std::string &path);
void writeText(const std::string &path, const std::string &text);
