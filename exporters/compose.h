#pragma once

// Names and helpers shared by the Compose writer and reader.
//
// A round trip through Skyplan keeps a Compose file by value: what Skyplan
// models (services as nodes, depends_on and links as links, published ports
// as links from the internet, the first network as the zone, image and
// deploy.replicas) comes from the model, and everything else is kept as
// Compose wrote it under `compose:` on the node, the link or the topology
// (kKept), and written back unchanged. Kept values are Compose text: `${VAR}`
// stays interpolation. Values of Skyplan's own (properties, labels, the
// x-skyplan sidecar) are literal text and have every `$` doubled.

#include "value.h"

#include <string>
#include <string_view>
#include <vector>

namespace sky {

struct YamlNode;
struct Diagnostic;

namespace compose {

inline constexpr std::string_view kExtension = "x-skyplan";       // topology-level fields
inline constexpr std::string_view kKept = "compose";              // kept by value, on nodes, links, topology
inline constexpr std::string_view kAdded = "compose-added";       // in x-skyplan: what the writer generated
// In what a node keeps (and in its sidecar): which of its networks is its
// zone's, where `networks:` is a map (a map's order is not kept).
inline constexpr std::string_view kZoneNetwork = "x-skyplan-zone";
// Older exports kept nodes in service labels; read, no longer written.
inline constexpr std::string_view kLabelType = "com.skyplan.type";
inline constexpr std::string_view kLabelNode = "com.skyplan.node"; // JSON: nodeValue without replicas
inline constexpr std::string_view kLabelPosition = "com.skyplan.position"; // JSON [x, y]
inline constexpr std::string_view kLabelZone = "com.skyplan.zone"; // on networks: the zone label

// Compose interpolates `$VAR` and `${VAR}` in every value; `$$` is a dollar.
std::string escapeDollars(std::string_view s);
std::string unescapeDollars(std::string_view s);
Value escapeValueDollars(const Value &v);
Value unescapeValueDollars(const Value &v);

// A parsed node as Compose reads it (PyYAML, YAML 1.1): plain scalars typed
// by the 1.1 resolver (`yes` a boolean, `0755` octal, `22:22` sexagesimal
// 1342, `1e3` a string), merge keys (`<<: *base`) applied. Text is kept as
// written, `$` and all.
Value yaml11Value(const YamlNode *node);

// The names of a service's `networks:` (a list of names, or a map of name
// -> settings), in order.
std::vector<std::string> networkNames(const Value &networks);

// Why `path` (from a Compose file: include, extends, env_file) would reach
// outside the folder of the file that names it: an absolute path, a `..`
// that climbs out, a URL. Empty when it stays inside.
std::string pathLeavesFolder(std::string_view path);

// The image a node drawn in Skyplan runs when it names none: a real, pinned
// image of its type and engine (`engine:version` when a version is set), or
// `skyplan/<type>:latest` for appliances with no public image.
std::string defaultImage(const std::string &type, const std::string &engine, const std::string &version);

// Small readers of a kept map, shared by the Compose and Kubernetes
// writers: the member `key` (null when absent), it as a string ("" when
// absent or not one), and whether `s` can name an environment variable.
const Value *field(const ValueMap &m, const std::string &key);
std::string stringField(const ValueMap &m, const std::string &key);
bool isEnvName(const std::string &s);
// The engine an image runs, as the catalog names it ("postgres", "mongodb"),
// empty for an image of no known engine; and the type it suggests.
std::string engineOfImage(const std::string &image);
std::string typeOfImage(const std::string &image);

// How the official image of a data service reads its settings: the
// variables its entrypoint takes (the `_FILE` form for the password, so the
// value stays a secret file), where it keeps its data, and a health check.
// The properties it consumes do not become variables of their own; the rest
// (port, storage size, retention, …) have no variable in these images and
// stay in x-skyplan.
// Shared by the Compose and Kubernetes writers.
struct ImageProfile
{
    std::string_view type, engine;
    std::string_view dbVar, userVar, passwordFileVar;
    std::string_view extraVar, extraValue; // a root password the image makes up itself
    std::string_view dataDir;
    std::vector<std::string_view> health;
};

const ImageProfile *imageProfile(const std::string &type, const std::string &engine);

} // namespace compose
} // namespace sky
