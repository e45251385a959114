#pragma once

#include "diagnostic.h"
#include "topology.h"
#include "yamltree.h"

#include <string>
#include <string_view>
#include <vector>

namespace sky {

struct ReadResult
{
    Topology topology;
    SourceMap sources;
    std::vector<Diagnostic> diagnostics;
    // False when nothing trustworthy could be read (not YAML, over a limit,
    // a newer format version): the topology is then empty or partial.
    bool readable = false;
};

// The native `*.sky.yaml` descriptor, format version 1 (DESIGN.md).
// The reader keeps going after a problem, to report all of them.
ReadResult readDescriptor(std::string_view text, const std::string &fileName,
                          const YamlLimits &limits = {});
ReadResult readDescriptorFile(const std::string &path, const YamlLimits &limits = {});

// Canonical text: the same topology always gives the same bytes.
std::string writeDescriptor(const Topology &topology);

// Writes canonically and atomically after reading the text back and
// comparing it with `topology`; false with `error` set on any failure, in
// which case the file on disk is untouched.
bool saveDescriptor(const Topology &topology, const std::string &path, std::string &error);

} // namespace sky
