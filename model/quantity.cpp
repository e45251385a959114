#include "quantity.h"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace sky {

namespace {

struct Unit
{
    std::string_view name;
    std::uint64_t factor;
};

constexpr std::array kSizeUnits{
    Unit{"TiB", 1ull << 40}, Unit{"GiB", 1ull << 30}, Unit{"MiB", 1ull << 20}, Unit{"KiB", 1ull << 10},
    Unit{"TB", 1'000'000'000'000ull}, Unit{"GB", 1'000'000'000ull}, Unit{"MB", 1'000'000ull},
    Unit{"KB", 1'000ull}, Unit{"kB", 1'000ull}, Unit{"B", 1ull},
};

constexpr std::array kBandwidthUnits{
    Unit{"Tbps", 1'000'000'000'000ull}, Unit{"Gbps", 1'000'000'000ull}, Unit{"Mbps", 1'000'000ull},
    Unit{"Kbps", 1'000ull}, Unit{"kbps", 1'000ull}, Unit{"bps", 1ull},
};

template<std::size_t N>
std::optional<std::uint64_t> parseWithUnits(std::string_view text, const std::array<Unit, N> &units)
{
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    std::uint64_t factor = 1;
    for (const Unit &u : units) {
        if (text.size() > u.name.size() && text.ends_with(u.name)) {
            factor = u.factor;
            text.remove_suffix(u.name.size());
            break;
        }
    }
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (text.empty() || text[0] == '-' || text[0] == '+')
        return std::nullopt;
    double number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(number))
        return std::nullopt;
    const double total = number * double(factor);
    if (total >= 1.8e19)
        return std::nullopt;
    const auto rounded = std::uint64_t(std::llround(total));
    if (std::fabs(total - double(rounded)) > 1e-6 * std::max(1.0, total))
        return std::nullopt; // fractions of a byte or a bit are meaningless
    return rounded;
}

template<std::size_t N>
std::string formatWithUnits(std::uint64_t value, const std::array<Unit, N> &units, bool binaryFirst)
{
    for (const Unit &u : units) {
        const bool binary = u.name.find('i') != std::string_view::npos;
        if (binaryFirst != binary && u.factor != 1)
            continue;
        if (u.name == "kB" || u.name == "kbps")
            continue;
        if (value != 0 && value % u.factor == 0)
            return std::to_string(value / u.factor) + std::string(u.name);
    }
    return std::to_string(value) + std::string(units.back().name);
}

} // namespace

std::optional<std::uint64_t> parseSize(std::string_view text)
{
    return parseWithUnits(text, kSizeUnits);
}

std::optional<std::uint64_t> parseBandwidth(std::string_view text)
{
    return parseWithUnits(text, kBandwidthUnits);
}

std::string formatSize(std::uint64_t bytes)
{
    // Binary units when exact ("4GiB"), else decimal ones ("500MB"), else bytes.
    for (const Unit &u : kSizeUnits)
        if (u.name.find('i') != std::string_view::npos && bytes != 0 && bytes % u.factor == 0)
            return std::to_string(bytes / u.factor) + std::string(u.name);
    return formatWithUnits(bytes, kSizeUnits, false);
}

std::string formatBandwidth(std::uint64_t bitsPerSecond)
{
    return formatWithUnits(bitsPerSecond, kBandwidthUnits, false);
}

std::string formatNumber(double value, bool forceFloat)
{
    if (std::isnan(value))
        return ".nan";
    if (std::isinf(value))
        return value > 0 ? ".inf" : "-.inf";
    std::array<char, 64> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    std::string s(buf.data(), end);
    if (forceFloat && s.find_first_of(".e") == std::string::npos)
        s += ".0";
    return s;
}

std::optional<double> parseTraffic(std::string_view text)
{
    if (text.ends_with("/month"))
        text.remove_suffix(6);
    const auto bytes = parseWithUnits(text, kSizeUnits);
    if (!bytes)
        return std::nullopt;
    return double(*bytes) / 1e9;
}

std::string formatTraffic(double gigabytes)
{
    return formatNumber(gigabytes) + "GB/month";
}

std::optional<Money> parseMoney(std::string_view text)
{
    const std::size_t space = text.rfind(' ');
    if (space == std::string_view::npos || text.size() - space != 4)
        return std::nullopt;
    const std::string_view currency = text.substr(space + 1), number = text.substr(0, space);
    for (const char c : currency)
        if (c < 'A' || c > 'Z')
            return std::nullopt;
    if (number.empty() || number[0] == '-' || number[0] == '+')
        return std::nullopt;
    double amount = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), amount);
    if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(amount))
        return std::nullopt;
    return Money{amount, std::string(currency)};
}

} // namespace sky
