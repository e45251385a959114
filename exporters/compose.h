#pragma once

// Names shared by the Compose writer and reader.

#include "value.h"

#include <string>
#include <string_view>

namespace sky::compose {

inline constexpr std::string_view kExtension = "x-skyplan";       // topology-level fields
inline constexpr std::string_view kLabelType = "com.skyplan.type";
inline constexpr std::string_view kLabelNode = "com.skyplan.node"; // JSON: nodeValue without replicas
inline constexpr std::string_view kLabelPosition = "com.skyplan.position"; // JSON [x, y]
inline constexpr std::string_view kLabelZone = "com.skyplan.zone"; // on networks: the zone label

// Compose interpolates `$VAR` and `${VAR}` in every value; `$$` is a dollar.
std::string escapeDollars(std::string_view s);
std::string unescapeDollars(std::string_view s);
Value escapeValueDollars(const Value &v);
Value unescapeValueDollars(const Value &v);

} // namespace sky::compose
