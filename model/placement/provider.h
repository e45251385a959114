#pragma once

// Provider profiles: what a provider attests, as data (DESIGN.md, "Placement
// and cost"). A profile names its currency and the source and date of its
// prices; its regions (country, jurisdiction, status and closing date,
// certifications and platforms); its offerings, each serving some catalog
// types at a price per region; storage per GB-month; and data transfer per
// GB. Profiles are read like descriptors (yaml with file:line:col findings),
// built in from resources/providers or from a team's file beside the
// topology. Nothing here chooses a provider: a topology or the command line
// names the profiles it may use.

#include "diagnostic.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sky {

class Topology;
class SourceMap;

enum class RegionStatus { Active, Closing, Closed };
std::string_view regionStatusName(RegionStatus s);

struct Region
{
    std::string id;
    std::string label;
    std::string country;      // ISO 3166 code, "IE"
    std::string jurisdiction; // "EU", "US", …
    RegionStatus status = RegionStatus::Active;
    std::string closes;       // ISO date of closing (closing or closed regions)
    std::vector<std::string> certifications; // the provider's, or the region's own list
    std::vector<std::string> platforms;
};

// One way a provider serves catalog types. Priced either by the hour per
// region (a fixed size: vcpu and memory), or by the vCPU-month and
// GiB-month (sized to the node, as a private datacenter's TCO is).
struct Offering
{
    std::string id;    // the size: "m5.large", "db.m5.large", "vm"
    std::string label;
    std::vector<std::string> types; // catalog type ids it serves
    double vcpu = 0;                // 0: any (sized to the node, or a service without size)
    double memoryGiB = 0;
    std::map<std::string, double> hourly; // region -> price per hour
    double vcpuMonth = 0, gibMonth = 0;   // sized offerings: price per vCPU-month and GiB-month
    bool sized = false;
    std::map<std::string, double> storageGbMonth; // region -> price of the node's storage, per GB-month
    std::string source, date; // where the figures come from, when not the profile's own
};

struct Transfer
{
    double internet = 0;    // per GB, to the internet
    double interRegion = 0; // per GB, between two regions of this provider
    double out = 0;         // per GB, to another provider
};

struct ProviderProfile
{
    std::string id;
    std::string label;
    std::string currency;
    std::string priceSource, priceDate;
    std::string file; // where it was read from ("builtin:aws.yaml" for built-ins)
    std::vector<Region> regions;
    std::vector<Offering> offerings;
    Transfer transfer;

    const Region *region(std::string_view id) const;
    const Offering *offering(std::string_view id) const;
    std::string regionIds() const;   // "eu-west-1, us-east-1" for messages
    std::string offeringIds(std::string_view type) const; // the sizes that serve a type
};

// Reads one profile document; false (and findings with file:line:col) when
// it is malformed: an unknown field, a price that is negative or missing,
// an offering priced in a region the profile does not declare.
bool readProviderProfile(std::string_view text, const std::string &fileName, ProviderProfile &out,
                         std::vector<Diagnostic> &diagnostics);

// The profiles compiled in from resources/providers, by id.
const std::vector<std::pair<std::string_view, std::string_view>> &builtinProviderFiles();
std::vector<std::string> builtinProviderIds();

// A set of profiles, by id. Owns them; cheap to pass by reference.
class ProviderSet
{
public:
    bool add(ProviderProfile profile); // false when the id is taken
    const ProviderProfile *find(std::string_view id) const;
    const std::vector<std::shared_ptr<const ProviderProfile>> &profiles() const { return m_profiles; }
    bool empty() const { return m_profiles.empty(); }
    std::string ids() const; // "aws, private-dc"

private:
    std::vector<std::shared_ptr<const ProviderProfile>> m_profiles;
};

// Loads the named profiles: an id of a built-in one, or a file (its name
// ends in .yaml or .yml) relative to the topology's folder and confined to
// it, as catalogs are. Unknown names are errors that list the built-ins.
// `names` empty: the topology's own `providers:` list. No name at all gives
// an empty set: nothing falls back to a default provider.
ProviderSet loadProviders(const std::vector<std::string> &names, const std::string &topologyPath,
                          std::vector<Diagnostic> &diagnostics, const SourceMap *sources = nullptr);

} // namespace sky
