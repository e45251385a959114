#pragma once

// What a placed design costs a month (and an hour): per node, zone,
// provider and in total, with the assumptions the figures rest on (730
// hours a month, the traffic of each link, the date and source of each
// profile's prices). Text, JSON and CSV renderings for `skyplan cost`.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sky {

class PlacementModel;

struct CostReport
{
    struct NodeLine
    {
        // Views into the topology and the profiles the model was built on.
        std::string_view id, type, zone, provider, region, size;
        double compute = 0, storage = 0, internet = 0, transfer = 0; // a month
        double total() const { return compute + storage + internet + transfer; }
        bool placed = false;
        std::string note; // why not costed
    };
    std::vector<NodeLine> nodes;       // every placeable node, by id
    std::map<std::string_view, double> zones; // "" for nodes without a zone
    std::map<std::string_view, double> providers;
    double total = 0;
    double transfer = 0; // between nodes placed apart (halves counted at each end)
    std::string currency;
    std::vector<std::string> assumptions;
    std::size_t unplaced = 0;
};

// Costs the design as placed (CurrentOnly is enough): unplaced nodes cost
// nothing and are counted; a link costs its transfer only when both ends
// are placed, half at each end.
CostReport costReport(const PlacementModel &model);

std::string costText(const CostReport &report);
std::string costJson(const CostReport &report);
std::string costCsv(const CostReport &report);
// What a change does to the monthly cost: each side as placed, priced by
// its own profiles. Nodes listed are those whose cost moved by a cent or
// more (added and removed nodes too), by id.
struct CostDelta
{
    struct NodeLine
    {
        std::string id;
        double before = 0, after = 0;
        double delta() const { return after - before; }
    };
    std::vector<NodeLine> nodes;
    double before = 0, after = 0;
    std::string currency;
    double delta() const { return after - before; }
};
CostDelta costDelta(const CostReport &before, const CostReport &after);
// "+12.50" / "-3.00" / "+0.00".
std::string formatMoneyDelta(double amount);
// {"currency": .., "before": .., "after": .., "delta": .., "nodes": [{"id", "before", "after", "delta"}]}
std::string costDeltaJson(const CostDelta &delta);

// "1234.56": amounts in reports, to the cent.
std::string formatMoney(double amount);

} // namespace sky
