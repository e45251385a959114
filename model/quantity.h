#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sky {

// Sizes are bytes with binary or decimal units ("4GiB", "500MB", "512");
// bandwidths are bits per second with decimal units ("250Mbps", "2Gbps").
std::optional<std::uint64_t> parseSize(std::string_view text);
std::optional<std::uint64_t> parseBandwidth(std::string_view text);

// Canonical text: the largest unit that represents the value exactly.
std::string formatSize(std::uint64_t bytes);
std::string formatBandwidth(std::uint64_t bitsPerSecond);

// Link traffic, in GB (10^9 bytes) per month: "500GB/month", "2TB/month";
// the "/month" may be left out. formatTraffic writes "<number>GB/month".
std::optional<double> parseTraffic(std::string_view text);
std::string formatTraffic(double gigabytes);

// A sum of money and its currency, "12000 USD": a number that is not
// negative, a space, three capital letters.
struct Money
{
    double amount = 0;
    std::string currency;
};
std::optional<Money> parseMoney(std::string_view text);

// Shortest text that reads back to the same double; always shows it is a
// number with a fraction or exponent when `forceFloat` is set ("2.0").
std::string formatNumber(double value, bool forceFloat = false);

} // namespace sky
