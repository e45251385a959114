#include "yamlfast.h"

#include "utf8_p.h"
#include "yamlemit.h"

#include <algorithm>
#include <cstdint>
#include <unordered_set>

// The positions mirror yaml-cpp 0.7 (line and byte column of the token):
// a block mapping at its first key, a block sequence at its first '-', a
// flow collection at its bracket, a quoted scalar at its opening quote, and
// an empty value (`key:` and nothing under it) at the next token, which is
// the first character of the next non-empty line or the end of the text.
// tests/model/yamlfast_test.cpp and tests/fuzz/yamlfast_fuzz.cpp hold the
// two paths to the same tree.

namespace sky {

namespace {

struct GiveUp
{}; // thrown out of the fast path: the text is left to yaml-cpp

// Our own bound on the recursion, whatever the limits allow.
constexpr int kMaxDepth = 200;

[[noreturn]] void giveUp()
{
    throw GiveUp{};
}

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isFlowEnd(char c)
{
    return c == ',' || c == ']' || c == '}';
}

// yaml-cpp's IsNullString, less the empty string (never a plain scalar here).
bool isNullWord(std::string_view s)
{
    return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Control characters, tabs, CR, invalid UTF-8, and the characters that YAML
// may take as line breaks or a byte order mark: all for yaml-cpp.
bool plainBytes(std::string_view text)
{
    const auto *p = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n') || c == 0x7F)
                return false;
            ++i;
            continue;
        }
        const detail::Utf8Char ch = detail::decodeUtf8(text, i);
        if (ch.length == 0 || ch.codePoint == 0x85 || ch.codePoint == 0x2028 || ch.codePoint == 0x2029
            || ch.codePoint == 0xFEFF)
            return false;
        i += ch.length;
    }
    return true;
}

void appendUtf8(std::string &out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

class YamlFastParser
{
public:
    YamlFastParser(std::string_view text, const YamlLimits &limits, YamlDocument &doc)
        : m_text(text), m_limits(limits), m_doc(doc)
    {}

    // Throws GiveUp for anything outside the subset.
    void parse()
    {
        // Every line ends with '\n', so m_text[m_pos] is in range wherever a
        // line is being read, and one character of look-ahead too.
        if (m_text.empty() || m_text.back() != '\n' || m_text.size() > m_limits.maxBytes
            || !plainBytes(m_text))
            giveUp();
        if (nextIndent() != 0)
            giveUp();
        const YamlNode *root = nullptr;
        if (m_text[m_pos] == '[' || m_text[m_pos] == '{') {
            root = flowNode();
            endOfLine();
        } else {
            root = blockNode(0);
        }
        if (nextIndent() != -1)
            giveUp();
        m_doc.m_root = root;
    }

private:
    using Kind = YamlNode::Kind;

    // A mapping's keys, for the duplicate check: linear while small.
    class KeySet
    {
    public:
        void add(const YamlNode &map, const YamlNode *key)
        {
            const std::string_view k = key->scalar;
            if (map.entries.size() < 16) {
                for (const auto &entry : map.entries)
                    if (entry.first->scalar == k)
                        giveUp();
                return;
            }
            if (m_keys.empty())
                for (const auto &entry : map.entries)
                    m_keys.insert(entry.first->scalar);
            if (!m_keys.insert(k).second)
                giveUp();
        }

    private:
        std::unordered_set<std::string_view> m_keys;
    };

    SourceLoc here() const { return {m_line, int(m_pos - m_lineStart) + 1}; }

    YamlNode &make(Kind kind, SourceLoc loc)
    {
        if (m_doc.m_nodes.size() + 1 >= m_limits.maxNodes)
            giveUp();
        YamlNode &n = m_doc.m_nodes.emplace_back();
        n.kind = kind;
        n.loc = loc;
        return n;
    }

    YamlNode &open(Kind kind, SourceLoc loc)
    {
        if (++m_depth >= m_limits.maxDepth || m_depth > kMaxDepth)
            giveUp();
        return make(kind, loc);
    }

    void close() { --m_depth; }

    void attach(YamlNode &parent, const YamlNode *child)
    {
        parent.weight += child->weight;
        parent.height = std::max(parent.height, child->height + 1);
        if (parent.height >= m_limits.maxDepth)
            giveUp();
    }

    void addEntry(YamlNode &map, KeySet &keys, const YamlNode *key, const YamlNode *value)
    {
        // The builder refuses a key that could not be written back as one.
        if (key->scalar.size() > 200 && yamlScalar(key->scalar).size() > 1024)
            giveUp();
        keys.add(map, key);
        attach(map, key);
        attach(map, value);
        map.entries.emplace_back(key, value);
    }

    // yaml-cpp drops a simple key that starts more than 1024 bytes of text
    // before its ':' (a quoted key with many escapes can be short once
    // decoded): leave such keys to it. Keys are on one line.
    void keySpan(const YamlNode *key) const
    {
        if (m_pos - (m_lineStart + std::size_t(key->loc.column - 1)) > 1000)
            giveUp();
    }

    void newLine()
    {
        ++m_pos;
        ++m_line;
        m_lineStart = m_pos;
    }

    void endOfLine()
    {
        if (m_text[m_pos] != '\n')
            giveUp();
        newLine();
    }

    void skipSpaces()
    {
        while (m_text[m_pos] == ' ')
            ++m_pos;
    }

    // At the start of a line: skips empty lines, and gives the indentation
    // of the next one without consuming it, or -1 at the end of the text.
    int nextIndent()
    {
        while (m_pos < m_text.size() && m_text[m_pos] == '\n')
            newLine();
        if (m_pos == m_text.size())
            return -1;
        std::size_t i = m_pos;
        while (m_text[i] == ' ')
            ++i;
        if (m_text[i] == '\n')
            giveUp(); // a line of spaces only
        if (i == m_pos && m_text.substr(m_pos, 3) == "...")
            giveUp(); // perhaps the end of the document
        return int(i - m_pos);
    }

    // An empty value: yaml-cpp puts it at the next token, after nextIndent().
    const YamlNode *emptyValue(int indent)
    {
        return &make(Kind::Null, {m_line, indent < 0 ? 1 : indent + 1});
    }

    // A block collection whose first line is indented by `indent`, at that line's start.
    const YamlNode *blockNode(int indent)
    {
        m_pos += std::size_t(indent);
        const char next = m_text[m_pos + 1];
        if (m_text[m_pos] == '-' && (next == ' ' || next == '\n'))
            return blockSequence(indent);
        return blockMap(indent, nullptr);
    }

    // Entries at column indent + 1; the first key may be read already (the
    // mapping that starts on a "- " line). Returns at the start of the
    // first line indented less.
    const YamlNode *blockMap(int indent, const YamlNode *firstKey)
    {
        YamlNode &map = open(Kind::Map, firstKey ? firstKey->loc : here());
        KeySet keys;
        const YamlNode *key = firstKey;
        for (;;) {
            if (!key)
                key = scalar(false);
            if (m_text[m_pos] != ':')
                giveUp();
            keySpan(key);
            ++m_pos;
            const YamlNode *value = nullptr;
            int next = 0;
            if (m_text[m_pos] == ' ') {
                skipSpaces();
                value = inlineValue();
                endOfLine();
                next = nextIndent();
            } else if (m_text[m_pos] == '\n') {
                newLine();
                next = nextIndent();
                if (next > indent) {
                    value = blockNode(next);
                    next = nextIndent();
                } else {
                    value = emptyValue(next);
                }
            } else {
                giveUp();
            }
            addEntry(map, keys, key, value);
            if (next < indent)
                break;
            if (next > indent)
                giveUp();
            m_pos += std::size_t(indent);
            key = nullptr;
        }
        close();
        return &map;
    }

    const YamlNode *blockSequence(int indent)
    {
        YamlNode &seq = open(Kind::Sequence, here());
        for (;;) {
            ++m_pos; // the '-'
            const YamlNode *item = nullptr;
            int next = 0;
            if (m_text[m_pos] == ' ') {
                ++m_pos;
                const char c = m_text[m_pos];
                if (c == '[' || c == '{') {
                    item = flowNode();
                    endOfLine();
                } else {
                    const YamlNode *s = scalar(false);
                    if (m_text[m_pos] == ':') {
                        item = blockMap(indent + 2, s);
                    } else {
                        item = s;
                        endOfLine();
                    }
                }
                next = nextIndent();
            } else {
                newLine();
                next = nextIndent();
                if (next > indent) {
                    item = blockNode(next);
                    next = nextIndent();
                } else {
                    item = emptyValue(next);
                }
            }
            attach(seq, item);
            seq.items.push_back(item);
            if (next < indent)
                break;
            if (next > indent)
                giveUp();
            m_pos += std::size_t(indent);
            const char after = m_text[m_pos + 1];
            if (m_text[m_pos] != '-' || (after != ' ' && after != '\n'))
                giveUp();
        }
        close();
        return &seq;
    }

    // The value after "key: " or "- ", up to the end of its line.
    const YamlNode *inlineValue()
    {
        const char c = m_text[m_pos];
        if (c == '[' || c == '{')
            return flowNode();
        return scalar(false);
    }

    const YamlNode *flowNode()
    {
        if (m_text[m_pos] == '[')
            return flowSequence();
        if (m_text[m_pos] == '{')
            return flowMap();
        return scalar(true);
    }

    const YamlNode *flowSequence()
    {
        YamlNode &seq = open(Kind::Sequence, here());
        ++m_pos;
        skipSpaces();
        if (m_text[m_pos] == ']') {
            ++m_pos;
            close();
            return &seq;
        }
        for (;;) {
            const YamlNode *item = flowNode();
            attach(seq, item);
            seq.items.push_back(item);
            skipSpaces();
            if (m_text[m_pos] == ']')
                break;
            if (m_text[m_pos] != ',')
                giveUp();
            ++m_pos;
            skipSpaces();
            if (m_text[m_pos] == ']')
                giveUp();
        }
        ++m_pos;
        close();
        return &seq;
    }

    const YamlNode *flowMap()
    {
        YamlNode &map = open(Kind::Map, here());
        KeySet keys;
        ++m_pos;
        skipSpaces();
        if (m_text[m_pos] == '}') {
            ++m_pos;
            close();
            return &map;
        }
        for (;;) {
            const YamlNode *key = scalar(true);
            if (m_text[m_pos] != ':' || m_text[m_pos + 1] != ' ')
                giveUp();
            keySpan(key);
            m_pos += 2;
            skipSpaces();
            const YamlNode *value = flowNode();
            addEntry(map, keys, key, value);
            skipSpaces();
            if (m_text[m_pos] == '}')
                break;
            if (m_text[m_pos] != ',')
                giveUp();
            ++m_pos;
            skipSpaces();
            if (m_text[m_pos] == '}')
                giveUp();
        }
        ++m_pos;
        close();
        return &map;
    }

    const YamlNode *scalar(bool flow)
    {
        const char c = m_text[m_pos];
        YamlNode *n = nullptr;
        if (c == '"')
            n = doubleQuoted();
        else if (c == '\'')
            n = singleQuoted();
        else
            n = plain(flow);
        if (n->scalar.size() > m_limits.maxScalarBytes)
            giveUp();
        return n;
    }

    // One line, no comment, no indicator first, no flow indicator inside:
    // ends before ": ", ":\n", a space not followed by more of the scalar,
    // and in flow context before ',', ']' or '}'.
    YamlNode *plain(bool flow)
    {
        const std::size_t start = m_pos;
        const char first = m_text[start];
        const auto u = static_cast<unsigned char>(first);
        const bool ok = isAlnum(first) || u >= 0x80 || first == '_' || first == '/' || first == '.'
                        || first == '(' || first == ')' || first == '+' || first == '~' || first == '$'
                        || first == '='
                        || (first == '-' && (isAlnum(m_text[start + 1]) || m_text[start + 1] == '.'));
        if (!ok)
            giveUp();
        std::size_t i = start + 1;
        for (;; ++i) {
            const char c = m_text[i];
            if (c == '\n' || (flow && isFlowEnd(c)))
                break;
            if (c == '#' || c == '[' || c == ']' || c == '{' || c == '}' || c == ',' || c == '?')
                giveUp();
            const char next = m_text[i + 1];
            if (c == ':') {
                if (next == ' ' || next == '\n')
                    break;
                if (!isAlnum(next))
                    giveUp();
            } else if (c == ' ') {
                if (next == ' ' || next == '\n' || next == ':' || next == '#' || (flow && isFlowEnd(next)))
                    break;
            }
        }
        m_pos = i;
        const std::string_view text = m_text.substr(start, i - start);
        const SourceLoc loc{m_line, int(start - m_lineStart) + 1};
        if (isNullWord(text))
            return &make(Kind::Null, loc);
        YamlNode &n = make(Kind::Scalar, loc);
        n.scalar.assign(text);
        return &n;
    }

    YamlNode *singleQuoted()
    {
        YamlNode &n = make(Kind::Scalar, here());
        n.quoted = true;
        std::size_t i = m_pos + 1;
        for (;;) {
            const std::size_t quote = m_text.find_first_of("'\n", i);
            if (m_text[quote] == '\n')
                giveUp();
            n.scalar.append(m_text.substr(i, quote - i));
            if (m_text[quote + 1] != '\'') {
                i = quote + 1;
                break;
            }
            n.scalar += '\'';
            i = quote + 2;
        }
        m_pos = i;
        return &n;
    }

    YamlNode *doubleQuoted()
    {
        YamlNode &n = make(Kind::Scalar, here());
        n.quoted = true;
        std::size_t i = m_pos + 1;
        for (;;) {
            const std::size_t stop = m_text.find_first_of("\"\\\n", i);
            n.scalar.append(m_text.substr(i, stop - i));
            const char c = m_text[stop];
            if (c == '"') {
                i = stop + 1;
                break;
            }
            if (c == '\n')
                giveUp();
            i = escape(n.scalar, stop + 1);
        }
        m_pos = i;
        return &n;
    }

    // The escape after a backslash at `i - 1`; returns the index after it.
    // \N and \_ are left to yaml-cpp (which decodes them to invalid UTF-8).
    std::size_t escape(std::string &out, std::size_t i)
    {
        int digits = 0;
        switch (m_text[i]) {
        case '0': out += '\0'; return i + 1;
        case 'a': out += '\a'; return i + 1;
        case 'b': out += '\b'; return i + 1;
        case 't': out += '\t'; return i + 1;
        case 'n': out += '\n'; return i + 1;
        case 'v': out += '\v'; return i + 1;
        case 'f': out += '\f'; return i + 1;
        case 'r': out += '\r'; return i + 1;
        case 'e': out += '\x1B'; return i + 1;
        case ' ':
        case '"':
        case '\'':
        case '\\':
        case '/': out += m_text[i]; return i + 1;
        case 'L': out += "\xE2\x80\xA8"; return i + 1;
        case 'P': out += "\xE2\x80\xA9"; return i + 1;
        case 'x': digits = 2; break;
        case 'u': digits = 4; break;
        case 'U': digits = 8; break;
        default: giveUp();
        }
        std::uint32_t cp = 0;
        for (int k = 1; k <= digits; ++k) {
            const int d = hexDigit(m_text[i + std::size_t(k)]); // the line's '\n' stops it
            if (d < 0)
                giveUp();
            cp = (cp << 4) | std::uint32_t(d);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            giveUp();
        appendUtf8(out, cp);
        return i + 1 + std::size_t(digits);
    }

    std::string_view m_text;
    const YamlLimits &m_limits;
    YamlDocument &m_doc;
    std::size_t m_pos = 0;
    std::size_t m_lineStart = 0;
    int m_line = 1;
    int m_depth = 0;
};

std::unique_ptr<YamlDocument> parseYamlFast(std::string_view text, const YamlLimits &limits)
{
    auto doc = std::make_unique<YamlDocument>();
    try {
        YamlFastParser(text, limits, *doc).parse();
    } catch (const GiveUp &) {
        return nullptr;
    }
    return doc;
}

namespace {

std::string locText(SourceLoc loc)
{
    return std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

std::string difference(const YamlNode *a, const YamlNode *b, const std::string &path)
{
    if (!a || !b)
        return a == b ? std::string() : path + ": one side is missing";
    if (a->kind != b->kind)
        return path + ": " + std::string(a->kindName()) + " vs " + std::string(b->kindName());
    if (a->scalar != b->scalar)
        return path + ": scalar '" + a->scalar + "' vs '" + b->scalar + "'";
    if (a->quoted != b->quoted)
        return path + ": quoted " + std::to_string(a->quoted) + " vs " + std::to_string(b->quoted);
    if (!(a->loc == b->loc))
        return path + ": at " + locText(a->loc) + " vs " + locText(b->loc);
    if (a->weight != b->weight || a->height != b->height)
        return path + ": weight " + std::to_string(a->weight) + "/" + std::to_string(b->weight)
               + ", height " + std::to_string(a->height) + "/" + std::to_string(b->height);
    if (a->items.size() != b->items.size())
        return path + ": " + std::to_string(a->items.size()) + " vs " + std::to_string(b->items.size()) + " items";
    if (a->entries.size() != b->entries.size())
        return path + ": " + std::to_string(a->entries.size()) + " vs " + std::to_string(b->entries.size())
               + " entries";
    for (std::size_t i = 0; i < a->items.size(); ++i)
        if (std::string d = difference(a->items[i], b->items[i], path + "/" + std::to_string(i)); !d.empty())
            return d;
    for (std::size_t i = 0; i < a->entries.size(); ++i) {
        const std::string at = path + "/" + a->entries[i].first->scalar;
        if (std::string d = difference(a->entries[i].first, b->entries[i].first, at + " (key)"); !d.empty())
            return d;
        if (std::string d = difference(a->entries[i].second, b->entries[i].second, at); !d.empty())
            return d;
    }
    return {};
}

} // namespace

std::string yamlTreeDifference(const YamlNode *a, const YamlNode *b)
{
    return difference(a, b, "");
}

} // namespace sky
