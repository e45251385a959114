#pragma once

#include "diagnostic.h"

#include <string>
#include <string_view>
#include <vector>

namespace sky {

class Catalog;
class ProviderSet;
class Topology;

struct RuleInfo
{
    std::string_view id;
    Severity severity;
    std::string_view title;
    StaticText hint; // a literal: findings hold it by view
    std::string_view explanation;
    bool configurable = true; // false for reader findings: a topology cannot turn them off
};

// Every rule and reader finding, in a stable order (`skyplan rules`, docs/RULES.md).
const std::vector<RuleInfo> &allRules();
const RuleInfo *findRule(std::string_view id);

// docs/RULES.md: every rule with its severity, explanation and hint.
std::string rulesMarkdown();

// The checks of a topology against its catalog. Pure: no printing, no global
// state; cheap enough to run after every edit. The topology's `rules:`
// section sets severities or turns rules off.
// With provider profiles, placed nodes are judged against them too
// (SP-PLACEMENT, and SP-BUDGET for a money budget).
std::vector<Diagnostic> checkTopology(const Topology &topology, const Catalog &catalog,
                                      const SourceMap &sources = {}, const std::string &file = {},
                                      const ProviderSet *providers = nullptr);

// Schema-level checks only: types, terminals, links, properties, resources.
void checkSchema(const Topology &topology, const Catalog &catalog, const SourceMap &sources,
                 const std::string &file, std::vector<Diagnostic> &out);

} // namespace sky
