#include "diagnostic.h"

#include <algorithm>
#include <numeric>
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

// Each subject is its length (7 bits a byte, low bits first, the high bit
// set on every byte but the last) followed by its bytes.
void Subjects::push_back(std::string_view subject)
{
    std::size_t n = subject.size();
    do {
        const auto low = char(n & 0x7f);
        n >>= 7;
        m_text += n ? char(low | 0x80) : low;
    } while (n);
    m_text += subject;
    ++m_count;
}

Subjects::const_iterator::const_iterator(std::string_view text) : m_here(text)
{
    if (text.empty())
        return; // end()
    // Only push_back() writes the buffer, so it is well formed; the bounds
    // are kept all the same, so a bad length can never read past it.
    std::size_t n = 0, at = 0;
    for (int shift = 0; at < text.size() && shift < 64; shift += 7) {
        const auto byte = static_cast<unsigned char>(text[at++]);
        n |= std::size_t(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            break;
    }
    n = std::min(n, text.size() - at);
    m_at = text.substr(at, n);
    m_next = text.substr(at + n);
}

std::string_view Subjects::operator[](std::size_t i) const
{
    auto it = begin();
    while (i-- > 0)
        ++it;
    return *it;
}

bool hasErrors(const std::vector<Diagnostic> &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

void sortByLocation(std::vector<Diagnostic> &diagnostics)
{
    const auto less = [](const Diagnostic &a, const Diagnostic &b) {
        return std::tie(a.file, a.loc.line, a.loc.column) < std::tie(b.file, b.loc.line, b.loc.column);
    };
    if (std::is_sorted(diagnostics.begin(), diagnostics.end(), less))
        return;
    // Sorts positions, then moves each finding once: a Diagnostic is large.
    std::vector<std::size_t> order(diagnostics.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return less(diagnostics[a], diagnostics[b]); });
    std::vector<Diagnostic> sorted;
    sorted.reserve(diagnostics.size());
    for (const std::size_t i : order)
        sorted.push_back(std::move(diagnostics[i]));
    diagnostics = std::move(sorted);
}

SourceLoc SourceMap::find(const std::string &path) const
{
    const auto it = m_locs.find(path);
    return it == m_locs.end() ? SourceLoc{} : it->second;
}

} // namespace sky
