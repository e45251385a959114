#include "descriptor.h"

#include "atomicfile.h"
#include "quantity.h"
#include "yamlemit.h"

namespace sky {

namespace {

using Style = YamlOut::Style;

void putExtra(YamlOut &out, const ValueMap &extra)
{
    for (const auto &[k, v] : extra)
        out.set(k, YamlOut::from(v));
}

YamlOut resourcesOut(const Resources &r)
{
    YamlOut o = YamlOut::map();
    if (r.cpu)
        o.set("cpu", *r.cpu < 1e15 && *r.cpu > -1e15 && *r.cpu == double(std::int64_t(*r.cpu))
                         ? YamlOut::integer(std::int64_t(*r.cpu))
                         : YamlOut::number(*r.cpu));
    if (r.memory)
        o.set("memory", YamlOut::string(formatSize(*r.memory)));
    if (r.bandwidth)
        o.set("bandwidth", YamlOut::string(formatBandwidth(*r.bandwidth)));
    putExtra(o, r.extra);
    return o;
}

YamlOut coordinate(double d)
{
    if (d > -1e15 && d < 1e15 && d == double(std::int64_t(d))) // range first: the cast of a huge double is undefined
        return YamlOut::integer(std::int64_t(d));
    return YamlOut::number(d);
}

YamlOut placementOut(const Placement &p)
{
    YamlOut o = YamlOut::map(Style::Flow);
    if (!p.provider.empty())
        o.set("provider", YamlOut::string(p.provider));
    if (!p.region.empty())
        o.set("region", YamlOut::string(p.region));
    if (!p.size.empty())
        o.set("size", YamlOut::string(p.size));
    if (p.pinned)
        o.set("pinned", YamlOut::boolean(true));
    return o;
}

YamlOut nodeOut(const Node &n)
{
    YamlOut o = YamlOut::map(Style::Block);
    o.set("type", YamlOut::string(n.type));
    if (!n.label.empty())
        o.set("label", YamlOut::string(n.label));
    if (!n.zone.empty())
        o.set("zone", YamlOut::string(n.zone));
    if (!n.region.empty())
        o.set("region", YamlOut::string(n.region));
    if (!n.host.empty())
        o.set("host", YamlOut::string(n.host));
    if (!n.placement.empty())
        o.set("placement", placementOut(n.placement));
    if (n.replicas != 1)
        o.set("replicas", YamlOut::integer(n.replicas));
    if (!n.resources.empty())
        o.set("resources", resourcesOut(n.resources));
    if (!n.properties.empty()) {
        YamlOut props = YamlOut::map();
        for (const auto &[k, v] : n.properties)
            props.set(k, YamlOut::from(v));
        o.set("properties", std::move(props));
    }
    putExtra(o, n.extra);
    return o;
}

YamlOut linkOut(const Link &l)
{
    YamlOut o = YamlOut::map(Style::Flow);
    o.set("from", YamlOut::string(l.from.text()));
    o.set("to", YamlOut::string(l.to.text()));
    if (!l.protocol.empty())
        o.set("protocol", YamlOut::string(l.protocol));
    if (l.port)
        o.set("port", YamlOut::integer(*l.port));
    if (l.bandwidth)
        o.set("bandwidth", YamlOut::string(formatBandwidth(*l.bandwidth)));
    if (l.traffic)
        o.set("traffic", YamlOut::string(formatTraffic(*l.traffic)));
    putExtra(o, l.extra);
    return o;
}

} // namespace

std::string writeDescriptor(const Topology &t)
{
    YamlOut root = YamlOut::map(Style::Block);
    root.set("skyplan", YamlOut::integer(kFormatVersion));
    if (!t.name.empty())
        root.set("name", YamlOut::string(t.name));
    if (!t.description.empty())
        root.set("description", YamlOut::string(t.description));
    if (!t.catalogs.empty()) {
        YamlOut c = YamlOut::list();
        for (const std::string &s : t.catalogs)
            c.add(YamlOut::string(s));
        root.set("catalogs", std::move(c));
    }
    if (!t.providers.empty()) {
        YamlOut c = YamlOut::list();
        for (const std::string &s : t.providers)
            c.add(YamlOut::string(s));
        root.set("providers", std::move(c));
    }
    if (!t.requirements.empty())
        root.set("requirements", YamlOut::from(Value(t.requirements)));
    if (!t.budget.empty())
        root.set("budget", resourcesOut(t.budget));
    if (!t.rules.empty()) {
        YamlOut r = YamlOut::map();
        for (const auto &[k, v] : t.rules)
            r.set(k, YamlOut::string(v));
        root.set("rules", std::move(r));
    }
    YamlOut nodes = YamlOut::map(Style::Block);
    for (const auto &[id, n] : t.nodes)
        nodes.set(id, nodeOut(n));
    root.set("nodes", std::move(nodes));
    if (!t.links.empty()) {
        YamlOut links = YamlOut::list(Style::Block);
        for (const Link &l : t.links)
            links.add(linkOut(l));
        root.set("links", std::move(links));
    }
    if (!t.zones.empty()) {
        YamlOut zones = YamlOut::map(Style::Block);
        for (const auto &[id, z] : t.zones) {
            YamlOut zo = YamlOut::map();
            if (!z.label.empty())
                zo.set("label", YamlOut::string(z.label));
            if (!z.parent.empty())
                zo.set("parent", YamlOut::string(z.parent));
            if (!z.placement.empty())
                zo.set("placement", placementOut(z.placement));
            putExtra(zo, z.extra);
            zones.set(id, std::move(zo));
        }
        root.set("zones", std::move(zones));
    }
    if (!t.policies.empty()) {
        YamlOut policies = YamlOut::list(Style::Block);
        for (const auto &[id, p] : t.policies) {
            YamlOut po = YamlOut::map();
            po.set("id", YamlOut::string(p.id));
            po.set("kind", YamlOut::string(p.kind));
            for (const auto &[k, v] : p.fields)
                po.set(k, YamlOut::from(v));
            policies.add(std::move(po));
        }
        root.set("policies", std::move(policies));
    }
    if (!t.layout.nodes.empty() || !t.layout.extra.empty()) {
        YamlOut layout = YamlOut::map(Style::Block);
        if (!t.layout.nodes.empty()) {
            YamlOut positions = YamlOut::map(Style::Block);
            for (const auto &[id, p] : t.layout.nodes) {
                YamlOut xy = YamlOut::list(Style::Flow);
                xy.add(coordinate(p.x));
                xy.add(coordinate(p.y));
                positions.set(id, std::move(xy));
            }
            layout.set("nodes", std::move(positions));
        }
        putExtra(layout, t.layout.extra);
        root.set("layout", std::move(layout));
    }
    putExtra(root, t.extra);
    return emitYaml(root);
}

bool saveDescriptor(const Topology &topology, const std::string &path, std::string &error)
{
    const std::string text = writeDescriptor(topology);
    // Read the text back before replacing anything: a writer bug must never
    // cost the user their file.
    const ReadResult back = readDescriptor(text, path);
    // Equality is the guarantee; findings such as an unresolved merge
    // conflict are the user's business, not a writer failure.
    if (!back.readable || !(back.topology == topology)) {
        error = "internal error: the text to be written does not read back as the same topology; "
                "nothing was written";
        return false;
    }
    return writeFileAtomically(path, text, error);
}

} // namespace sky
