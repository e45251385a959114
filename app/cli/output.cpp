#include "output.h"

#include "checks.h"
#include "jsonescape.h"

#include <cctype>
#include <filesystem>
#include <iostream>

namespace sky::cli {

namespace {

// A finding's subjects as the items of a JSON array (the brackets are the caller's).
void writeSubjects(std::ostream &out, const Subjects &subjects)
{
    const char *separator = "";
    for (const std::string_view s : subjects) {
        out << separator << jsonString(s);
        separator = ", ";
    }
}

} // namespace

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
        writeSubjects(out, d.subjects);
        out << "]}";
    }
    out << (diagnostics.empty() ? "" : "\n  ") << "],\n  \"summary\": {\"errors\": " << errors
        << ", \"warnings\": " << warnings << "}\n}\n";
}

namespace {

const char *sarifLevel(Severity s)
{
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
    }
    return "error";
}

std::string text(std::string_view s)
{
    return "{\"text\": " + jsonString(std::string(s)) + "}";
}

} // namespace

std::string fileUri(const std::string &path)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out = !path.empty() && path.front() == '/' ? "file://" : "";
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

void printSarif(std::ostream &out, const std::vector<Diagnostic> &diagnostics, const std::string &toolVersion)
{
    const std::vector<RuleInfo> &rules = allRules();
    out << "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
        << "  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n"
        << "          \"name\": \"skyplan\",\n          \"version\": " << jsonString(toolVersion) << ",\n"
        << "          \"informationUri\": \"https://github.com/skyplan/skyplan/blob/main/docs/RULES.md\",\n"
        << "          \"rules\": [";
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const RuleInfo &r = rules[i];
        out << (i ? "," : "") << "\n            {\"id\": " << jsonString(std::string(r.id))
            << ", \"shortDescription\": " << text(r.title) << ", \"fullDescription\": " << text(r.explanation)
            << ", \"help\": " << text(r.hint.view()) << ", \"defaultConfiguration\": {\"level\": \""
            << sarifLevel(r.severity) << "\"}}";
    }
    out << "\n          ]\n        }\n      },\n      \"results\": [";
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const Diagnostic &d = diagnostics[i];
        out << (i ? "," : "") << "\n        {\"ruleId\": " << jsonString(d.rule.empty() ? "SP-UNKNOWN" : d.rule);
        for (std::size_t k = 0; k < rules.size(); ++k)
            if (rules[k].id == d.rule)
                out << ", \"ruleIndex\": " << k;
        out << ", \"level\": \"" << sarifLevel(d.severity) << "\", \"message\": "
            << text(d.hint.empty() ? d.message.str() : d.message + " (hint: " + d.hint.str() + ")");
        if (!d.file.empty()) {
            out << ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": "
                << jsonString(fileUri(d.file)) << "}";
            if (d.loc.line > 0)
                out << ", \"region\": {\"startLine\": " << d.loc.line << ", \"startColumn\": "
                    << (d.loc.column > 0 ? d.loc.column : 1) << "}";
            out << "}}]";
        }
        out << ", \"properties\": {\"subjects\": [";
        writeSubjects(out, d.subjects);
        out << "]}}";
    }
    out << (diagnostics.empty() ? "" : "\n      ") << "]\n    }\n  ]\n}\n";
}

bool outputIsInput(const std::string &command, const std::string &input, const std::string &output)
{
    if (output.empty() || output == "-" || input == "-")
        return false;
    std::error_code ec;
    if (!std::filesystem::equivalent(input, output, ec) || ec)
        return false;
    std::cerr << "skyplan " << command << ": -o " << output << " is the input file itself; refused (it would be overwritten)\n";
    return true;
}

} // namespace sky::cli
