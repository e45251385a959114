#pragma once

// Names shared by the TOSCA writer and reader.

#include "topology.h"
#include "value.h"

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace sky::tosca {

inline constexpr std::string_view kVersion = "tosca_simple_yaml_1_2";
inline constexpr std::string_view kTypePrefix = "skyplan.nodes.";
inline constexpr std::string_view kLinkType = "skyplan.relationships.Link";
inline constexpr std::string_view kTerminalPrefix = "skyplan_"; // for terminals named like a normative one

// Metadata keys (values are strings; structured ones hold JSON).
inline constexpr std::string_view kMetaFormat = "skyplan.format";
inline constexpr std::string_view kMetaName = "skyplan.name"; // the topology's name, when the template has no template_name
inline constexpr std::string_view kMetaTopology = "skyplan.topology"; // JSON: topologyRestValue
inline constexpr std::string_view kMetaZones = "skyplan.zones";       // JSON: id -> zoneValue
inline constexpr std::string_view kMetaType = "skyplan.type";
inline constexpr std::string_view kMetaLabel = "skyplan.label";
inline constexpr std::string_view kMetaRegion = "skyplan.region";
inline constexpr std::string_view kMetaPlacement = "skyplan.placement"; // JSON: provider, region, size, pinned
inline constexpr std::string_view kMetaReplicas = "skyplan.replicas";
inline constexpr std::string_view kMetaResources = "skyplan.resources";   // JSON
inline constexpr std::string_view kMetaProperties = "skyplan.properties"; // JSON: those with no typed place
inline constexpr std::string_view kMetaExtra = "skyplan.extra";           // JSON
inline constexpr std::string_view kMetaPosition = "skyplan.position";     // JSON [x, y]
inline constexpr std::string_view kSecretInputText = "Secret: supply it at deployment; never stored here.";
inline constexpr std::string_view kMetaHostOf = "skyplan.host-of"; // a Compute, DBMS or Port written for a node
inline constexpr std::string_view kMetaNetworkOf = "skyplan.network-of"; // a network.Network written for a zone
inline constexpr std::string_view kMetaLinks = "skyplan.links"; // JSON: links kept as written with fields TOSCA has no place for
inline constexpr std::string_view kLinkSidecar = "skyplan";               // relationship property, JSON

} // namespace sky::tosca

namespace sky {
struct YamlNode;
}

namespace sky::tosca {

// What a TOSCA import keeps that Skyplan has no field for, verbatim, in the
// model's `extra` maps under this key, so the native file carries it too and
// the export writes it back where it came from:
// - Topology::extra.tosca: `version` (when not kVersion), `template` (top-level
//   sections: imports, repositories, dsl_definitions, *_types, metadata but
//   template_name, anything else), `topology` (topology_template sections:
//   inputs, outputs, policies, substitution_mappings, relationship_templates,
//   workflows, description, groups that are no zone).
// - Node::extra.tosca: `name` (the TOSCA name), `id` (the id it was given,
//   when the name is no Skyplan id), `type` (the TOSCA type), `template`
//   (description, metadata, directives, attributes, capabilities, interfaces,
//   artifacts, node_filter, copy, ...), `host` ({name, value}: the hosting
//   requirement as written), `requirements` (those that are no link).
// - Link::extra.tosca: `value`, the requirement as written (capability,
//   relationship, node_filter, occurrences); `name` when the link's terminal
//   is not the requirement's name.
// - Zone::extra.tosca: the group as written, without `members`.
inline constexpr std::string_view kKeep = "tosca";

inline constexpr std::string_view kHostedOn = "tosca.relationships.HostedOn";

// The TOSCA functions whose first argument names a node template.
bool isNodeFunction(std::string_view name);
// Whether `v` is a TOSCA function call ({get_input: x}, {concat: [...]}, ...).
bool isFunctionCall(const Value &v);

} // namespace sky::tosca

namespace sky::tosca {

// `host` capability sizes as resources: num_cpus -> cpu, mem_size -> memory
// (nothing for what is missing or unreadable), from a template's
// `capabilities` map as written.
Resources hostResources(const Value &capabilities);
// `scalable` default_instances, or 1.
int scalableInstances(const Value &capabilities);
// Rewrites the node names `renames` maps (TOSCA name -> new name) wherever
// kept TOSCA text names a node template: the first argument of get_property,
// get_attribute, get_operation_output, get_artifact; group `members`, policy
// `targets`; substitution mappings' [node, name] pairs.
void renameNodes(Value &v, const std::map<std::string, std::string> &renames, bool underMappings = false);
// An id for the canvas from a TOSCA name that is none: other characters
// become '_', a leading '-' too; `taken` ids get _2, _3, ...
std::string idFor(const std::string &name, const std::set<std::string> &taken);
// A TOSCA value as the Python orchestrators read it: yamlValue with YAML
// 1.1's booleans (yes, no, on, off) and floats (a dot and a signed exponent).
Value toscaValue(const YamlNode *node);

} // namespace sky::tosca
