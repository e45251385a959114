#pragma once

#include "catalog.h"
#include "checks.h"
#include "descriptor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sky::test {

// The findings of one rule, in the order checkTopology returns them.
inline std::vector<Diagnostic> only(const std::vector<Diagnostic> &all, const std::string &rule)
{
    std::vector<Diagnostic> out;
    std::copy_if(all.begin(), all.end(), std::back_inserter(out), [&](const Diagnostic &d) { return d.rule == rule; });
    return out;
}

inline std::vector<Diagnostic> check(const Topology &t)
{
    return checkTopology(t, Catalog::builtin());
}

// Reads a descriptor that must read cleanly, then checks it.
inline std::vector<Diagnostic> checkText(const std::string &yaml)
{
    const ReadResult r = readDescriptor(yaml, "fixture.sky.yaml");
    EXPECT_TRUE(r.readable);
    for (const Diagnostic &d : r.diagnostics)
        ADD_FAILURE() << "reader: " << d.format();
    return checkTopology(r.topology, Catalog::builtin(), r.sources, "fixture.sky.yaml");
}

// Subjects of each finding of `rule`, sorted, one list a finding.
inline std::vector<std::vector<std::string>> subjectsOf(const std::vector<Diagnostic> &all, const std::string &rule)
{
    std::vector<std::vector<std::string>> out;
    for (const Diagnostic &d : only(all, rule))
        out.push_back(d.subjects.toVector());
    std::sort(out.begin(), out.end());
    return out;
}

using SubjectLists = std::vector<std::vector<std::string>>;

} // namespace sky::test
