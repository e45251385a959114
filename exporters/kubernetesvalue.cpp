// Kubernetes names, quantities and the block YAML both directions write.
#include "kubernetes.h"

#include "quantity.h"
#include "yamlemit.h"
#include "yamlstream.h"

#include <cmath>
#include <cstdlib>

namespace sky::kubernetes {

std::string dnsLabel(std::string_view s, std::string_view fallback)
{
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        const char l = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
        const bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
        if (ok)
            out += l;
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    if (out.size() > 63)
        out.resize(63);
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out.empty() ? std::string(fallback) : out;
}

std::string byteQuantity(std::uint64_t bytes)
{
    static constexpr struct
    {
        std::uint64_t factor;
        const char *suffix;
    } units[] = {{1ull << 40, "Ti"}, {1ull << 30, "Gi"}, {1ull << 20, "Mi"}, {1ull << 10, "Ki"}};
    for (const auto &u : units)
        if (bytes >= u.factor && bytes % u.factor == 0)
            return std::to_string(bytes / u.factor) + u.suffix;
    return std::to_string(bytes);
}

std::string cpuQuantity(double cores)
{
    if (cores == std::floor(cores) && cores < 1e9)
        return std::to_string(std::int64_t(cores));
    return std::to_string(std::int64_t(std::llround(cores * 1000))) + "m";
}

namespace {
// The number in front of a quantity's suffix, and the suffix.
bool splitQuantity(std::string_view s, double &number, std::string_view &suffix)
{
    std::size_t i = 0;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '+'))
        ++i;
    if (i == 0)
        return false;
    const std::string digits(s.substr(0, i));
    char *end = nullptr;
    number = std::strtod(digits.c_str(), &end);
    if (!end || *end != '\0' || !std::isfinite(number) || number < 0)
        return false;
    suffix = s.substr(i);
    return true;
}
} // namespace

std::optional<std::uint64_t> parseByteQuantity(std::string_view s)
{
    double n = 0;
    std::string_view suffix;
    if (!splitQuantity(s, n, suffix))
        return std::nullopt;
    static constexpr struct
    {
        std::string_view suffix;
        double factor;
    } units[] = {{"", 1},       {"k", 1e3},          {"M", 1e6},          {"G", 1e9},
                 {"T", 1e12},   {"Ki", 1024.0},      {"Mi", 1048576.0},   {"Gi", 1073741824.0},
                 {"Ti", 1099511627776.0}};
    for (const auto &u : units)
        if (u.suffix == suffix) {
            const double bytes = n * u.factor;
            if (bytes > 1.8e19)
                return std::nullopt;
            return std::uint64_t(std::llround(bytes));
        }
    return std::nullopt;
}

std::optional<double> parseCpuQuantity(std::string_view s)
{
    double n = 0;
    std::string_view suffix;
    if (!splitQuantity(s, n, suffix))
        return std::nullopt;
    if (suffix.empty())
        return n;
    if (suffix == "m")
        return n / 1000;
    return std::nullopt;
}

namespace {
void pad(std::string &out, int indent)
{
    out.append(std::size_t(indent), ' ');
}

bool flat(const Value &v)
{
    return v.isScalar() || (v.isList() && v.toList().empty()) || (v.isMap() && v.toMap().empty());
}

void appendItem(std::string &out, int indent, const Value &v);

bool scalarsOnly(const Value &v)
{
    if (!v.isMap())
        return false;
    for (const auto &[k, item] : v.toMap())
        if (!item.isScalar())
            return false;
    return true;
}

void appendKeyed(std::string &out, int indent, const std::string &key, const Value &v)
{
    pad(out, indent);
    appendYamlScalar(out, key);
    if (flat(v)) {
        out += ": ";
        appendInline(out, v, appendYamlScalar, appendYamlScalar);
        out += '\n';
        return;
    }
    // `key: [a, b]` or `key: {a: 1, b: x}` when it fits the line of 100.
    const auto inlineFits = [&] {
        const std::size_t start = out.size();
        out += ": ";
        appendInline(out, v, appendYamlScalar, appendYamlScalar);
        if (out.size() - start + std::size_t(indent) + key.size() <= 100) {
            out += '\n';
            return true;
        }
        out.resize(start);
        return false;
    };
    if (v.isList()) {
        bool scalars = true;
        for (const Value &i : v.toList())
            scalars = scalars && i.isScalar();
        if (scalars && inlineFits())
            return;
        out += ":\n";
        for (const Value &i : v.toList())
            appendItem(out, indent, i);
        return;
    }
    if (scalarsOnly(v) && inlineFits())
        return;
    out += ":\n";
    appendBlock(out, indent + 2, v.toMap());
}

void appendItem(std::string &out, int indent, const Value &v)
{
    pad(out, indent);
    out += "- ";
    if (flat(v) || v.isList()) {
        appendInline(out, v, appendYamlScalar, appendYamlScalar);
        out += '\n';
        return;
    }
    const std::size_t start = out.size();
    if (scalarsOnly(v)) {
        appendInline(out, v, appendYamlScalar, appendYamlScalar);
        if (out.size() - start + std::size_t(indent) <= 98) {
            out += '\n';
            return;
        }
        out.resize(start);
    }
    // The map's first entry on the dash's line, the others below it.
    appendBlock(out, indent + 2, v.toMap());
    out.erase(start, std::size_t(indent) + 2);
}
} // namespace

void appendBlock(std::string &out, int indent, const ValueMap &m)
{
    for (const auto &[k, v] : m)
        appendKeyed(out, indent, k, v);
}

} // namespace sky::kubernetes
