// The cost of a design as placed (costreport.h): each node at its current
// location on the size its placement names, the transfer of each link whose
// ends are placed apart split half to each end, sums per zone and provider,
// and the assumptions behind the figures.
#include "costreport.h"

#include "jsonescape.h"
#include "placement.h"
#include "quantity.h"
#include "topology.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace sky {

std::string formatMoney(double amount)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", amount);
    return buf;
}

CostReport costReport(const PlacementModel &model)
{
    CostReport r;
    const std::size_t n = model.nodes().size();
    r.nodes.resize(n);
    std::set<const ProviderProfile *> used;
    for (std::size_t i = 0; i < n; ++i) {
        const Node &node = *model.nodes()[i];
        CostReport::NodeLine &line = r.nodes[i];
        line.id = node.id;
        line.type = node.type;
        line.zone = node.zone;
        const int l = model.current(int(i));
        if (l < 0) {
            line.note = node.placement.provider.empty() ? "unplaced" : "placement not in the loaded profiles";
            ++r.unplaced;
            continue;
        }
        const Location &loc = model.locations()[std::size_t(l)];
        const NodeCost c = model.costAsPlaced(int(i));
        line.provider = loc.provider->id;
        line.region = loc.region->id;
        used.insert(loc.provider);
        if (!c.offering) {
            line.note = c.why.empty() ? "no price" : c.why;
            ++r.unplaced;
            continue;
        }
        line.placed = true;
        line.size = c.offering->id;
        line.compute = c.compute;
        line.storage = c.storage;
        line.internet = c.internet;
    }
    for (const auto &e : model.edges()) {
        const int la = model.current(e.a), lb = model.current(e.b);
        if (la < 0 || lb < 0)
            continue;
        const double half = model.transfer(e.traffic, la, lb) / 2;
        r.nodes[std::size_t(e.a)].transfer += half;
        r.nodes[std::size_t(e.b)].transfer += half;
        r.transfer += 2 * half;
    }
    // Sums per zone and provider: consecutive nodes mostly share both, so
    // the last entry is tried before the map.
    std::pair<std::string_view, double *> lastZone{{}, nullptr}, lastProvider{{}, nullptr};
    const auto add = [](std::map<std::string_view, double> &sums, std::pair<std::string_view, double *> &last,
                        std::string_view key, double v) {
        if (!last.second || last.first != key)
            last = {key, &sums[key]};
        *last.second += v;
    };
    for (const CostReport::NodeLine &line : r.nodes) {
        if (line.provider.empty())
            continue;
        add(r.zones, lastZone, line.zone, line.total());
        add(r.providers, lastProvider, line.provider, line.total());
        r.total += line.total();
    }
    std::set<std::string> currencies;
    for (const ProviderProfile *p : used)
        currencies.insert(p->currency);
    r.currency = currencies.size() == 1 ? *currencies.begin() : currencies.empty() ? std::string() : "MIXED";
    r.assumptions.push_back(formatNumber(kHoursPerMonth) + " hours a month; hourly figures are the monthly ones divided by it");
    r.assumptions.push_back("a link without 'traffic:' carries " + formatNumber(kDefaultUtilisation * 100)
                            + "% of its bandwidth (its own, else the smaller of its ends') on average");
    r.assumptions.push_back("transfer between regions and providers is paid half at each end's price; "
                            "links to the internet at the node's internet price");
    r.assumptions.push_back("storage is the node's 'storage' or 'size' property in GiB; object storage without one holds "
                            + formatNumber(kDefaultObjectStorageGb) + " GB");
    for (const ProviderProfile *p : used)
        r.assumptions.push_back(p->id + " prices in " + p->currency + " as of " + p->priceDate + " (" + p->priceSource + ")");
    if (currencies.size() > 1)
        r.assumptions.push_back("the providers price in different currencies: the totals add them without converting");
    return r;
}

std::string costText(const CostReport &r)
{
    std::string s;
    char buf[512];
    std::snprintf(buf, sizeof buf, "%-28s %-12s %-22s %-16s %12s %10s\n", "node", "provider", "region", "size",
                  ("monthly " + r.currency).c_str(), "hourly");
    s += buf;
    for (const CostReport::NodeLine &l : r.nodes) {
        if (!l.placed) {
            std::snprintf(buf, sizeof buf, "%-28.*s %s\n", int(l.id.size()), l.id.data(), l.note.c_str());
            s += buf;
            continue;
        }
        const std::string id(l.id), provider(l.provider), region(l.region), size(l.size);
        std::snprintf(buf, sizeof buf, "%-28s %-12s %-22s %-16s %12.2f %10.4f\n", id.c_str(), provider.c_str(),
                      region.c_str(), size.c_str(), l.total(), l.total() / kHoursPerMonth);
        s += buf;
    }
    s += "\nper zone:\n";
    for (const auto &[zone, v] : r.zones) {
        const std::string name = zone.empty() ? std::string("(no zone)") : std::string(zone);
        std::snprintf(buf, sizeof buf, "  %-26s %12.2f %10.4f\n", name.c_str(), v, v / kHoursPerMonth);
        s += buf;
    }
    s += "per provider:\n";
    for (const auto &[p, v] : r.providers) {
        const std::string name(p);
        std::snprintf(buf, sizeof buf, "  %-26s %12.2f %10.4f\n", name.c_str(), v, v / kHoursPerMonth);
        s += buf;
    }
    std::snprintf(buf, sizeof buf, "total %s a month: %.2f (an hour: %.4f), of which transfer between nodes %.2f\n",
                  r.currency.c_str(), r.total, r.total / kHoursPerMonth, r.transfer);
    s += buf;
    if (r.unplaced)
        s += std::to_string(r.unplaced) + " node(s) not costed (unplaced, or no price where placed)\n";
    s += "assumptions:\n";
    for (const std::string &a : r.assumptions)
        s += "  - " + a + "\n";
    return s;
}

std::string costJson(const CostReport &r)
{
    std::string s = "{\n  \"currency\": " + jsonString(r.currency) + ",\n  \"hoursPerMonth\": "
                    + formatNumber(kHoursPerMonth) + ",\n  \"total\": {\"monthly\": " + formatMoney(r.total)
                    + ", \"hourly\": " + formatNumber(r.total / kHoursPerMonth) + "},\n  \"transfer\": "
                    + formatMoney(r.transfer) + ",\n  \"unplaced\": " + std::to_string(r.unplaced) + ",\n  \"nodes\": [";
    bool first = true;
    for (const CostReport::NodeLine &l : r.nodes) {
        s += first ? "\n    " : ",\n    ";
        first = false;
        s += "{\"id\": " + jsonString(l.id) + ", \"type\": " + jsonString(l.type) + ", \"zone\": " + jsonString(l.zone);
        if (!l.placed) {
            s += ", \"note\": " + jsonString(l.note) + "}";
            continue;
        }
        s += ", \"provider\": " + jsonString(l.provider) + ", \"region\": " + jsonString(l.region)
             + ", \"size\": " + jsonString(l.size) + ", \"compute\": " + formatMoney(l.compute)
             + ", \"storage\": " + formatMoney(l.storage) + ", \"internet\": " + formatMoney(l.internet)
             + ", \"transfer\": " + formatMoney(l.transfer) + ", \"monthly\": " + formatMoney(l.total())
             + ", \"hourly\": " + formatNumber(l.total() / kHoursPerMonth) + "}";
    }
    s += "\n  ],\n  \"zones\": {";
    first = true;
    for (const auto &[z, v] : r.zones) {
        s += (first ? "" : ", ") + jsonString(z) + ": " + formatMoney(v);
        first = false;
    }
    s += "},\n  \"providers\": {";
    first = true;
    for (const auto &[p, v] : r.providers) {
        s += (first ? "" : ", ") + jsonString(p) + ": " + formatMoney(v);
        first = false;
    }
    s += "},\n  \"assumptions\": [";
    first = true;
    for (const std::string &a : r.assumptions) {
        s += (first ? "" : ", ") + jsonString(a);
        first = false;
    }
    return s + "]\n}\n";
}

std::string costCsv(const CostReport &r)
{
    const auto field = [](std::string_view v) {
        if (v.find_first_of(",\"\n") == std::string::npos)
            return std::string(v);
        std::string q = "\"";
        for (const char c : v)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    std::string s = "node,type,zone,provider,region,size,compute,storage,internet,transfer,monthly,hourly,currency,note\n";
    for (const CostReport::NodeLine &l : r.nodes) {
        s += field(l.id) + "," + field(l.type) + "," + field(l.zone) + "," + field(l.provider) + "," + field(l.region)
             + "," + field(l.size) + ",";
        if (l.placed)
            s += formatMoney(l.compute) + "," + formatMoney(l.storage) + "," + formatMoney(l.internet) + ","
                 + formatMoney(l.transfer) + "," + formatMoney(l.total()) + "," + formatNumber(l.total() / kHoursPerMonth);
        else
            s += ",,,,,";
        s += "," + field(r.currency) + "," + field(l.note) + "\n";
    }
    return s;
}

CostDelta costDelta(const CostReport &before, const CostReport &after)
{
    CostDelta d;
    d.before = before.total;
    d.after = after.total;
    d.currency = after.currency.empty() ? before.currency : after.currency;
    std::map<std::string_view, std::pair<double, double>> byId;
    for (const CostReport::NodeLine &l : before.nodes)
        byId[l.id].first = l.total();
    for (const CostReport::NodeLine &l : after.nodes)
        byId[l.id].second = l.total();
    for (const auto &[id, v] : byId)
        if (std::fabs(v.second - v.first) >= 0.005)
            d.nodes.push_back({std::string(id), v.first, v.second});
    return d;
}

std::string formatMoneyDelta(double amount)
{
    // Rounded first, so a delta of -0.001 is "+0.00", never "-0.00".
    const double cents = std::round(amount * 100) / 100;
    return (cents >= 0 ? "+" : "") + formatMoney(cents == 0 ? 0.0 : cents);
}

std::string costDeltaJson(const CostDelta &d)
{
    std::string s = "{\"currency\":" + jsonString(d.currency) + ",\"before\":" + formatMoney(d.before)
                    + ",\"after\":" + formatMoney(d.after) + ",\"delta\":" + formatMoney(d.delta()) + ",\"nodes\":[";
    bool first = true;
    for (const CostDelta::NodeLine &l : d.nodes) {
        s += (first ? "" : ",") + std::string("{\"id\":") + jsonString(l.id) + ",\"before\":" + formatMoney(l.before)
             + ",\"after\":" + formatMoney(l.after) + ",\"delta\":" + formatMoney(l.delta()) + '}';
        first = false;
    }
    return s + "]}";
}

} // namespace sky
