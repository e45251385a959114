#pragma once

#include "diagnostic.h"
#include "value.h"

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sky {

// Bounds on what the reader accepts, checked before and during parsing so
// that hostile input fails fast with a message instead of eating the machine.
struct YamlLimits
{
    std::size_t maxBytes = 64u << 20;        // whole file
    std::size_t maxScalarBytes = 1u << 20;   // one scalar
    int maxDepth = 64;                       // nested collections
    std::size_t maxNodes = 5'000'000;        // parsed nodes
    std::size_t maxAliases = 1000;           // alias uses
    std::size_t maxAliasExpansion = 100'000; // nodes that aliases add when expanded
};

// What one input file has spent of its limits so far, for a file whose
// values hold further YAML or JSON text (Compose labels, TOSCA metadata):
// each such text is parsed against what the file has left, so that the
// limits do not multiply with the number of values (issue 26).
struct YamlBudget
{
    YamlLimits limits;
    std::size_t bytes = 0;          // text parsed
    std::size_t nodes = 0;          // nodes built
    std::size_t aliases = 0;        // alias uses
    std::size_t aliasExpansion = 0; // nodes that aliases added
};

// A parsed YAML node with its source position. Built from yaml-cpp's event
// API (linear time, unlike YAML::Load), or for our own canonical text by the
// fast path of yamlfast.h to the same tree; owned by a YamlDocument. Aliases
// point at their anchored node, so the tree is a DAG without cycles.
struct YamlNode
{
    enum class Kind { Null, Scalar, Sequence, Map };
    Kind kind = Kind::Null;
    SourceLoc loc;
    std::string scalar;
    bool quoted = false; // a quoted or block scalar, or tagged !!str: always a string
    std::vector<const YamlNode *> items;
    std::vector<std::pair<const YamlNode *, const YamlNode *>> entries; // key, value
    std::size_t weight = 1; // nodes in this subtree, aliases expanded
    int height = 1;         // nesting below and including this node, aliases expanded

    bool isNull() const { return kind == Kind::Null; }
    bool isScalar() const { return kind == Kind::Scalar; }
    bool isSequence() const { return kind == Kind::Sequence; }
    bool isMap() const { return kind == Kind::Map; }
    // Linear: for the small maps of a node or a link, not for `nodes:`.
    const YamlNode *get(std::string_view key) const;
    std::string_view kindName() const;
};

class YamlDocument
{
public:
    const YamlNode *root() const { return m_root; }
    std::size_t nodeCount() const { return m_nodes.size(); }
    std::size_t aliasUses() const { return m_aliasUses; }
    std::size_t aliasExpansion() const { return m_aliasExpansion; }

private:
    friend class YamlBuilder;
    friend class YamlFastParser;
    std::deque<YamlNode> m_nodes;
    const YamlNode *m_root = nullptr;
    std::size_t m_aliasUses = 0;
    std::size_t m_aliasExpansion = 0;
};

// Parses one YAML document: by parseYamlFast when it can, else by yaml-cpp.
// Any problem (syntax, limits, invalid UTF-8, duplicate keys, several
// documents) is appended to `diagnostics` as an error with file:line:col;
// the result is null when nothing usable was read.
std::unique_ptr<YamlDocument> parseYaml(std::string_view text, const std::string &file,
                                        std::vector<Diagnostic> &diagnostics,
                                        const YamlLimits &limits = {});

// parseYaml charged to `budget`: refused (as over the limit) when this text
// with what the budget has spent is over a limit; on success the budget is
// charged with what this text used.
std::unique_ptr<YamlDocument> parseYaml(std::string_view text, const std::string &file,
                                        std::vector<Diagnostic> &diagnostics, YamlBudget &budget);

// parseYaml without its fast path (yamlfast.h): always yaml-cpp. For the
// tests and benchmarks that hold the two paths to the same tree.
std::unique_ptr<YamlDocument> parseYamlSlow(std::string_view text, const std::string &file,
                                            std::vector<Diagnostic> &diagnostics,
                                            const YamlLimits &limits = {});

// The node as a Value: quoted scalars are strings, plain ones typed by the
// YAML 1.2 core schema (resolvePlainScalar); null for a null pointer.
Value yamlValue(const YamlNode *node);

// Reads a whole file; false with `error` set when it cannot.
bool readFile(const std::string &path, std::string &contents, std::string &error,
              std::size_t maxBytes = 64u << 20);

} // namespace sky
