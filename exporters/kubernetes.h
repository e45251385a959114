#pragma once

// Names and helpers shared by the Kubernetes writer and reader.
//
// A round trip through Skyplan keeps manifests by value: every object read
// is kept whole under `kubernetes:` (kKept) on the node it belongs to (its
// workload and the Services that select it), on the zone (its Namespace),
// on a link (the NetworkPolicy rule it came from names its policy) or on the
// topology (everything else, unknown kinds included), and written back as it
// was, with only what was edited in Skyplan changed (replicas, image,
// namespace). Objects drawn in Skyplan are generated from the model.

#include "value.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sky {

struct Diagnostic;
struct YamlNode;

namespace kubernetes {

inline constexpr std::string_view kKept = "kubernetes";
// Annotations of generated workloads, so that a re-import finds the node.
inline constexpr std::string_view kNodeAnnotation = "skyplan.io/node";
inline constexpr std::string_view kTypeAnnotation = "skyplan.io/type";
// The pod label that NetworkPolicies and Services select a workload by.
inline constexpr std::string_view kNodeLabel = "skyplan.io/node";
inline constexpr std::string_view kZoneLabel = "skyplan.io/zone";
inline constexpr std::string_view kRegionKey = "topology.kubernetes.io/region";

// `s` as a DNS-1123 label Kubernetes accepts as a name (lower case letters,
// digits, '-'; at most 63; starts and ends alphanumeric): "Web_1" -> "web-1";
// `fallback` when nothing is left.
std::string dnsLabel(std::string_view s, std::string_view fallback = "x");
// A byte count as a Kubernetes quantity: "4Gi", "512Mi", "1000".
std::string byteQuantity(std::uint64_t bytes);
// Cores as a quantity: "2", "500m".
std::string cpuQuantity(double cores);
// A quantity read back: bytes ("4Gi", "1G", "1500M"), cores ("500m", "2");
// nullopt when it is none.
std::optional<std::uint64_t> parseByteQuantity(std::string_view s);
std::optional<double> parseCpuQuantity(std::string_view s);

// `m` as block YAML at `indent` (maps of scalars and lists of scalars in
// flow style when they fit the line), strings quoted by yamlScalar.
void appendBlock(std::string &out, int indent, const ValueMap &m);

} // namespace kubernetes
} // namespace sky
