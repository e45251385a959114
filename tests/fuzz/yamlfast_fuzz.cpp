// libFuzzer target: the fast YAML path (model/yamlfast.cpp) against
// yaml-cpp's. Whenever the fast path accepts an input, yaml-cpp must read it
// without a diagnostic and to the very same tree, positions included; with
// the default limits and with tight ones.
#include "yamlfast.h"
#include "yamltree.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

void compare(std::string_view text, const sky::YamlLimits &limits)
{
    const auto fast = sky::parseYamlFast(text, limits);
    if (!fast)
        return;
    std::vector<sky::Diagnostic> diagnostics;
    const auto slow = sky::parseYamlSlow(text, "fuzz.yaml", diagnostics, limits);
    if (!slow || !diagnostics.empty()) {
        std::fprintf(stderr, "the fast path accepted what yaml-cpp refuses: %s\n",
                     diagnostics.empty() ? "" : diagnostics.front().message.str().c_str());
        std::abort();
    }
    if (const std::string d = sky::yamlTreeDifference(fast->root(), slow->root()); !d.empty()) {
        std::fprintf(stderr, "the trees differ at %s\n", d.c_str());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    sky::YamlLimits limits;
    limits.maxBytes = 1 << 20;
    compare(text, limits);
    sky::YamlLimits tight;
    tight.maxDepth = 4;
    tight.maxNodes = 40;
    tight.maxScalarBytes = 16;
    compare(text, tight);
    return 0;
}
