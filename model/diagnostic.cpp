#include "diagnostic.h"

#include <algorithm>
#include <tuple>

namespace sky {

std::string_view severityName(Severity s)
{
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    }
    return "error";
}

std::string Diagnostic::format() const
{
    std::string s = file.empty() ? std::string("<input>") : file;
    if (loc.line > 0)
        s += ':' + std::to_string(loc.line) + ':' + std::to_string(loc.column);
    s += ": ";
    s += severityName(severity);
    s += ": " + message;
    if (!rule.empty())
        s += " [" + rule + ']';
    return s;
}

bool hasErrors(const std::vector<Diagnostic> &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

void sortByLocation(std::vector<Diagnostic> &diagnostics)
{
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return std::tie(a.file, a.loc.line, a.loc.column) < std::tie(b.file, b.loc.line, b.loc.column);
    });
}

SourceLoc SourceMap::find(const std::string &path) const
{
    const auto it = m_locs.find(path);
    return it == m_locs.end() ? SourceLoc{} : it->second;
}

} // namespace sky
