#include "yamltree.h"

#include "yamlemit.h"
#include "yamlfast.h"
#include "utf8_p.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace sky {

namespace {

struct Abort
{}; // thrown out of yaml-cpp's parser once a fatal problem is recorded

SourceLoc toLoc(const YAML::Mark &m)
{
    if (m.line < 0)
        return {};
    return {m.line + 1, m.column + 1};
}

// Finds the first byte sequence that is not UTF-8; reports its line:col.
bool checkUtf8(std::string_view text, SourceLoc &where)
{
    int line = 1, col = 1;
    for (std::size_t i = 0; i < text.size();) {
        const detail::Utf8Char ch = detail::decodeUtf8(text, i);
        if (ch.length == 0) {
            where = {line, col};
            return false;
        }
        if (ch.codePoint == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
        i += ch.length;
    }
    return true;
}

// "UTF-16LE text with a byte order mark" and the like, from the first bytes;
// empty for anything else (UTF-8, or binary data the NUL check refuses).
std::string_view wideEncoding(std::string_view text)
{
    auto at = [&](std::size_t i) {
        return i < text.size() ? static_cast<unsigned char>(text[i]) : 0x100u;
    };
    if (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF)
        return "UTF-32BE text with a byte order mark";
    if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0)
        return "UTF-32LE text with a byte order mark";
    if (at(0) == 0xFE && at(1) == 0xFF)
        return "UTF-16BE text with a byte order mark";
    if (at(0) == 0xFF && at(1) == 0xFE)
        return "UTF-16LE text with a byte order mark";
    if (at(0) == 0 && at(1) == 0 && at(2) == 0 && at(3) != 0 && at(3) < 0x80)
        return "UTF-32BE text";
    if (at(0) != 0 && at(0) < 0x80 && at(1) == 0 && at(2) == 0 && at(3) == 0)
        return "UTF-32LE text";
    if (at(0) == 0 && at(1) != 0 && at(1) < 0x80)
        return "UTF-16BE text";
    if (at(0) != 0 && at(0) < 0x80 && at(1) == 0)
        return "UTF-16LE text";
    return {};
}

} // namespace

class YamlBuilder final : public YAML::EventHandler
{
public:
    YamlBuilder(YamlDocument &doc, const std::string &file, const YamlLimits &limits,
                std::vector<Diagnostic> &diagnostics, const YamlBudget *spent)
        : m_doc(doc), m_file(file), m_limits(limits), m_diagnostics(diagnostics)
    {
        if (spent) {
            m_spentNodes = spent->nodes;
            m_aliases = spent->aliases;
            m_aliasExpansion = spent->aliasExpansion;
            m_inFile = " in this file (its embedded values included)";
        }
    }

    // What this document used, for its budget.
    void record()
    {
        m_doc.m_aliasUses = m_aliases;
        m_doc.m_aliasExpansion = m_aliasExpansion;
    }

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        ++m_documents;
        if (m_documents > 1) {
            // yaml-cpp 0.7 reports a stray flow indicator as an endless
            // series of empty documents at the same place: stop at once.
            if (mark.pos == m_lastDocumentPos)
                fail(toLoc(mark), "unexpected character; the file is not a YAML mapping");
            else
                fail(toLoc(mark), "a descriptor holds one YAML document; found another here");
        }
        m_lastDocumentPos = mark.pos;
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        YamlNode &n = make(YamlNode::Kind::Null, mark);
        finish(n, anchor);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        if (++m_aliases > m_limits.maxAliases)
            fail(toLoc(mark), "too many aliases" + m_inFile + " (limit " + std::to_string(m_limits.maxAliases) + ")");
        if (m_open.count(anchor))
            fail(toLoc(mark), "an alias refers to a node that contains it (a cycle)");
        const auto it = m_anchors.find(anchor);
        if (it == m_anchors.end())
            fail(toLoc(mark), "an alias refers to an unknown anchor");
        m_aliasExpansion += it->second->weight;
        if (m_aliasExpansion > m_limits.maxAliasExpansion)
            fail(toLoc(mark), "aliases expand to more than " + std::to_string(m_limits.maxAliasExpansion)
                                  + " nodes" + m_inFile + " (an alias bomb?)");
        attach(it->second, toLoc(mark));
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        if (value.size() > m_limits.maxScalarBytes)
            fail(toLoc(mark), "a scalar of " + std::to_string(value.size())
                                  + " bytes is over the limit of "
                                  + std::to_string(m_limits.maxScalarBytes));
        // yaml-cpp 0.7 decodes some escapes ("\_", U+00A0) to a lone byte
        // that is not UTF-8; such a string could not be written back.
        if (SourceLoc bad; !checkUtf8(value, bad))
            fail(toLoc(mark), "a quoted string whose escapes decode to invalid UTF-8 (yaml-cpp 0.7 mis-decodes \\N and \\_; "
                              "write the character itself)");
        YamlNode &n = make(YamlNode::Kind::Scalar, mark);
        n.scalar = value;
        n.quoted = tag != "?";
        finish(n, anchor);
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(make(YamlNode::Kind::Sequence, mark), anchor);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        open(make(YamlNode::Kind::Map, mark), anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame
    {
        YamlNode *node;
        YAML::anchor_t anchor;
        const YamlNode *pendingKey = nullptr;
        std::unordered_map<std::string, SourceLoc> keys;
    };

    [[noreturn]] void fail(SourceLoc loc, std::string message)
    {
        m_diagnostics.push_back({Severity::Error, "SP-YAML", std::move(message), {}, {}, m_file, loc});
        throw Abort{};
    }

    YamlNode &make(YamlNode::Kind kind, const YAML::Mark &mark)
    {
        if (m_doc.m_nodes.size() + m_spentNodes >= m_limits.maxNodes)
            fail(toLoc(mark), "more than " + std::to_string(m_limits.maxNodes) + " YAML nodes" + m_inFile);
        YamlNode &n = m_doc.m_nodes.emplace_back();
        n.kind = kind;
        n.loc = toLoc(mark);
        return n;
    }

    void open(YamlNode &n, YAML::anchor_t anchor)
    {
        if (int(m_stack.size()) >= m_limits.maxDepth)
            fail(n.loc, "nesting deeper than " + std::to_string(m_limits.maxDepth) + " levels");
        if (anchor)
            m_open.insert(anchor);
        m_stack.push_back({&n, anchor, nullptr, {}});
    }

    void close()
    {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        if (f.anchor)
            m_open.erase(f.anchor);
        finish(*f.node, f.anchor);
    }

    void finish(YamlNode &n, YAML::anchor_t anchor)
    {
        if (anchor)
            m_anchors[anchor] = &n;
        attach(&n, n.loc);
    }

    void attach(const YamlNode *n, SourceLoc loc)
    {
        if (m_stack.empty()) {
            if (!m_doc.m_root)
                m_doc.m_root = n;
            return;
        }
        Frame &f = m_stack.back();
        YamlNode &parent = *f.node;
        parent.weight += n->weight;
        parent.height = std::max(parent.height, n->height + 1);
        if (parent.height > m_limits.maxDepth)
            fail(loc, "nesting deeper than " + std::to_string(m_limits.maxDepth)
                          + " levels once aliases are expanded");
        if (parent.isSequence()) {
            parent.items.push_back(n);
            return;
        }
        if (!f.pendingKey) {
            if (!n->isScalar() && !n->isNull())
                fail(loc, "a mapping key must be a plain value, not a " + std::string(n->kindName()));
            // YAML caps an implicit key at 1024 characters: a longer one
            // could not be written back as a key, so refuse it on reading.
            if (n->scalar.size() > 200 && yamlScalar(n->scalar).size() > 1024)
                fail(loc, "a mapping key longer than 1024 characters");
            if (const auto [it, fresh] = f.keys.emplace(n->scalar, loc); !fresh) {
                // Report and keep reading: the later value is dropped.
                m_diagnostics.push_back({Severity::Error, "SP-YAML-DUPKEY",
                                         "duplicate key '" + n->scalar + "' (first at line "
                                             + std::to_string(it->second.line) + ")",
                                         "each key may appear once in a mapping", {}, m_file, loc});
                f.pendingKey = &m_dropKey;
                return;
            }
            f.pendingKey = n;
            return;
        }
        if (f.pendingKey != &m_dropKey)
            parent.entries.emplace_back(f.pendingKey, n);
        f.pendingKey = nullptr;
    }

    YamlDocument &m_doc;
    const std::string &m_file;
    const YamlLimits &m_limits;
    std::vector<Diagnostic> &m_diagnostics;
    std::vector<Frame> m_stack;
    std::unordered_map<YAML::anchor_t, const YamlNode *> m_anchors;
    std::unordered_set<YAML::anchor_t> m_open;
    std::size_t m_spentNodes = 0;
    std::size_t m_aliases = 0;
    std::size_t m_aliasExpansion = 0;
    std::string m_inFile;
    int m_documents = 0;
    int m_lastDocumentPos = -1;
    YamlNode m_dropKey;
};

Value yamlValue(const YamlNode *n)
{
    if (!n)
        return {};
    switch (n->kind) {
    case YamlNode::Kind::Null: return {};
    case YamlNode::Kind::Scalar: return n->quoted ? Value(n->scalar) : resolvePlainScalar(n->scalar);
    case YamlNode::Kind::Sequence: {
        ValueList list;
        list.reserve(n->items.size());
        for (const YamlNode *item : n->items)
            list.push_back(yamlValue(item));
        return Value(std::move(list));
    }
    case YamlNode::Kind::Map: {
        ValueMap map;
        for (const auto &[k, v] : n->entries)
            map.emplace(k->scalar, yamlValue(v)); // a null key reads as ""
        return Value(std::move(map));
    }
    }
    return {};
}

const YamlNode *YamlNode::get(std::string_view key) const
{
    for (const auto &[k, v] : entries)
        if (k->scalar == key)
            return v;
    return nullptr;
}

std::string_view YamlNode::kindName() const
{
    switch (kind) {
    case Kind::Null: return "null";
    case Kind::Scalar: return "scalar";
    case Kind::Sequence: return "list";
    case Kind::Map: return "mapping";
    }
    return "value";
}

namespace {

std::unique_ptr<YamlDocument> parseYamlWith(std::string_view text, const std::string &file,
                                            std::vector<Diagnostic> &diagnostics,
                                            const YamlLimits &limits, bool fast,
                                            const YamlBudget *spent = nullptr)
{
    auto error = [&](SourceLoc loc, std::string message) {
        diagnostics.push_back({Severity::Error, "SP-YAML", std::move(message), {}, {}, file, loc});
        return nullptr;
    };
    if (text.size() > limits.maxBytes)
        return error({1, 1}, "file of " + std::to_string(text.size()) + " bytes is over the limit of "
                                 + std::to_string(limits.maxBytes) + " bytes");
    // UTF-16 and UTF-32, told apart by their first bytes as YAML 1.2 (5.2)
    // does: refused with a plain message rather than "binary data".
    if (const std::string_view wide = wideEncoding(text); !wide.empty())
        return error({1, 1}, "the file is " + std::string(wide) + ", not UTF-8: save it as UTF-8");
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        int line = 1, col = 1;
        for (std::size_t i = 0; i < nul; ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
                ++col;
            }
        }
        return error({line, col}, "binary data (a NUL byte): not a YAML text file");
    }
    if (SourceLoc bad; !checkUtf8(text, bad))
        return error(bad, "invalid UTF-8 byte sequence");
    // Skyplan's own canonical text, read without yaml-cpp's scanner; the
    // fast path gives up on anything else, and on any problem, so that
    // yaml-cpp reads it and every diagnostic stays as it was.
    if (fast) {
        // The fast path counts nodes only (canonical text has no aliases):
        // give it what the budget has left.
        YamlLimits left = limits;
        if (spent)
            left.maxNodes = spent->nodes >= limits.maxNodes ? 0 : limits.maxNodes - spent->nodes;
        if (auto doc = parseYamlFast(text, left))
            return doc;
    }

    auto doc = std::make_unique<YamlDocument>();
    std::istringstream in{std::string(text)};
    YamlBuilder builder(*doc, file, limits, diagnostics, spent);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(builder)) {
        }
        builder.record();
    } catch (const Abort &) {
        return nullptr;
    } catch (const YAML::Exception &e) {
        // yaml-cpp's message for a tab in indentation is obscure: say it plainly.
        int line = 1;
        for (std::size_t i = 0, start = 0; i <= text.size() && line <= e.mark.line + 1; ++i) {
            if (i < text.size() && text[i] != '\n')
                continue;
            const std::string_view row = text.substr(start, i - start);
            const auto indent = row.find_first_not_of(" \t");
            const auto tab = row.find('\t');
            if (tab != std::string_view::npos && (indent == std::string_view::npos || tab < indent))
                return error({line, int(tab) + 1}, "a tab in indentation: YAML indents with spaces only");
            ++line;
            start = i + 1;
        }
        std::string msg = e.msg;
        if (msg == "bad file")
            msg = "the YAML parser gave up (nesting too deep?)";
        return error(toLoc(e.mark), "YAML syntax error: " + msg);
    }
    return doc;
}

} // namespace

std::unique_ptr<YamlDocument> parseYaml(std::string_view text, const std::string &file,
                                        std::vector<Diagnostic> &diagnostics,
                                        const YamlLimits &limits)
{
    return parseYamlWith(text, file, diagnostics, limits, true);
}

std::unique_ptr<YamlDocument> parseYaml(std::string_view text, const std::string &file,
                                        std::vector<Diagnostic> &diagnostics, YamlBudget &budget)
{
    if (budget.bytes + text.size() > budget.limits.maxBytes) {
        diagnostics.push_back({Severity::Error, "SP-YAML",
                               "the file's text and the YAML in its values add up to more than "
                                   + std::to_string(budget.limits.maxBytes) + " bytes",
                               {}, {}, file, {1, 1}});
        return nullptr;
    }
    auto doc = parseYamlWith(text, file, diagnostics, budget.limits, true, &budget);
    if (doc) {
        budget.bytes += text.size();
        budget.nodes += doc->nodeCount();
        // The builder's counters started from what was spent.
        budget.aliases = std::max(budget.aliases, doc->aliasUses());
        budget.aliasExpansion = std::max(budget.aliasExpansion, doc->aliasExpansion());
    }
    return doc;
}

std::unique_ptr<YamlDocument> parseYamlSlow(std::string_view text, const std::string &file,
                                            std::vector<Diagnostic> &diagnostics,
                                            const YamlLimits &limits)
{
    return parseYamlWith(text, file, diagnostics, limits, false);
}

bool readFile(const std::string &path, std::string &contents, std::string &error,
              std::size_t maxBytes)
{
    // Only a regular file (or a link to one): opening a named pipe blocks
    // until a writer comes, and a device or a directory has no text.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::is_directory(status)) {
        error = "is a directory";
        return false;
    }
    if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
        error = std::filesystem::is_fifo(status) ? "is a named pipe, not a regular file; refused"
                                                 : "is not a regular file (a device or a socket); refused";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open file";
        return false;
    }
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) {
        error = "cannot read file";
        return false;
    }
    if (std::size_t(size) > maxBytes) {
        error = "file of " + std::to_string(std::size_t(size)) + " bytes is over the limit of "
                + std::to_string(maxBytes) + " bytes";
        return false;
    }
    in.seekg(0);
    contents.resize(std::size_t(size));
    if (!in.read(contents.data(), size)) {
        error = "cannot read file";
        return false;
    }
    return true;
}

} // namespace sky
