#include "yamlstream.h"

#include "quantity.h"
#include "yamlemit.h"

namespace sky {

void appendYamlScalar(std::string &out, std::string_view s)
{
    out += yamlScalar(s);
}

void appendInline(std::string &out, const Value &v, TextWriter key, TextWriter string)
{
    switch (v.kind()) {
    case Value::Kind::Null: out += "null"; break;
    case Value::Kind::Bool: out += v.toBool() ? "true" : "false"; break;
    case Value::Kind::Int: out += std::to_string(v.toInt()); break;
    case Value::Kind::Number: out += formatNumber(v.toDouble(), true); break;
    case Value::Kind::String: string(out, v.toString()); break;
    case Value::Kind::List: {
        out += '[';
        bool first = true;
        for (const Value &item : v.toList()) {
            out += first ? "" : ", ";
            first = false;
            appendInline(out, item, key, string);
        }
        out += ']';
        break;
    }
    case Value::Kind::Map: appendInline(out, v.toMap(), key, string); break;
    }
}

void appendInline(std::string &out, const ValueMap &m, TextWriter key, TextWriter string)
{
    out += '{';
    bool first = true;
    for (const auto &[k, item] : m) {
        out += first ? "" : ", ";
        first = false;
        key(out, k);
        out += ": ";
        appendInline(out, item, key, string);
    }
    out += '}';
}

std::string flowValue(const Value &v)
{
    std::string out;
    appendInline(out, v, appendYamlScalar, appendYamlScalar);
    return out;
}

YamlCollection &YamlCollection::add(std::string_view renderedValue)
{
    m_items += renderedValue;
    m_ends.push_back(m_items.size());
    return *this;
}

YamlCollection &YamlCollection::add(std::string_view renderedKey, std::string_view renderedValue)
{
    m_items += renderedKey;
    m_items += ": ";
    m_items += renderedValue;
    m_ends.push_back(m_items.size());
    return *this;
}

std::string YamlCollection::flow() const
{
    std::string s(1, m_list ? '[' : '{');
    std::size_t begin = 0;
    for (const std::size_t end : m_ends) {
        if (begin)
            s += ", ";
        s.append(m_items, begin, end - begin);
        begin = end;
    }
    s += m_list ? ']' : '}';
    return s;
}

void YamlCollection::write(std::string &out, int indent, std::string_view renderedKey, int width) const
{
    const std::size_t flowSize = m_items.size() + 2 * m_ends.size() + (m_ends.empty() ? 2 : 0);
    if (m_ends.empty() || int(flowSize) <= width - indent - int(renderedKey.size()) - 2) {
        appendEntry(out, indent, renderedKey, flow());
        return;
    }
    appendBlockKey(out, indent, renderedKey);
    std::size_t begin = 0;
    for (const std::size_t end : m_ends) {
        out.append(std::size_t(indent + 2), ' ');
        if (m_list)
            out += "- ";
        out.append(m_items, begin, end - begin);
        out += '\n';
        begin = end;
    }
}

void appendBlockKey(std::string &out, int indent, std::string_view renderedKey)
{
    out.append(std::size_t(indent), ' ');
    out += renderedKey;
    out += ":\n";
}

void appendEntry(std::string &out, int indent, std::string_view renderedKey, std::string_view renderedValue)
{
    out.append(std::size_t(indent), ' ');
    out += renderedKey;
    out += ": ";
    out += renderedValue;
    out += '\n';
}

} // namespace sky
