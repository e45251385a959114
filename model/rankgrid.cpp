#include "rankgrid.h"

#include <algorithm>
#include <cmath>

namespace sky::rankgrid {

std::size_t maxRows(std::size_t n)
{
    return std::max<std::size_t>(kMinRows, std::size_t(std::ceil(std::sqrt(double(n) * kColumn * 9 / (16 * kRow)))));
}

double placeRank(const std::vector<std::string> &order, double x, std::size_t rows,
                 std::unordered_map<std::string, double> *rowOf, std::map<std::string, Point> &result)
{
    if (order.empty())
        return x;
    const std::size_t wide = (order.size() + rows - 1) / rows;
    const std::size_t used = (order.size() + wide - 1) / wide;
    const double offset = std::floor(-double(used) / 2.0);
    for (std::size_t i = 0; i < order.size(); ++i) {
        const double y = double(i / wide) + offset;
        if (rowOf)
            (*rowOf)[order[i]] = y;
        result[order[i]] = Point{x + double(i % wide) * kSubColumn, std::round(y * kRow / 20) * 20};
    }
    return x + double(wide - 1) * kSubColumn + kColumn;
}

} // namespace sky::rankgrid
