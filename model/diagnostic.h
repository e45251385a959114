#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sky {

enum class Severity { Error, Warning, Info };
std::string_view severityName(Severity s);

struct SourceLoc
{
    int line = 0; // 1-based; 0 when unknown
    int column = 0;
    friend bool operator==(const SourceLoc &, const SourceLoc &) = default;
};

// One finding: of the reader (malformed input) or of a rule (a check).
struct Diagnostic
{
    Severity severity = Severity::Error;
    std::string rule; // stable id, e.g. SP-YAML-SYNTAX
    std::string message;
    std::string hint;
    std::vector<std::string> subjects; // node ids and link keys ("a.out -> b.in")
    std::string file;
    SourceLoc loc;

    // file:line:col: severity: message [rule]
    std::string format() const;
};

bool hasErrors(const std::vector<Diagnostic> &diagnostics);
void sortByLocation(std::vector<Diagnostic> &diagnostics);

// Where each part of a topology was read from, so a check can point at the
// line that declares its subject. Keys are paths such as "nodes/web",
// "nodes/web/properties/port", "links/a.out -> b.in", "zones/dmz".
class SourceMap
{
public:
    void set(const std::string &path, SourceLoc loc) { m_locs[path] = loc; }
    void set(std::string &&path, SourceLoc loc) { m_locs.insert_or_assign(std::move(path), loc); }
    // Room for `paths` entries, so that reading a large file does not rehash.
    void reserve(std::size_t paths) { m_locs.reserve(paths); }
    SourceLoc find(const std::string &path) const;

private:
    std::unordered_map<std::string, SourceLoc> m_locs;
};

} // namespace sky
