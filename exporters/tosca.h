#pragma once

// Names shared by the TOSCA writer and reader.

#include <string_view>

namespace sky::tosca {

inline constexpr std::string_view kVersion = "tosca_simple_yaml_1_2";
inline constexpr std::string_view kTypePrefix = "skyplan.nodes.";
inline constexpr std::string_view kLinkType = "skyplan.relationships.Link";
inline constexpr std::string_view kTerminalPrefix = "skyplan_"; // for terminals named like a normative one

// Metadata keys (values are strings; structured ones hold JSON).
inline constexpr std::string_view kMetaFormat = "skyplan.format";
inline constexpr std::string_view kMetaTopology = "skyplan.topology"; // JSON: topologyRestValue
inline constexpr std::string_view kMetaZones = "skyplan.zones";       // JSON: id -> zoneValue
inline constexpr std::string_view kMetaType = "skyplan.type";
inline constexpr std::string_view kMetaLabel = "skyplan.label";
inline constexpr std::string_view kMetaRegion = "skyplan.region";
inline constexpr std::string_view kMetaReplicas = "skyplan.replicas";
inline constexpr std::string_view kMetaResources = "skyplan.resources";   // JSON
inline constexpr std::string_view kMetaProperties = "skyplan.properties"; // JSON: those with no typed place
inline constexpr std::string_view kMetaExtra = "skyplan.extra";           // JSON
inline constexpr std::string_view kMetaPosition = "skyplan.position";     // JSON [x, y]
inline constexpr std::string_view kLinkSidecar = "skyplan";               // relationship property, JSON

} // namespace sky::tosca
