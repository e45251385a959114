#include "output.h"

#include <cstdio>

namespace sky::cli {

std::string jsonString(const std::string &s)
{
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    return out + '"';
}

void printText(std::ostream &out, const std::vector<Diagnostic> &diagnostics)
{
    for (const Diagnostic &d : diagnostics) {
        out << d.format() << '\n';
    }
}

void printJson(std::ostream &out, const std::vector<std::string> &files,
               const std::vector<Diagnostic> &diagnostics)
{
    int errors = 0, warnings = 0;
    out << "{\n  \"files\": [";
    for (std::size_t i = 0; i < files.size(); ++i)
        out << (i ? ", " : "") << jsonString(files[i]);
    out << "],\n  \"diagnostics\": [";
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const Diagnostic &d = diagnostics[i];
        errors += d.severity == Severity::Error;
        warnings += d.severity == Severity::Warning;
        out << (i ? "," : "") << "\n    {\"file\": " << jsonString(d.file) << ", \"line\": " << d.loc.line
            << ", \"column\": " << d.loc.column << ", \"severity\": "
            << jsonString(std::string(severityName(d.severity))) << ", \"rule\": " << jsonString(d.rule)
            << ", \"message\": " << jsonString(d.message) << ", \"hint\": " << jsonString(d.hint)
            << ", \"subjects\": [";
        for (std::size_t k = 0; k < d.subjects.size(); ++k)
            out << (k ? ", " : "") << jsonString(d.subjects[k]);
        out << "]}";
    }
    out << (diagnostics.empty() ? "" : "\n  ") << "],\n  \"summary\": {\"errors\": " << errors
        << ", \"warnings\": " << warnings << "}\n}\n";
}

} // namespace sky::cli
