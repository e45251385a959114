// Parsing and judging the placement policies (requirements.h). A policy's
// malformations are gathered, not thrown: SP-POLICY reports each, and the
// placement leaves a malformed policy out rather than guessing what it meant.
#include "requirements.h"

#include "textlist.h"

#include "provider.h"
#include "topology.h"

#include <algorithm>

namespace sky {

namespace {

bool contains(const std::vector<std::string> &items, const std::string &s)
{
    return std::find(items.begin(), items.end(), s) != items.end();
}

std::string join(const std::vector<std::string> &items)
{
    std::string s;
    for (const std::string &i : items)
        s += (s.empty() ? "" : ", ") + i;
    return s;
}

} // namespace

bool isPlacementPolicyKind(const std::string &kind)
{
    return kind == "compliance" || kind == "platform" || kind == "provider" || kind == "spread";
}

bool PlacementPolicy::appliesTo(const Topology &t, const Node &node, std::string_view tier) const
{
    if (everything)
        return true;
    if (std::find(tiers.begin(), tiers.end(), tier) != tiers.end() || contains(nodes, node.id) || contains(types, node.type))
        return true;
    return std::any_of(zones.begin(), zones.end(), [&](const std::string &z) { return t.zoneWithin(node.zone, z); });
}

bool PlacementPolicy::allows(const ProviderProfile &provider, const Region &region) const
{
    if (kind == "data-residency")
        return contains(values, region.id) || contains(values, region.country) || contains(values, region.jurisdiction);
    if (kind == "compliance")
        return std::all_of(values.begin(), values.end(),
                           [&](const std::string &c) { return contains(region.certifications, c); });
    if (kind == "platform") {
        if (!values.empty() && std::none_of(values.begin(), values.end(),
                                            [&](const std::string &p) { return contains(region.platforms, p); }))
            return false;
        return std::none_of(exclude.begin(), exclude.end(),
                            [&](const std::string &p) { return contains(region.platforms, p); });
    }
    if (kind == "provider")
        return (values.empty() || contains(values, provider.id)) && !contains(exclude, provider.id);
    return true;
}

std::string PlacementPolicy::summary() const
{
    std::string what = join(values);
    if (!exclude.empty())
        what += (what.empty() ? "not " : "; not ") + join(exclude);
    if (kind == "spread")
        what = "at least " + std::to_string(atLeast) + (byProvider ? " providers" : " regions");
    return id + " (" + what + ")";
}

std::optional<PlacementPolicy> parsePlacementPolicy(const Policy &policy, std::vector<std::string> &problems)
{
    if (!isPlacementPolicyKind(policy.kind) && policy.kind != "data-residency")
        return std::nullopt;
    PlacementPolicy p;
    p.id = policy.id;
    p.kind = policy.kind;
    const auto field = [&](const char *name) -> const Value * {
        const auto it = policy.fields.find(name);
        return it == policy.fields.end() ? nullptr : &it->second;
    };
    const std::size_t before = problems.size();
    const auto list = [&](const char *name, std::vector<std::string> &into) {
        const auto items = textList(field(name));
        if (!items)
            problems.push_back("'" + std::string(name) + "' must be a list of names");
        else
            into = *items;
    };
    if (const Value *scope = field("applies-to")) {
        p.everything = false;
        if (!scope->isMap()) {
            problems.push_back("'applies-to' must map tiers, zones, nodes or types to lists");
        } else {
            for (const auto &[key, value] : scope->toMap()) {
                const auto items = textList(&value);
                std::vector<std::string> *into = key == "tiers"   ? &p.tiers
                                                 : key == "zones" ? &p.zones
                                                 : key == "nodes" ? &p.nodes
                                                 : key == "types" ? &p.types
                                                                  : nullptr;
                if (!into)
                    problems.push_back("'applies-to' has unknown key '" + key + "' (known: tiers, zones, nodes, types)");
                else if (!items)
                    problems.push_back("'applies-to: " + key + "' must be a list of names");
                else
                    *into = *items;
            }
        }
    }
    if (p.kind == "data-residency") {
        list("regions", p.values);
        if (p.values.empty() && problems.size() == before)
            problems.push_back("a data-residency policy needs 'regions' (region ids, countries or jurisdictions)");
    } else if (p.kind == "compliance") {
        list("certifications", p.values);
        if (p.values.empty() && problems.size() == before)
            problems.push_back("a compliance policy needs 'certifications', the ones required (ISO 27001, PCI DSS, …)");
    } else if (p.kind == "platform" || p.kind == "provider") {
        list(p.kind == "platform" ? "platforms" : "allow", p.values);
        list("exclude", p.exclude);
        if (p.values.empty() && p.exclude.empty() && problems.size() == before)
            problems.push_back(p.kind == "platform"
                                   ? "a platform policy needs 'platforms' (any of them required) or 'exclude'"
                                   : "a provider policy needs 'allow' or 'exclude', lists of provider ids");
    } else if (p.kind == "spread") {
        if (const Value *across = field("across")) {
            if (!across->isString() || (across->toString() != "regions" && across->toString() != "providers"))
                problems.push_back("'across' must be regions or providers");
            else
                p.byProvider = across->toString() == "providers";
        }
        if (const Value *n = field("at-least")) {
            if (!n->isInt() || n->toInt() < 2 || n->toInt() > 1000)
                problems.push_back("'at-least' must be a whole number from 2");
            else
                p.atLeast = int(n->toInt());
        }
    }
    for (const auto &[key, value] : policy.fields) {
        static const std::vector<std::string> known{"applies-to", "regions", "certifications", "platforms",
                                                    "allow", "exclude", "across", "at-least", "description"};
        if (!contains(known, key) && p.kind != "data-residency")
            problems.push_back("unknown field '" + key + "' for a " + p.kind + " policy");
    }
    if (problems.size() != before)
        return std::nullopt;
    return p;
}

} // namespace sky
