#pragma once

#include "value.h"

#include <optional>
#include <string>
#include <vector>

namespace sky {

// A policy field that names things (regions, zones, certifications): a
// list of text, or one text; empty for no field, nullopt for anything else.
// Read by the policy checks and by placement alike.
std::optional<std::vector<std::string>> textList(const Value *v);

} // namespace sky
