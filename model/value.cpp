#include "value.h"
#include "textlist.h"

#include "quantity.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <regex>

namespace sky {

double Value::toDouble() const
{
    if (isInt())
        return double(toInt());
    return std::get<double>(m_data);
}

std::optional<std::string> Value::secretRef() const
{
    if (!isMap() || toMap().size() != 1)
        return std::nullopt;
    const auto &[key, value] = *toMap().begin();
    if (key != "secret" || !value.isString())
        return std::nullopt;
    return value.toString();
}

Value Value::secret(const std::string &name)
{
    return Value(ValueMap{{"secret", Value(name)}});
}

const Value *Value::find(const std::string &key) const
{
    if (!isMap())
        return nullptr;
    const auto it = toMap().find(key);
    return it == toMap().end() ? nullptr : &it->second;
}

std::string Value::display() const
{
    switch (kind()) {
    case Kind::Null: return "null";
    case Kind::Bool: return toBool() ? "true" : "false";
    case Kind::Int: return std::to_string(toInt());
    case Kind::Number: return formatNumber(toDouble(), true);
    case Kind::String: return '"' + toString() + '"';
    case Kind::List: {
        std::string s = "[";
        for (const Value &v : toList())
            s += (s.size() > 1 ? ", " : "") + v.display();
        return s + ']';
    }
    case Kind::Map: {
        std::string s = "{";
        for (const auto &[k, v] : toMap())
            s += (s.size() > 1 ? ", " : "") + k + ": " + v.display();
        return s + '}';
    }
    }
    return {};
}

namespace {

bool parseInteger(const std::string &text, std::int64_t &out)
{
    std::string_view s = text;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
        base = s[1] == 'x' ? 16 : 8;
        s.remove_prefix(2);
        if (negative || text[0] == '+')
            return false; // the core schema has no signed hex or octal
    }
    if (s.empty())
        return false;
    std::uint64_t magnitude = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
    if (ec != std::errc() || end != s.data() + s.size())
        return false;
    const std::uint64_t limit = negative ? std::uint64_t(std::numeric_limits<std::int64_t>::max()) + 1
                                         : std::uint64_t(std::numeric_limits<std::int64_t>::max());
    if (magnitude > limit)
        return false;
    out = negative ? std::int64_t(0 - magnitude) : std::int64_t(magnitude);
    return true;
}

} // namespace

Value resolvePlainScalar(const std::string &text)
{
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return {};
    if (text == "true" || text == "True" || text == "TRUE")
        return Value(true);
    if (text == "false" || text == "False" || text == "FALSE")
        return Value(false);
    const char c = text[0];
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.'))
        return Value(text);
    if (std::int64_t i; parseInteger(text, i))
        return Value(i);
    // An integer too big for 64 bits stays text, so no digit is lost.
    if (std::all_of(text.begin() + (c == '-' || c == '+'), text.end(), [](char d) { return d >= '0' && d <= '9'; }))
        return Value(text);
    static const std::regex floatRe(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (std::regex_match(text, floatRe)) {
        double d = 0;
        const char *b = text.data() + (text[0] == '+' ? 1 : 0);
        const auto [end, ec] = std::from_chars(b, text.data() + text.size(), d);
        if (ec == std::errc() && end == text.data() + text.size())
            return Value(d);
    }
    if (text == ".inf" || text == ".Inf" || text == ".INF" || text == "+.inf" || text == "+.Inf"
        || text == "+.INF")
        return Value(std::numeric_limits<double>::infinity());
    if (text == "-.inf" || text == "-.Inf" || text == "-.INF")
        return Value(-std::numeric_limits<double>::infinity());
    // .nan stays text: NaN equals nothing, not even itself, so a topology
    // holding one could never be proved equal to its saved copy (fuzzer).
    return Value(text);
}

std::optional<std::vector<std::string>> textList(const Value *v)
{
    std::vector<std::string> items;
    if (!v)
        return items;
    if (v->isString()) {
        items.push_back(v->toString());
        return items;
    }
    if (!v->isList())
        return std::nullopt;
    for (const Value &item : v->toList()) {
        if (!item.isString())
            return std::nullopt;
        items.push_back(item.toString());
    }
    return items;
}

} // namespace sky
