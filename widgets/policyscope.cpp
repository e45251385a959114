#include "policyscope.h"

#include "catalog.h"

#include <algorithm>

namespace sky {

namespace {

std::vector<std::string> textsOf(const Value *v)
{
    std::vector<std::string> out;
    if (!v)
        return out;
    if (v->isList()) {
        for (const Value &item : v->toList())
            if (item.isScalar() && !item.isNull())
                out.push_back(item.isString() ? item.toString() : item.display());
    } else if (v->isScalar() && !v->isNull()) {
        out.push_back(v->isString() ? v->toString() : v->display());
    }
    return out;
}

bool has(const std::vector<std::string> &list, const std::string &s)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

// Splits `text` at each `separator`.
std::vector<std::string> split(const std::string &text, const std::string &separator)
{
    std::vector<std::string> parts;
    std::size_t at = 0;
    for (;;) {
        const std::size_t next = text.find(separator, at);
        parts.push_back(text.substr(at, next == std::string::npos ? std::string::npos : next - at));
        if (next == std::string::npos)
            return parts;
        at = next + separator.size();
    }
}

} // namespace

Placement zonePlacementOf(const Topology &t, const Node &node, std::string *zone)
{
    std::size_t steps = 0;
    for (std::string z = node.zone; !z.empty() && steps <= t.zones.size(); ++steps) {
        const Zone *found = t.zone(z);
        if (!found)
            break;
        if (!found->placement.provider.empty()) {
            if (zone)
                *zone = z;
            return found->placement;
        }
        z = found->parent;
    }
    return {};
}

std::vector<std::string> fieldTexts(const Policy &policy, const std::string &key)
{
    const auto it = policy.fields.find(key);
    return textsOf(it == policy.fields.end() ? nullptr : &it->second);
}

void setFieldTexts(Policy &policy, const std::string &key, const std::vector<std::string> &texts)
{
    if (texts.empty()) {
        policy.fields.erase(key);
        return;
    }
    ValueList list;
    for (const std::string &t : texts)
        list.emplace_back(t);
    policy.fields[key] = Value(std::move(list));
}

std::vector<std::string> nodesInScope(const Topology &t, const Catalog &catalog, const Policy &policy)
{
    std::vector<std::string> out;
    if (policy.kind == "segmentation") {
        const auto zone = fieldTexts(policy, "zone");
        if (zone.empty())
            return out;
        for (const auto &[id, node] : t.nodes)
            if (!node.zone.empty() && t.zoneWithin(node.zone, zone.front()))
                out.push_back(id);
        return out;
    }
    const auto scope = policy.fields.find("applies-to");
    const bool everything = scope == policy.fields.end() || !scope->second.isMap();
    const auto list = [&](const char *key) {
        return everything ? std::vector<std::string>{} : textsOf(scope->second.find(key));
    };
    const auto tiers = list("tiers"), zones = list("zones"), nodes = list("nodes"), types = list("types");
    for (const auto &[id, node] : t.nodes) {
        bool in = everything || has(nodes, id) || has(types, node.type);
        if (!in && !tiers.empty())
            if (const ComponentType *type = catalog.type(node.type))
                in = has(tiers, std::string(tierName(type->tier)));
        for (std::size_t z = 0; !in && z < zones.size(); ++z)
            in = !node.zone.empty() && t.zoneWithin(node.zone, zones[z]);
        if (in)
            out.push_back(id);
    }
    return out;
}

FindingPath findingPath(const Diagnostic &d, const Topology &t)
{
    FindingPath path;
    const std::string message = d.message.str();
    std::vector<std::string> ids;
    if (d.rule == "SP-RESIDENCY") {
        // "... in region 'x': a — b — c" (a flow); else the node itself.
        const std::size_t colon = message.rfind(": ");
        if (colon != std::string::npos && message.find(" — ", colon) != std::string::npos)
            ids = split(message.substr(colon + 2), " — ");
    } else if (d.rule == "SP-SEGMENTATION") {
        // "...; requests take a → b → c → d": the way to the link named.
        static const std::string marker = "; requests take ";
        const std::size_t at = message.find(marker);
        if (at != std::string::npos)
            ids = split(message.substr(at + marker.size()), " → ");
    } else {
        return path;
    }
    if (!std::all_of(ids.begin(), ids.end(), [&](const std::string &id) { return t.node(id) != nullptr; }))
        ids.clear(); // not the shape this reads: draw the subjects alone
    path.nodes = ids;
    for (std::size_t i = 0; i + 1 < ids.size(); ++i)
        for (const Link &l : t.links)
            if ((l.from.node == ids[i] && l.to.node == ids[i + 1]) || (l.to.node == ids[i] && l.from.node == ids[i + 1])) {
                path.links.push_back(l.key());
                break;
            }
    for (const std::string_view s : d.subjects) {
        const std::string subject(s);
        if (t.node(subject)) {
            if (!has(path.nodes, subject))
                path.nodes.push_back(subject);
            continue;
        }
        for (const Link &l : t.links)
            if (l.key() == subject) {
                if (!has(path.links, subject))
                    path.links.push_back(subject);
                for (const std::string *end : {&l.from.node, &l.to.node})
                    if (!has(path.nodes, *end))
                        path.nodes.push_back(*end);
            }
    }
    return path;
}

} // namespace sky
