#pragma once

#include "topology.h"

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

// Requests flowing left to right: each rank (tier, or step from the entry
// points) a column, and a rank taller than a 16:9 layout allows wrapped into
// sub-columns. Shared by the designer's layered layout (widgets/autolayout)
// and the generator's own positions, so that a generated topology opens as
// the designer would have laid it out.
namespace sky::rankgrid {

inline constexpr double kColumn = 280;    // from one rank to the next
inline constexpr double kSubColumn = 200; // between the sub-columns of a wrapped rank
inline constexpr double kRow = 100;
inline constexpr std::size_t kMinRows = 40;

// The most rows a rank may take before it wraps into sub-columns: enough to
// make a layout of n nodes about 16:9, and never fewer than kMinRows, so a
// small topology keeps one column per rank.
std::size_t maxRows(std::size_t n);

// Places one rank, top to bottom in the given order, from `x` on: wrapped
// into as few sub-columns as keep it within `rows` rows, filled row by row
// so that the order still runs from top to bottom. Whole rows, so that
// every rank's rows line up with every other's and the gaps between them
// run straight across the layout: a long link takes one of those lanes
// (LinkLayer::square). Returns where the next rank starts; `rowOf` (if any)
// gets each node's row.
double placeRank(const std::vector<std::string> &order, double x, std::size_t rows,
                 std::unordered_map<std::string, double> *rowOf, std::map<std::string, Point> &result);

} // namespace sky::rankgrid
