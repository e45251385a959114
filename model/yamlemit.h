#pragma once

#include "value.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sky {

// An ordered YAML tree for writing. Unlike YAML::Emitter (yaml-cpp 0.7.0
// writes "--- x" plain and drops the quotes of "yes", "0755", "1e3"), every
// scalar here is quoted whenever any YAML 1.1 or 1.2 reader could take it for
// something other than the same string. Output is deterministic: the same
// tree always gives the same bytes.
class YamlOut
{
public:
    enum class Kind { Scalar, List, Map };
    enum class Style { Auto, Flow, Block };

    static YamlOut string(std::string_view s);
    static YamlOut integer(std::int64_t i);
    static YamlOut number(double d);
    static YamlOut boolean(bool b);
    static YamlOut null();
    static YamlOut list(Style style = Style::Auto);
    static YamlOut map(Style style = Style::Auto);
    static YamlOut from(const Value &value);

    YamlOut &add(YamlOut item);
    YamlOut &set(std::string_view key, YamlOut value);

    Kind kind() const { return m_kind; }
    bool empty() const { return m_items.empty() && m_entries.empty(); }

private:
    friend class YamlEmitter;
    Kind m_kind = Kind::Scalar;
    Style m_style = Style::Auto;
    std::string m_text; // a scalar, already rendered
    std::vector<YamlOut> m_items;
    std::vector<std::pair<std::string, YamlOut>> m_entries; // keys already rendered
};

// Block style at the top; collections that fit in `width` columns (and nest
// at most two deep) go on one line in flow style unless told otherwise.
std::string emitYaml(const YamlOut &root, int width = 100);

// `s` as a plain scalar when that reads back as the same string in YAML 1.1
// and 1.2, else double-quoted with escapes.
std::string yamlScalar(std::string_view s);

} // namespace sky
