#include "yamlemit.h"

#include "quantity.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace sky {

namespace {

bool isSafeChar(char c, bool first)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || c == '/')
        return true;
    return !first && (c == '.' || c == '-' || c == '+' || c == '@' || c == '(' || c == ')');
}

// Words that YAML 1.1 readers (PyYAML, older yaml-cpp users) take as booleans or null.
bool isYaml11Keyword(std::string_view s)
{
    static constexpr std::array words{"y", "yes", "n", "no", "on", "off", "true", "false", "null", "~"};
    std::string lower(s);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return std::find(words.begin(), words.end(), lower) != words.end();
}

// Anything a YAML 1.1 reader could take for a number: 0755, 1_000, 1e3, 0x1F, 0b1, 1:20.
bool looksNumeric(std::string_view s)
{
    if (s.empty())
        return false;
    const char c = s[0];
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char ch) {
        return std::string_view("0123456789abcdefABCDEFxXoO_:.+-").find(ch) != std::string_view::npos;
    });
}

bool isPlainSafe(std::string_view s)
{
    if (s.empty() || s.size() > 200)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ' ') {
            // Single inner spaces only: never leading, trailing or doubled.
            if (i == 0 || i + 1 == s.size() || s[i + 1] == ' ')
                return false;
            continue;
        }
        if (!isSafeChar(c, i == 0 || s[i - 1] == ' '))
            return false;
    }
    if (isYaml11Keyword(s) || looksNumeric(s))
        return false;
    return resolvePlainScalar(std::string(s)).isString();
}

std::string doubleQuoted(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\t': out += "\\t"; continue;
        case '\r': out += "\\r"; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            std::array<char, 8> buf{};
            std::snprintf(buf.data(), buf.size(), "\\x%02X", c);
            out += buf.data();
            continue;
        }
        // U+0085, U+2028, U+2029 are line breaks to YAML and U+FEFF a BOM:
        // escape them. The other C1 controls (U+0080..U+009F) and the
        // noncharacters U+FFFE, U+FFFF are outside YAML's printable set:
        // a reader refuses them written as they are.
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80
            && static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            std::array<char, 8> buf{};
            std::snprintf(buf.data(), buf.size(), "\\u%04X", unsigned(static_cast<unsigned char>(s[i + 1])));
            out += buf.data();
            ++i;
            continue;
        }
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF
            && (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
            out += static_cast<unsigned char>(s[i + 2]) == 0xBE ? "\\uFFFE" : "\\uFFFF";
            i += 2;
            continue;
        }
        if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80
            && (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
            out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
            i += 2;
            continue;
        }
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB
            && static_cast<unsigned char>(s[i + 2]) == 0xBF) {
            out += "\\uFEFF";
            i += 2;
            continue;
        }
        out += char(c);
    }
    out += '"';
    return out;
}

} // namespace

std::string yamlScalar(std::string_view s)
{
    return isPlainSafe(s) ? std::string(s) : doubleQuoted(s);
}

YamlOut YamlOut::string(std::string_view s)
{
    YamlOut o;
    o.m_text = yamlScalar(s);
    return o;
}

YamlOut YamlOut::integer(std::int64_t i)
{
    YamlOut o;
    o.m_text = std::to_string(i);
    return o;
}

YamlOut YamlOut::number(double d)
{
    YamlOut o;
    o.m_text = formatNumber(d, true);
    return o;
}

YamlOut YamlOut::boolean(bool b)
{
    YamlOut o;
    o.m_text = b ? "true" : "false";
    return o;
}

YamlOut YamlOut::null()
{
    YamlOut o;
    o.m_text = "null";
    return o;
}

YamlOut YamlOut::list(Style style)
{
    YamlOut o;
    o.m_kind = Kind::List;
    o.m_style = style;
    return o;
}

YamlOut YamlOut::map(Style style)
{
    YamlOut o;
    o.m_kind = Kind::Map;
    o.m_style = style;
    return o;
}

YamlOut YamlOut::from(const Value &value)
{
    switch (value.kind()) {
    case Value::Kind::Null: return null();
    case Value::Kind::Bool: return boolean(value.toBool());
    case Value::Kind::Int: return integer(value.toInt());
    case Value::Kind::Number: return number(value.toDouble());
    case Value::Kind::String: return string(value.toString());
    case Value::Kind::List: {
        YamlOut o = list();
        for (const Value &v : value.toList())
            o.add(from(v));
        return o;
    }
    case Value::Kind::Map: {
        YamlOut o = map();
        for (const auto &[k, v] : value.toMap())
            o.set(k, from(v));
        return o;
    }
    }
    return null();
}

YamlOut &YamlOut::add(YamlOut item)
{
    m_items.push_back(std::move(item));
    return *this;
}

YamlOut &YamlOut::set(std::string_view key, YamlOut value)
{
    m_entries.emplace_back(yamlScalar(key), std::move(value));
    return *this;
}

class YamlEmitter
{
public:
    explicit YamlEmitter(int width) : m_width(width) {}

    // One-line flow text, or empty when `o` is too long or too deep for it.
    std::string flow(const YamlOut &o, int budget, int depth, bool forced) const
    {
        if (o.m_kind == YamlOut::Kind::Scalar)
            return int(o.m_text.size()) <= budget || forced ? o.m_text : std::string();
        if (!forced && (o.m_style == YamlOut::Style::Block || depth > 2))
            return {};
        const bool isList = o.m_kind == YamlOut::Kind::List;
        std::string s(1, isList ? '[' : '{');
        const std::size_t n = isList ? o.m_items.size() : o.m_entries.size();
        for (std::size_t i = 0; i < n; ++i) {
            if (i)
                s += ", ";
            if (!isList)
                s += o.m_entries[i].first + ": ";
            const YamlOut &child = isList ? o.m_items[i] : o.m_entries[i].second;
            const std::string part = flow(child, budget - int(s.size()), depth + 1, forced);
            if (part.empty())
                return {};
            s += part;
            if (!forced && int(s.size()) > budget)
                return {};
        }
        s += isList ? ']' : '}';
        if (!forced && int(s.size()) > budget)
            return {};
        return s;
    }

    bool wantsFlow(const YamlOut &o) const
    {
        return o.m_kind == YamlOut::Kind::Scalar || o.m_style == YamlOut::Style::Flow || o.empty();
    }

    // Writes `key: value` (key may be empty for a list item "- ").
    void entry(std::string &out, int indent, const std::string &lead, const YamlOut &value)
    {
        const int budget = m_width - indent - int(lead.size());
        std::string inlineText;
        if (wantsFlow(value))
            inlineText = flow(value, budget, 1, true);
        else if (value.m_style == YamlOut::Style::Auto)
            inlineText = flow(value, budget, 1, false);
        if (!inlineText.empty()) {
            out.append(std::size_t(indent), ' ');
            out += lead;
            out += inlineText;
            out += '\n';
            return;
        }
        out.append(std::size_t(indent), ' ');
        out += lead;
        out.pop_back(); // the space after ':' or '-'
        if (value.m_kind == YamlOut::Kind::Map && lead == "- ") {
            // "- key: value" with the rest of the mapping aligned under the key.
            out += ' ';
            bool first = true;
            for (const auto &[k, v] : value.m_entries) {
                std::string sub;
                entry(sub, indent + 2, k + ": ", v);
                if (first)
                    sub.erase(0, std::size_t(indent + 2));
                out += sub;
                first = false;
            }
            return;
        }
        out += '\n';
        block(out, indent + 2, value);
    }

    void block(std::string &out, int indent, const YamlOut &o)
    {
        if (o.m_kind == YamlOut::Kind::List) {
            for (const YamlOut &item : o.m_items)
                entry(out, indent, "- ", item);
        } else {
            for (const auto &[k, v] : o.m_entries)
                entry(out, indent, k + ": ", v);
        }
    }

private:
    int m_width;
};

std::string emitYaml(const YamlOut &root, int width)
{
    YamlEmitter e(width);
    std::string out;
    if (root.kind() == YamlOut::Kind::Scalar || root.empty())
        return e.flow(root, width, 0, true) + '\n';
    e.block(out, 0, root);
    return out;
}

} // namespace sky
