#pragma once

#include "diagnostic.h"
#include "topology.h"

#include <string>
#include <string_view>
#include <vector>

namespace sky {

class Format;
class FormatRegistry;

// The formats Skyplan offers, registered once on first use: the composition
// root decides which formats exist (STYLE.md 10). Shared by the command line,
// the designer and the tests.
const FormatRegistry &builtinFormats();

// The reader for `path`: `forced` by name when given, else the readable
// format with the longest matching extension, else the native one (never
// null unless `forced` names no readable format, with `error` set).
const Format *readerForPath(const std::string &path, const std::string &forced, std::string &error);

// Reads `text` (the contents of `path`) as a topology in any readable format.
// Problems go to `diagnostics`; false when nothing trustworthy was read.
bool readAnyTopology(std::string_view text, const std::string &path, const std::string &forced,
                     Topology &topology, std::vector<Diagnostic> &diagnostics, std::string &error);
// The same, with the file named `name` in messages and its format chosen
// by `formatPath` (git hands over temporary files named otherwise).
bool readAnyTopology(std::string_view text, const std::string &name, const std::string &formatPath,
                     const std::string &forced, Topology &topology, std::vector<Diagnostic> &diagnostics,
                     std::string &error);

} // namespace sky
