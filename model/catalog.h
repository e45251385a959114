#pragma once

#include "diagnostic.h"
#include "value.h"

#include <cstdint>
#include <map>
#include <memory>
#include <regex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sky {

enum class Direction { In, Out };
enum class Tier { Edge, Security, Network, Compute, Data, Storage };

std::string_view directionName(Direction d);
std::string_view tierName(Tier t);
std::optional<Tier> parseTier(std::string_view text);
const std::vector<Tier> &allTiers();

struct TerminalType
{
    std::string name;
    Direction direction = Direction::In;
    std::vector<std::string> protocols; // "any" matches every protocol
    int maxLinks = 0;                   // 0: no limit ("many")
    bool mandatory = false;

    bool accepts(const std::string &protocol) const;
};

// Shares at least one protocol (or one side accepts any).
bool protocolsCompatible(const TerminalType &out, const TerminalType &in);

enum class PropertyKind { String, Integer, Number, Boolean, Ip, Size, Bandwidth, Enum, List };
std::string_view propertyKindName(PropertyKind k);
std::optional<PropertyKind> parsePropertyKind(std::string_view text);

struct PropertySchema
{
    std::string name;
    PropertyKind kind = PropertyKind::String;
    PropertyKind itemKind = PropertyKind::String; // for lists
    std::vector<std::string> values;              // for enums
    std::optional<Value> defaultValue;
    bool required = false;
    std::optional<double> min; // integer/number: the value; size: bytes
    std::optional<double> max;
    std::string pattern; // ECMAScript regex, for strings
    std::shared_ptr<const std::regex> compiled; // `pattern`, compiled once when the catalog loads
    bool secret = false;
    std::string description;

    // Why `value` does not fit this schema, or empty when it does.
    std::string check(const Value &value) const;
};

struct ResourceRange
{
    double min = 0;
    double max = 0;
    double defaultValue = 0;
};

struct ComponentType
{
    std::string id;
    std::string name;
    Tier tier = Tier::Compute;
    std::string icon;
    std::string description;
    bool entry = false; // requests originate here (internet, vpn_gateway)
    std::vector<TerminalType> terminals;
    std::vector<PropertySchema> properties;
    ResourceRange cpu;       // cores
    ResourceRange memory;    // bytes
    ResourceRange bandwidth; // bits per second

    const TerminalType *terminal(std::string_view name) const;
    const TerminalType *defaultTerminal(Direction d) const; // the first of that direction
    const PropertySchema *property(std::string_view name) const;
};

class Catalog
{
public:
    // The types in resources/catalog, compiled into the binary.
    static const Catalog &builtin();

    // Adds the types of one catalog document; a type already present is
    // replaced (a team may override a built-in). Problems go to `diagnostics`.
    bool load(std::string_view text, const std::string &fileName,
              std::vector<Diagnostic> &diagnostics);
    bool loadFile(const std::string &path, std::vector<Diagnostic> &diagnostics);

    const ComponentType *type(std::string_view id) const;
    const std::map<std::string, ComponentType, std::less<>> &types() const { return m_types; }

private:
    std::map<std::string, ComponentType, std::less<>> m_types;
};

// The built-in catalog plus the extra catalog files a topology names,
// relative to the topology's folder; problems go to `diagnostics`. A file
// is untrusted input (a pull request): a name that leads outside the
// topology's folder (absolute, "..", or a symbolic link out) is refused.
class Topology;
Catalog catalogFor(const Topology &topology, const std::string &topologyPath,
                   std::vector<Diagnostic> &diagnostics, const SourceMap *sources = nullptr);

} // namespace sky
