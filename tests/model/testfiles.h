#pragma once

// Shared by the model tests: a file's bytes, as they are on disk.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace sky::test {

inline std::string slurp(const std::filesystem::path &p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace sky::test
