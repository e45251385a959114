#include "format.h"

#include "topology.h"

#include <algorithm>

namespace sky {

bool Format::write(const Topology &, const Catalog &, std::string &, std::string &error) const
{
    error = "the " + name() + " format cannot be written";
    return false;
}

bool Format::writeWith(const Topology &topology, const Catalog &catalog, const WriteOptions &options,
                       std::string &out, std::string &error, std::vector<Diagnostic> &) const
{
    if (!options.version.empty()) {
        error = "the " + name() + " format has no version '" + options.version + "' to write";
        return false;
    }
    return write(topology, catalog, out, error);
}

bool Format::writeFiles(const Topology &topology, const Catalog &catalog, const WriteOptions &options,
                        std::vector<OutputFile> &files, std::string &error, std::vector<Diagnostic> &warnings) const
{
    OutputFile file;
    file.name = (topology.name.empty() ? std::string("topology") : topology.name) + extension();
    if (!writeWith(topology, catalog, options, file.text, error, warnings))
        return false;
    files.push_back(std::move(file));
    return true;
}

bool Format::read(std::string_view, const std::string &file, const Catalog &, Topology &,
                  std::vector<Diagnostic> &diagnostics) const
{
    Diagnostic d;
    d.rule = "SP-IMPORT";
    d.file = file;
    d.message = "the " + name() + " format cannot be read";
    diagnostics.push_back(std::move(d));
    return false;
}

Diagnostic exportWarning(const std::string &node, const std::string &message)
{
    Diagnostic d;
    d.severity = Severity::Warning;
    d.rule = "SP-EXPORT";
    d.message = "node '" + node + "': " + message;
    return d;
}

void FormatRegistry::add(std::unique_ptr<Format> format)
{
    const std::string key = format->name();
    auto it = std::find_if(m_formats.begin(), m_formats.end(),
                           [&](const auto &f) { return f->name() == key; });
    if (it != m_formats.end())
        *it = std::move(format);
    else
        m_formats.push_back(std::move(format));
}

const Format *FormatRegistry::find(std::string_view name) const
{
    for (const auto &f : m_formats)
        if (f->name() == name)
            return f.get();
    return nullptr;
}

std::string FormatRegistry::names(bool readable, bool writable) const
{
    std::vector<std::string> list;
    for (const auto &f : m_formats)
        if ((!readable || f->canRead()) && (!writable || f->canWrite()))
            list.push_back(f->name());
    std::sort(list.begin(), list.end());
    std::string out;
    for (const std::string &n : list)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace sky
