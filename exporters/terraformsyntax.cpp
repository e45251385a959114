// Terraform's two syntaxes for one tree of blocks (terraform.h): HCL native
// syntax and JSON syntax; and the JSON reader the importer parses
// configurations, plans and states with.
#include "terraform.h"

#include "jsonescape.h"
#include "utf8_p.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

namespace sky::tf {

std::string literal(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        out += s[i];
        if ((s[i] == '$' || s[i] == '%') && i + 1 < s.size() && s[i + 1] == '{')
            out += s[i];
    }
    return out;
}

namespace {

// "${expr}" with exactly one interpolation spanning the whole string: HCL
// prints `expr` bare.
bool wholeExpression(const std::string &s)
{
    if (s.size() < 4 || s.compare(0, 2, "${") != 0 || s.back() != '}')
        return false;
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 2; i + 1 < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                quoted = false;
            continue;
        }
        if (c == '"')
            quoted = true;
        else if (c == '{')
            ++depth;
        else if (c == '}' && --depth < 0)
            return false;
    }
    return depth == 0 && !quoted;
}

void appendNumber(std::string &out, double d)
{
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, r.ptr);
}

void indent(std::string &out, int depth)
{
    out.append(std::size_t(depth) * 2, ' ');
}

void hclValue(std::string &out, const Value &v, bool raw, int depth)
{
    switch (v.kind()) {
    case Value::Kind::Null: out += "null"; break;
    case Value::Kind::Bool: out += v.toBool() ? "true" : "false"; break;
    case Value::Kind::Int: out += std::to_string(v.toInt()); break;
    case Value::Kind::Number: appendNumber(out, v.toDouble()); break;
    case Value::Kind::String: {
        const std::string &s = v.toString();
        if (raw)
            out += s;
        else if (wholeExpression(s))
            out.append(s, 2, s.size() - 3);
        else
            appendJsonString(out, s); // HCL's quoted strings escape as JSON's do
        break;
    }
    case Value::Kind::List: {
        out += '[';
        bool first = true;
        for (const Value &i : v.toList()) {
            out += first ? "" : ", ";
            first = false;
            hclValue(out, i, raw, depth);
        }
        out += ']';
        break;
    }
    case Value::Kind::Map: {
        if (v.toMap().empty()) {
            out += "{}";
            break;
        }
        out += "{\n";
        for (const auto &kv : v.toMap()) {
            indent(out, depth + 1);
            appendJsonString(out, kv.first);
            out += " = ";
            hclValue(out, kv.second, raw, depth + 1);
            out += '\n';
        }
        indent(out, depth);
        out += '}';
        break;
    }
    }
}

void hclBody(std::string &out, const Body &body, int depth)
{
    std::size_t width = 0;
    for (const Entry &e : body.entries)
        if (!e.block)
            width = std::max(width, e.key.size());
    for (const Entry &e : body.entries) {
        indent(out, depth);
        out += e.key;
        if (e.block) {
            out += " {\n";
            hclBody(out, *e.block, depth + 1);
            indent(out, depth);
            out += "}\n";
        } else {
            out.append(width - e.key.size(), ' ');
            out += " = ";
            hclValue(out, e.value, e.raw, depth);
            out += '\n';
        }
    }
}

void jsonBody(std::string &out, const Body &body);

void jsonEntries(std::string &out, const Body &body)
{
    // Blocks of one type come together, as a list when there are several.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const Entry *>> byKey;
    for (const Entry &e : body.entries) {
        auto &list = byKey[e.key];
        if (list.empty())
            order.push_back(e.key);
        list.push_back(&e);
    }
    bool first = true;
    for (const std::string &key : order) {
        const auto &list = byKey[key];
        out += first ? "" : ",";
        first = false;
        appendJsonString(out, key);
        out += ':';
        if (!list.front()->block) {
            appendJson(out, list.back()->value);
            continue;
        }
        if (list.size() > 1)
            out += '[';
        for (std::size_t i = 0; i < list.size(); ++i) {
            out += i ? "," : "";
            jsonBody(out, *list[i]->block);
        }
        if (list.size() > 1)
            out += ']';
    }
}

void jsonBody(std::string &out, const Body &body)
{
    out += '{';
    jsonEntries(out, body);
    out += '}';
}

} // namespace

void appendJson(std::string &out, const Value &v)
{
    switch (v.kind()) {
    case Value::Kind::Null: out += "null"; break;
    case Value::Kind::Bool: out += v.toBool() ? "true" : "false"; break;
    case Value::Kind::Int: out += std::to_string(v.toInt()); break;
    case Value::Kind::Number: appendNumber(out, v.toDouble()); break;
    case Value::Kind::String: appendJsonString(out, v.toString()); break;
    case Value::Kind::List: {
        out += '[';
        bool first = true;
        for (const Value &i : v.toList()) {
            out += first ? "" : ",";
            first = false;
            appendJson(out, i);
        }
        out += ']';
        break;
    }
    case Value::Kind::Map: {
        out += '{';
        bool first = true;
        for (const auto &kv : v.toMap()) {
            out += first ? "" : ",";
            first = false;
            appendJsonString(out, kv.first);
            out += ':';
            appendJson(out, kv.second);
        }
        out += '}';
        break;
    }
    }
}

std::string printHcl(const Blocks &blocks)
{
    std::string out = "# Written by skyplan export --to terraform.\n";
    out.reserve(blocks.size() * 400);
    for (const Block &b : blocks) {
        out += '\n';
        out += b.kind;
        for (const std::string &l : b.labels) {
            out += ' ';
            appendJsonString(out, l);
        }
        out += " {\n";
        hclBody(out, b.body, 1);
        out += "}\n";
    }
    return out;
}

std::string printJson(const Blocks &blocks)
{
    // Terraform JSON: {"resource": {"T": {"N": {...}}}, "variable": {"N": {...}}, ...};
    // provider blocks of one name (aliases) as a list.
    std::map<std::string, std::map<std::string, std::map<std::string, const Body *>>> twoLabels; // kind -> T -> N
    std::map<std::string, std::map<std::string, std::vector<const Body *>>> oneLabel;
    std::vector<const Body *> terraform;
    std::vector<std::string> kinds;
    for (const Block &b : blocks) {
        if (std::find(kinds.begin(), kinds.end(), b.kind) == kinds.end())
            kinds.push_back(b.kind);
        if (b.labels.size() >= 2)
            twoLabels[b.kind][b.labels[0]][b.labels[1]] = &b.body;
        else if (b.labels.size() == 1)
            oneLabel[b.kind][b.labels[0]].push_back(&b.body);
        else
            terraform.push_back(&b.body);
    }
    std::string out = "{\n";
    out.reserve(blocks.size() * 300);
    bool firstKind = true;
    for (const std::string &kind : kinds) {
        out += firstKind ? "" : ",\n";
        firstKind = false;
        appendJsonString(out, kind);
        out += ": ";
        if (twoLabels.count(kind)) {
            out += "{\n";
            bool firstType = true;
            for (const auto &type : twoLabels[kind]) {
                out += firstType ? "  " : ",\n  ";
                firstType = false;
                appendJsonString(out, type.first);
                out += ": {\n";
                bool firstName = true;
                for (const auto &name : type.second) {
                    out += firstName ? "    " : ",\n    ";
                    firstName = false;
                    appendJsonString(out, name.first);
                    out += ": ";
                    jsonBody(out, *name.second);
                }
                out += "\n  }";
            }
            out += "\n}";
        } else if (oneLabel.count(kind)) {
            out += "{\n";
            bool firstName = true;
            for (const auto &name : oneLabel[kind]) {
                out += firstName ? "  " : ",\n  ";
                firstName = false;
                appendJsonString(out, name.first);
                out += ": ";
                if (name.second.size() > 1)
                    out += '[';
                for (std::size_t i = 0; i < name.second.size(); ++i) {
                    out += i ? ", " : "";
                    jsonBody(out, *name.second[i]);
                }
                if (name.second.size() > 1)
                    out += ']';
            }
            out += "\n}";
        } else {
            for (std::size_t i = 0; i < terraform.size(); ++i) {
                out += i ? ", " : "";
                jsonBody(out, *terraform[i]);
            }
        }
    }
    out += "\n}\n";
    return out;
}

// ---------------------------------------------------------------- JSON reader

namespace {

class JsonReader
{
public:
    JsonReader(std::string_view text, const std::string &file, std::vector<Diagnostic> &diagnostics,
               KeyPositions *topKeys)
        : m_text(text), m_file(file), m_diagnostics(diagnostics), m_topKeys(topKeys)
    {}

    bool run(Value &out)
    {
        skipSpace();
        if (!value(out, 0))
            return false;
        skipSpace();
        if (m_pos != m_text.size())
            return fail("unexpected text after the JSON value");
        return true;
    }

private:
    static constexpr int kMaxDepth = 512;

    SourceLoc here() const
    {
        // Line and column of m_pos, counted from the last place asked.
        while (m_lineFrom < m_pos) {
            if (m_text[m_lineFrom] == '\n') {
                ++m_line;
                m_col = 1;
            } else if ((static_cast<unsigned char>(m_text[m_lineFrom]) & 0xC0) != 0x80) {
                ++m_col;
            }
            ++m_lineFrom;
        }
        return SourceLoc{m_line, m_col};
    }

    bool fail(const std::string &message)
    {
        Diagnostic d;
        d.rule = "SP-IMPORT";
        d.file = m_file;
        d.loc = here();
        d.message = "JSON syntax error: " + message;
        m_diagnostics.push_back(std::move(d));
        return false;
    }

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++m_pos;
        }
    }

    bool value(Value &out, int depth)
    {
        if (m_pos >= m_text.size())
            return fail("unexpected end of the text");
        const char c = m_text[m_pos];
        if (c == '{')
            return object(out, depth);
        if (c == '[')
            return array(out, depth);
        if (c == '"') {
            std::string s;
            if (!string(s))
                return false;
            out = Value(std::move(s));
            return true;
        }
        if (word("true")) {
            out = Value(true);
            return true;
        }
        if (word("false")) {
            out = Value(false);
            return true;
        }
        if (word("null")) {
            out = Value();
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9'))
            return number(out);
        return fail(std::string("unexpected character '") + c + "'");
    }

    bool word(std::string_view w)
    {
        if (m_text.substr(m_pos, w.size()) != w)
            return false;
        m_pos += w.size();
        return true;
    }

    bool number(Value &out)
    {
        const std::size_t start = m_pos;
        bool integral = true;
        if (m_text[m_pos] == '-')
            ++m_pos;
        const auto digits = [this] {
            const std::size_t from = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
                ++m_pos;
            return m_pos > from;
        };
        if (m_pos < m_text.size() && m_text[m_pos] == '0')
            ++m_pos;
        else if (!digits())
            return fail("a number needs digits");
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            integral = false;
            ++m_pos;
            if (!digits())
                return fail("a number needs digits after '.'");
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            integral = false;
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
                ++m_pos;
            if (!digits())
                return fail("a number needs digits in its exponent");
        }
        const char *b = m_text.data() + start;
        const char *e = m_text.data() + m_pos;
        if (integral) {
            std::int64_t i = 0;
            const auto r = std::from_chars(b, e, i);
            if (r.ec == std::errc() && r.ptr == e) {
                out = Value(i);
                return true;
            }
        }
        double d = 0;
        const auto r = std::from_chars(b, e, d);
        if (r.ec != std::errc() && r.ec != std::errc::result_out_of_range)
            return fail("unreadable number");
        out = Value(d);
        return true;
    }

    static void appendUtf8(std::string &s, std::uint32_t cp)
    {
        if (cp < 0x80) {
            s += char(cp);
        } else if (cp < 0x800) {
            s += char(0xC0 | (cp >> 6));
            s += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += char(0xE0 | (cp >> 12));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        } else {
            s += char(0xF0 | (cp >> 18));
            s += char(0x80 | ((cp >> 12) & 0x3F));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        }
    }

    bool hex4(std::uint32_t &cp)
    {
        if (m_pos + 4 > m_text.size())
            return fail("a \\u escape needs four hex digits");
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            cp <<= 4;
            if (c >= '0' && c <= '9')
                cp |= std::uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                cp |= std::uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                cp |= std::uint32_t(c - 'A' + 10);
            else
                return fail("a \\u escape needs four hex digits");
        }
        return true;
    }

    bool string(std::string &s)
    {
        ++m_pos; // "
        std::size_t plain = m_pos;
        while (true) {
            if (m_pos >= m_text.size())
                return fail("unterminated string");
            const char c = m_text[m_pos];
            if (c == '"') {
                s.append(m_text.data() + plain, m_pos - plain);
                ++m_pos;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return fail("a control character inside a string must be escaped");
            if (static_cast<unsigned char>(c) >= 0x80) {
                const std::size_t length = sky::detail::decodeUtf8(m_text, m_pos).length;
                if (!length)
                    return fail("not UTF-8 (RFC 8259 JSON is UTF-8)");
                m_pos += length;
                continue;
            }
            if (c != '\\') {
                ++m_pos;
                continue;
            }
            s.append(m_text.data() + plain, m_pos - plain);
            if (++m_pos >= m_text.size())
                return fail("unterminated string");
            const char e = m_text[m_pos++];
            switch (e) {
            case '"': s += '"'; break;
            case '\\': s += '\\'; break;
            case '/': s += '/'; break;
            case 'b': s += '\b'; break;
            case 'f': s += '\f'; break;
            case 'n': s += '\n'; break;
            case 'r': s += '\r'; break;
            case 't': s += '\t'; break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!hex4(cp))
                    return false;
                if (cp >= 0xD800 && cp < 0xDC00) {
                    std::uint32_t low = 0;
                    if (m_text.substr(m_pos, 2) != "\\u")
                        return fail("a high surrogate must be followed by a low one");
                    m_pos += 2;
                    if (!hex4(low))
                        return false;
                    if (low < 0xDC00 || low >= 0xE000)
                        return fail("a high surrogate must be followed by a low one");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp < 0xE000) {
                    return fail("a lone low surrogate");
                }
                appendUtf8(s, cp);
                break;
            }
            default: return fail(std::string("unknown escape '\\") + e + "'");
            }
            plain = m_pos;
        }
    }

    bool object(Value &out, int depth)
    {
        if (depth >= kMaxDepth)
            return fail("nested deeper than 512 levels");
        ++m_pos; // {
        ValueMap map;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            out = Value(std::move(map));
            return true;
        }
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"')
                return fail("expected a key in double quotes");
            if (depth == 0 && m_topKeys) {
                const SourceLoc loc = here();
                std::string key;
                if (!string(key))
                    return false;
                m_topKeys->emplace_back(key, loc);
                if (!member(map, std::move(key), depth))
                    return false;
            } else {
                std::string key;
                if (!string(key) || !member(map, std::move(key), depth))
                    return false;
            }
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                out = Value(std::move(map));
                return true;
            }
            return fail("expected ',' or '}' in an object");
        }
    }

    bool member(ValueMap &map, std::string key, int depth)
    {
        skipSpace();
        if (m_pos >= m_text.size() || m_text[m_pos] != ':')
            return fail("expected ':' after a key");
        ++m_pos;
        skipSpace();
        Value v;
        if (!value(v, depth + 1))
            return false;
        map.insert_or_assign(std::move(key), std::move(v));
        return true;
    }

    bool array(Value &out, int depth)
    {
        if (depth >= kMaxDepth)
            return fail("nested deeper than 512 levels");
        ++m_pos; // [
        ValueList list;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            out = Value(std::move(list));
            return true;
        }
        while (true) {
            skipSpace();
            Value v;
            if (!value(v, depth + 1))
                return false;
            list.push_back(std::move(v));
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                out = Value(std::move(list));
                return true;
            }
            return fail("expected ',' or ']' in an array");
        }
    }

    std::string_view m_text;
    const std::string &m_file;
    std::vector<Diagnostic> &m_diagnostics;
    KeyPositions *m_topKeys;
    std::size_t m_pos = 0;
    mutable std::size_t m_lineFrom = 0;
    mutable int m_line = 1;
    mutable int m_col = 1;
};

} // namespace

bool parseJson(std::string_view text, const std::string &file, Value &out, std::vector<Diagnostic> &diagnostics,
               KeyPositions *topKeys)
{
    JsonReader reader(text, file, diagnostics, topKeys);
    return reader.run(out);
}

} // namespace sky::tf
