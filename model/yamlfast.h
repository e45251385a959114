#pragma once

#include "yamltree.h"

#include <memory>
#include <string>
#include <string_view>

namespace sky {

// A fast reader for the YAML that Skyplan's own writer emits (emitYaml):
// block mappings and sequences, one-line flow collections, one-line plain,
// double- and single-quoted scalars. It builds the very tree, positions
// included, that parseYaml's yaml-cpp path builds, or gives up: null for
// anything outside that subset or in doubt (comments, anchors, tags, block
// scalars, several documents, multi-line scalars, tabs, duplicate keys, any
// limit of `limits` reached...). It never reports a problem: parseYaml then
// reads the text with yaml-cpp, which does.
std::unique_ptr<YamlDocument> parseYamlFast(std::string_view text, const YamlLimits &limits = {});

// Where two trees differ (kind, scalar, quoted, position, items, entries,
// weight, height), as "path: what"; empty when they are the same. For the
// tests that hold parseYamlFast to parseYamlSlow.
std::string yamlTreeDifference(const YamlNode *a, const YamlNode *b);

} // namespace sky
