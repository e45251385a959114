// The placement model (placement.h): locations of the loaded profiles, the
// placeable nodes with their requirements, the exclusion of each location
// and why, the cost of each node at each location, and the links between
// placeable nodes with their traffic. Built once; the solvers, the checks
// and `skyplan cost` read it.
#include "placement.h"

#include "catalog.h"
#include "quantity.h"
#include "requirements.h"
#include "topology.h"

#include <algorithm>
#include <cmath>

namespace sky {

namespace {

double nodeCpu(const Node &n, const ComponentType &t)
{
    return n.resources.cpu ? *n.resources.cpu : t.cpu.defaultValue;
}

double nodeMemoryGiB(const Node &n, const ComponentType &t)
{
    return (n.resources.memory ? double(*n.resources.memory) : t.memory.defaultValue) / double(1ull << 30);
}

double nodeBandwidth(const Node &n, const ComponentType &t)
{
    return n.resources.bandwidth ? double(*n.resources.bandwidth) : t.bandwidth.defaultValue;
}

// GB (binary, as providers bill them) of the node's storage: a database's
// `storage`, a volume's or share's `size`, else the type's default; object
// storage without a size holds kDefaultObjectStorageGb.
double nodeStorageGb(const Node &n, const ComponentType &t)
{
    for (const char *name : {"storage", "size"}) {
        const PropertySchema *schema = t.property(name);
        if (!schema)
            continue;
        const auto it = n.properties.find(name);
        const Value *v = it != n.properties.end() ? &it->second : schema->defaultValue ? &*schema->defaultValue : nullptr;
        if (v && v->isString())
            if (const auto bytes = parseSize(v->toString()))
                return double(*bytes) / double(1ull << 30);
    }
    return t.id == "object_storage" ? kDefaultObjectStorageGb : 0;
}

bool isExternal(const ComponentType *t)
{
    return t && t->entry && t->tier == Tier::Edge;
}

std::string joinLocations(const std::vector<Location> &locations, const std::vector<int> &which, std::size_t max = 6)
{
    std::string s;
    for (std::size_t i = 0; i < which.size() && i < max; ++i)
        s += (s.empty() ? "" : ", ") + locations[std::size_t(which[i])].text();
    if (which.size() > max)
        s += " and " + std::to_string(which.size() - max) + " more";
    return s;
}

} // namespace

double linkTraffic(const Link &link, const Topology &topology, const Catalog &catalog)
{
    if (link.traffic)
        return *link.traffic;
    double bps = link.bandwidth ? double(*link.bandwidth) : 0;
    if (!link.bandwidth) {
        double smallest = -1;
        for (const std::string *id : {&link.from.node, &link.to.node}) {
            const Node *n = topology.node(*id);
            const ComponentType *t = n ? catalog.type(n->type) : nullptr;
            if (n && t && !isExternal(t)) {
                const double b = nodeBandwidth(*n, *t);
                smallest = smallest < 0 ? b : std::min(smallest, b);
            }
        }
        bps = std::max(0.0, smallest);
    }
    return bps * kDefaultUtilisation * kHoursPerMonth * 3600 / 8 / 1e9;
}

PlacementModel::PlacementModel(const Topology &topology, const Catalog &catalog, const ProviderSet &providers,
                               Extent extent)
    : m_full(extent == Extent::AllLocations)
{
    m_offerings.resize(providers.profiles().size());
    for (std::size_t p = 0; p < providers.profiles().size(); ++p) {
        const ProviderProfile &profile = *providers.profiles()[p];
        for (const Offering &o : profile.offerings)
            for (const std::string &type : o.types)
                m_offerings[p][type].push_back(&o);
        for (const Region &r : profile.regions) {
            m_locationIndex.emplace(profile.id + '\n' + r.id, int(m_locations.size()));
            m_locations.push_back({&profile, &r, int(p)});
            m_regionRate.push_back(profile.transfer.interRegion);
            m_providerRate.push_back(std::max(0.0, profile.transfer.out - profile.transfer.interRegion));
        }
    }
    m_index.reserve(topology.nodes.size());
    m_nodes.reserve(topology.nodes.size());
    m_types.reserve(topology.nodes.size());
    for (const auto &[id, node] : topology.nodes) {
        const ComponentType *t = catalog.type(node.type);
        if (!t || isExternal(t))
            continue; // unknown types are SP-TYPE's; the internet is not ours to place
        m_index.emplace(std::string_view(node.id), int(m_nodes.size()));
        m_nodes.push_back(&node);
        m_types.push_back(t);
    }
    if (const auto it = topology.budget.extra.find("monthly");
        it != topology.budget.extra.end() && it->second.isString())
        if (const auto money = parseMoney(it->second.toString())) {
            m_budget = money->amount;
            m_budgetCurrency = money->currency;
        }
    readPolicies(topology);
    computeCosts(topology, catalog);
}

std::string PlacementModel::loadedProviders() const
{
    std::string s;
    const ProviderProfile *last = nullptr;
    for (const Location &loc : m_locations)
        if (loc.provider != last) {
            last = loc.provider;
            s += (s.empty() ? "" : ", ") + last->id;
        }
    return s.empty() ? std::string("none") : s;
}

int PlacementModel::locationOf(std::string_view provider, std::string_view region) const
{
    std::string key;
    key.reserve(provider.size() + region.size() + 1);
    key += provider;
    key += '\n';
    key += region;
    const auto it = m_locationIndex.find(key);
    return it == m_locationIndex.end() ? -1 : it->second;
}

int PlacementModel::nodeIndex(std::string_view id) const
{
    const auto it = m_index.find(id);
    return it == m_index.end() ? -1 : it->second;
}

void PlacementModel::readPolicies(const Topology &topology)
{
    std::vector<PlacementPolicy> policies;
    for (const auto &[id, policy] : topology.policies) {
        std::vector<std::string> problems;
        if (auto p = parsePlacementPolicy(policy, problems))
            policies.push_back(std::move(*p));
        for (std::string &why : problems)
            m_policyProblems.emplace_back(id, std::move(why));
    }
    std::vector<std::string_view> summaries;
    for (const PlacementPolicy &p : policies)
        summaries.push_back(m_texts.emplace_back(p.summary()));
    const std::string_view open = m_texts.emplace_back("open regions");
    m_reqs.resize(m_nodes.size());
    m_excluded.assign(m_full ? m_nodes.size() * m_locations.size() : m_nodes.size(), {});
    std::vector<std::vector<int>> spreadMembers(policies.size());
    for (std::size_t n = 0; n < m_nodes.size(); ++n) {
        const Node &node = *m_nodes[n];
        const auto exclude = [&](std::size_t l, int req) { m_excluded[slot(n, l)].push_back(req); };
        std::vector<Requirement> &reqs = m_reqs[n];
        reqs.reserve(policies.size() + 3); // one allocation a node
        // Its own pin, else the nearest zone's.
        Placement pin = node.placement.pinned ? node.placement : Placement{};
        for (std::string z = node.zone; pin.provider.empty() && !z.empty();) {
            const Zone *zone = topology.zone(z);
            if (!zone)
                break;
            if (!zone->placement.provider.empty())
                pin = zone->placement;
            z = zone->parent;
            if (z == node.zone)
                break;
        }
        const Placement &now = pin.provider.empty() ? node.placement : pin;
        int current = now.provider.empty() || now.region.empty() ? -1 : locationOf(now.provider, now.region);
        if (!now.provider.empty()) {
            const ProviderProfile *profile = nullptr;
            for (const Location &loc : m_locations)
                if (loc.provider->id == now.provider)
                    profile = loc.provider;
            if (!profile)
                m_placementProblems.emplace_back(int(n), "node '" + node.id + "' is placed on unknown provider '"
                                                             + now.provider + "' (loaded: " + loadedProviders() + ")");
            else if (!now.region.empty() && current < 0)
                m_placementProblems.emplace_back(int(n), "node '" + node.id + "' is placed in unknown region '"
                                                             + now.region + "' of " + now.provider
                                                             + " (regions: " + profile->regionIds() + ")");
            else if (!now.size.empty() && !profile->offering(now.size))
                m_placementProblems.emplace_back(int(n), "node '" + node.id + "' asks for unknown size '" + now.size
                                                             + "' of " + now.provider + " (sizes for " + node.type
                                                             + ": " + profile->offeringIds(node.type) + ")");
        }
        m_size.push_back(pin.size); // a size chosen before is no pin: it may change with the region
        m_recordedSize.push_back(now.size);
        m_current.push_back(current);
        m_pinned.push_back(!pin.provider.empty());
        if (!pin.provider.empty()) {
            reqs.push_back({Requirement::Kind::Pinned, {},
                            m_texts.emplace_back("pinned to " + pin.provider + (pin.region.empty() ? "" : "/" + pin.region))});
            for (std::size_t l = first(n); l < last(n); ++l)
                if (m_locations[l].provider->id != pin.provider
                    || (!pin.region.empty() && m_locations[l].region->id != pin.region))
                    exclude(l, int(reqs.size()) - 1);
        }
        const std::string_view tier = tierName(m_types[n]->tier);
        for (std::size_t k = 0; k < policies.size(); ++k) {
            const PlacementPolicy &p = policies[k];
            if (!p.appliesTo(topology, node, tier))
                continue;
            if (p.kind == "spread") {
                spreadMembers[k].push_back(int(n));
                continue;
            }
            reqs.push_back({p.kind == "data-residency" ? Requirement::Kind::Residency
                            : p.kind == "compliance"   ? Requirement::Kind::Compliance
                            : p.kind == "platform"     ? Requirement::Kind::Platform
                                                       : Requirement::Kind::Provider,
                            p.id, summaries[k]});
            for (std::size_t l = first(n); l < last(n); ++l)
                if (!p.allows(*m_locations[l].provider, *m_locations[l].region))
                    exclude(l, int(reqs.size()) - 1);
        }
        reqs.push_back({Requirement::Kind::Open, {}, open});
        for (std::size_t l = first(n); l < last(n); ++l)
            if (m_locations[l].region->status != RegionStatus::Active)
                exclude(l, int(reqs.size()) - 1);
    }
    for (std::size_t k = 0; k < policies.size(); ++k)
        if (policies[k].kind == "spread" && !spreadMembers[k].empty())
            m_spreads.push_back({policies[k].id, spreadMembers[k], policies[k].atLeast, policies[k].byProvider});
}

NodeCost PlacementModel::nodeCost(const Node &node, const ComponentType &type, const Location &loc,
                                  double internetGb, const std::string &size) const
{
    NodeCost best;
    const double cpu = nodeCpu(node, type), memory = nodeMemoryGiB(node, type), storage = nodeStorageGb(node, type);
    const double replicas = std::max(1, node.replicas);
    const std::string &region = loc.region->id;
    bool served = false, fits = false;
    const auto &byType = m_offerings[std::size_t(loc.providerIndex)];
    const auto found = byType.find(node.type);
    static const std::vector<const Offering *> none;
    for (const Offering *offering : found == byType.end() ? none : found->second) {
        const Offering &o = *offering;
        if (!size.empty() && o.id != size)
            continue;
        served = true;
        if (!o.sized && ((o.vcpu > 0 && o.vcpu + 1e-9 < cpu) || (o.memoryGiB > 0 && o.memoryGiB + 1e-9 < memory)))
            continue;
        fits = true;
        const auto price = o.hourly.find(region);
        if (price == o.hourly.end())
            continue;
        double storagePrice = 0;
        if (storage > 0 && !o.storageGbMonth.empty()) {
            const auto sp = o.storageGbMonth.find(region);
            if (sp == o.storageGbMonth.end())
                continue;
            storagePrice = sp->second;
        }
        NodeCost c;
        c.offering = &o;
        c.compute = replicas * (o.sized ? std::ceil(cpu - 1e-9) * o.vcpuMonth + memory * o.gibMonth
                                        : price->second * kHoursPerMonth);
        c.storage = replicas * storage * storagePrice;
        c.internet = internetGb * loc.provider->transfer.internet;
        if (!best.offering || c.total() < best.total())
            best = c;
    }
    if (!best.offering) {
        if (!served)
            best.why = size.empty() ? "no offering serves " + node.type
                                    : "size " + size + " does not serve " + node.type;
        else if (!fits)
            best.why = "no " + (size.empty() ? std::string("size") : "size " + size) + " has " + formatNumber(cpu)
                       + " vCPU and " + formatNumber(std::round(memory * 100) / 100) + " GiB";
        else
            best.why = "not offered in this region";
    }
    return best;
}

void PlacementModel::computeCosts(const Topology &topology, const Catalog &catalog)
{
    std::vector<double> internetGb(m_nodes.size(), 0);
    // As linkTraffic(), from the model's own index (no lookup by id in the
    // topology's map for links between placeable nodes).
    const auto traffic = [&](const Link &link, int a, int b) {
        if (link.traffic)
            return *link.traffic;
        double bps = link.bandwidth ? double(*link.bandwidth) : -1;
        for (const int n : {a, b})
            if (!link.bandwidth && n >= 0) {
                const double own = nodeBandwidth(*m_nodes[std::size_t(n)], *m_types[std::size_t(n)]);
                bps = bps < 0 ? own : std::min(bps, own);
            }
        return std::max(0.0, bps) * kDefaultUtilisation * kHoursPerMonth * 3600 / 8 / 1e9;
    };
    // Links are kept sorted by their `from` end, and the nodes by id: the
    // `from` ends are found by walking both in step (a hash lookup each
    // was a cache miss each at 100,000 nodes); `to` ends by the index.
    std::size_t cursor = 0;
    const std::string *lastFrom = nullptr;
    int lastA = -1;
    for (std::size_t k = 0; k < topology.links.size(); ++k) {
        const Link &link = topology.links[k];
        int a = -1;
        if (lastFrom && *lastFrom == link.from.node) {
            a = lastA;
        } else if (lastFrom && link.from.node < *lastFrom) {
            a = nodeIndex(link.from.node); // not sorted after all
        } else {
            while (cursor < m_nodes.size() && m_nodes[cursor]->id < link.from.node)
                ++cursor;
            a = cursor < m_nodes.size() && m_nodes[cursor]->id == link.from.node ? int(cursor) : -1;
            lastFrom = &link.from.node;
            lastA = a;
        }
        const int b = nodeIndex(link.to.node);
        if (a >= 0 && b >= 0) {
            m_edges.push_back({a, b, traffic(link, a, b), int(k)});
            continue;
        }
        if (a < 0 && b < 0)
            continue;
        const Node *other = topology.node(a < 0 ? link.from.node : link.to.node);
        if (other && isExternal(catalog.type(other->type)))
            internetGb[std::size_t(a < 0 ? b : a)] += traffic(link, a, b);
    }
    m_internetGb = internetGb;
    m_costs.resize(m_full ? m_nodes.size() * m_locations.size() : m_nodes.size());
    std::unordered_map<std::string_view, std::string_view> offeredText; // per type
    for (std::size_t n = 0; n < m_nodes.size(); ++n) {
        std::string_view &text = offeredText[m_nodes[n]->type];
        if (text.empty())
            text = m_texts.emplace_back("an offering for " + m_nodes[n]->type);
        m_reqs[n].push_back({Requirement::Kind::Offered, {}, text});
        const int offered = int(m_reqs[n].size()) - 1;
        for (std::size_t l = first(n); l < last(n); ++l) {
            NodeCost &c = m_costs[slot(n, l)];
            c = nodeCost(*m_nodes[n], *m_types[n], m_locations[l], internetGb[n], m_size[n]);
            if (!c.offering)
                m_excluded[slot(n, l)].push_back(offered);
        }
    }
}

NodeCost PlacementModel::costAsPlaced(int node) const
{
    const int l = current(node);
    if (l < 0)
        return {};
    const std::string &size = m_recordedSize[std::size_t(node)];
    if (size.empty())
        return cost(node, l);
    return nodeCost(*m_nodes[std::size_t(node)], *m_types[std::size_t(node)], m_locations[std::size_t(l)],
                    m_internetGb[std::size_t(node)], size);
}

double PlacementModel::transfer(double traffic, int la, int lb) const
{
    if (la == lb || la < 0 || lb < 0)
        return 0;
    double c = traffic * 0.5 * (m_regionRate[std::size_t(la)] + m_regionRate[std::size_t(lb)]);
    if (m_locations[std::size_t(la)].providerIndex != m_locations[std::size_t(lb)].providerIndex)
        c += traffic * 0.5 * (m_providerRate[std::size_t(la)] + m_providerRate[std::size_t(lb)]);
    return c;
}

double PlacementModel::totalCost(const std::vector<int> &assignment) const
{
    double total = 0;
    for (std::size_t n = 0; n < m_nodes.size(); ++n)
        if (assignment[n] >= 0)
            total += cost(int(n), assignment[n]).total();
    for (const Edge &e : m_edges)
        total += transfer(e.traffic, assignment[std::size_t(e.a)], assignment[std::size_t(e.b)]);
    return total;
}

std::string PlacementModel::conflict(int node) const
{
    // Per requirement, the locations it allows; then the smallest set of
    // requirements whose allowed locations do not meet, by size.
    const std::vector<Requirement> &reqs = requirements(node);
    const std::size_t words = (m_locations.size() + 63) / 64;
    std::vector<std::vector<std::uint64_t>> allowed(reqs.size(), std::vector<std::uint64_t>(words, 0));
    for (std::size_t l = 0; l < m_locations.size(); ++l) {
        const std::vector<int> &ex = excludedBy(node, int(l));
        for (std::size_t r = 0; r < reqs.size(); ++r)
            if (std::find(ex.begin(), ex.end(), int(r)) == ex.end())
                allowed[r][l / 64] |= std::uint64_t(1) << (l % 64);
    }
    const std::string &id = m_nodes[std::size_t(node)]->id;
    if (m_locations.empty())
        return id + ": no provider profile is loaded, so no location exists";
    const std::size_t count = std::min<std::size_t>(reqs.size(), 20);
    for (std::size_t size = 1; size <= count; ++size) {
        // Subsets of `size` requirements, in lexicographic order.
        std::vector<std::size_t> pick(size);
        for (std::size_t i = 0; i < size; ++i)
            pick[i] = i;
        for (;;) {
            bool empty = true;
            for (std::size_t w = 0; w < words && empty; ++w) {
                std::uint64_t meet = ~std::uint64_t(0);
                for (const std::size_t r : pick)
                    meet &= allowed[r][w];
                empty = meet == 0;
            }
            if (empty) {
                std::string s = id + ": ";
                for (std::size_t i = 0; i < size; ++i) {
                    const std::size_t r = pick[i];
                    std::vector<int> where;
                    for (std::size_t l = 0; l < m_locations.size(); ++l)
                        if (allowed[r][l / 64] >> (l % 64) & 1)
                            where.push_back(int(l));
                    s += (i == 0 ? "" : i + 1 == size ? " and " : ", ") + std::string(reqs[r].summary) + " (allows "
                         + (where.empty() ? std::string("no location") : joinLocations(m_locations, where)) + ")";
                }
                return s + (size == 1 ? " leaves" : " leave") + " no location";
            }
            std::size_t i = size;
            while (i > 0 && pick[i - 1] == count - size + i - 1)
                --i;
            if (i == 0)
                break;
            ++pick[i - 1];
            for (std::size_t j = i; j < size; ++j)
                pick[j] = pick[j - 1] + 1;
        }
    }
    return id + ": no location is allowed";
}

std::string PlacementModel::exclusions(int node) const
{
    const std::vector<Requirement> &reqs = requirements(node);
    std::string s;
    for (std::size_t r = 0; r < reqs.size(); ++r) {
        std::vector<int> where;
        for (std::size_t l = 0; l < m_locations.size(); ++l) {
            const std::vector<int> &ex = excludedBy(node, int(l));
            if (std::find(ex.begin(), ex.end(), int(r)) != ex.end())
                where.push_back(int(l));
        }
        if (where.empty())
            continue;
        std::string why(reqs[r].summary);
        if (reqs[r].kind == Requirement::Kind::Offered) {
            // The reason of the first excluded location, as an example.
            why = cost(node, where.front()).why;
        } else if (reqs[r].kind == Requirement::Kind::Open) {
            const Region &region = *m_locations[std::size_t(where.front())].region;
            why = "region " + std::string(regionStatusName(region.status)) + " on " + region.closes;
        }
        s += (s.empty() ? "" : "; ") + std::string("excluded by ") + why + ": " + joinLocations(m_locations, where);
    }
    return s;
}

} // namespace sky
