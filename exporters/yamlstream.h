#pragma once

// Block YAML written straight into the output, for the bulk of large exports
// (TOSCA node templates, Compose services and links): building a YamlOut
// tree for 10,000 nodes costs more than the text itself (docs/PERFORMANCE.md,
// "Exports"). The text is the emitter's: scalars quoted by yamlScalar(),
// flow collections when they fit the line, block ones when they do not.
//
// Keys and values are passed rendered: yamlScalar(s) for data, the bare
// text for names known to need no quotes ("type", "tosca.groups.Root").

#include "value.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sky {

// How an inline writer spells a key or a string.
using TextWriter = void (*)(std::string &out, std::string_view s);
void appendYamlScalar(std::string &out, std::string_view s); // yamlScalar(s)

// `v` on one line: [a, b], {k: v}, null, true, numbers as YamlOut::from
// writes them, keys and strings through `key` and `string`. JSON is this
// shape with JSON strings (sidecar.h), YAML flow style with yamlScalar.
void appendInline(std::string &out, const Value &v, TextWriter key, TextWriter string);
void appendInline(std::string &out, const ValueMap &m, TextWriter key, TextWriter string);
// `v` in YAML flow style.
std::string flowValue(const Value &v);

// A map or list of rendered items, written as `key: {a: 1, b: x}` when that
// fits in the line width, else as a block under `key:`.
class YamlCollection
{
public:
    static YamlCollection map() { return YamlCollection(false); }
    static YamlCollection list() { return YamlCollection(true); }

    YamlCollection &add(std::string_view renderedValue); // lists
    YamlCollection &add(std::string_view renderedKey, std::string_view renderedValue); // maps
    bool empty() const { return m_ends.empty(); }

    // Appends the collection under `renderedKey` at `indent`; an empty one
    // as `{}` or `[]`.
    void write(std::string &out, int indent, std::string_view renderedKey, int width = 100) const;
    // The collection in flow style: `{a: 1}` / `[x, y]`.
    std::string flow() const;

private:
    explicit YamlCollection(bool isList) : m_list(isList) {}

    bool m_list;
    std::string m_items;            // the items one after the other
    std::vector<std::size_t> m_ends; // where each item ends in m_items
};

// "key:" at `indent`, opening a block that the caller writes at indent + 2.
void appendBlockKey(std::string &out, int indent, std::string_view renderedKey);
// "key: value" at `indent`.
void appendEntry(std::string &out, int indent, std::string_view renderedKey, std::string_view renderedValue);

} // namespace sky
