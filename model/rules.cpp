#include "checks.h"

#include "checkcontext_p.h"
#include "topology.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace sky {

const std::vector<RuleInfo> &allRules()
{
    static const std::vector<RuleInfo> rules{
        {"SP-YAML", Severity::Error, "Not readable YAML",
         "fix the YAML syntax at the position shown",
         "The file is not well-formed YAML, is over a size, depth or alias limit, is not UTF-8 "
         "text, or holds more than one document. Nothing else is checked until it reads.", false},
        {"SP-YAML-DUPKEY", Severity::Error, "Duplicate key",
         "keep one of the two entries",
         "A mapping names the same key twice. YAML forbids it and readers disagree on which value "
         "wins, so Skyplan reports it instead of choosing silently. Two nodes with the same id are "
         "reported this way too.", false},
        {"SP-VERSION", Severity::Error, "Unsupported format version",
         "upgrade Skyplan, or write 'skyplan: 1'",
         "The descriptor declares a format version this Skyplan does not read. Newer versions are "
         "refused rather than half-read.", false},
        {"SP-FORMAT", Severity::Error, "Malformed field",
         "give the field the kind of value shown in the message",
         "A field of the descriptor has the wrong shape: text where a list belongs, a port that "
         "is not a number, a link without 'from' or 'to'.", false},
        {"SP-UNKNOWN-FIELD", Severity::Warning, "Unknown field",
         "check the spelling; unknown fields are kept and written back",
         "The descriptor holds a field that format version 1 does not define. It is kept and "
         "written back unchanged, so nothing is lost, but no check or export uses it.", true},
        {"SP-REF", Severity::Error, "Dangling reference",
         "declare what is referred to, or fix the name",
         "A link names a node that does not exist, a node names an undeclared zone, a zone an "
         "unknown parent (or itself through its parents), or the layout a node that is gone.", false},
        {"SP-MERGE-CONFLICT", Severity::Error, "Unresolved merge conflict",
         "choose a value for each conflict, then delete the 'merge-conflicts' section",
         "`skyplan merge` could not merge both sides' change to the same field. It kept one value "
         "in place and recorded base, ours and theirs under 'merge-conflicts', so nothing is lost; "
         "the file is not done until someone decides.", false},
        {"SP-DUPLICATE", Severity::Error, "Duplicate link or policy",
         "remove the second copy",
         "The same link (same from and to terminals) or the same policy id appears twice.", false},
        {"SP-IO", Severity::Error, "File not readable", "check the path and permissions",
         "The file could not be opened or read, or is over the size limit.", false},
        {"SP-CATALOG", Severity::Error, "Bad catalog", "fix the catalog file",
         "A catalog file named by the topology is missing or malformed.", false},
        {"SP-TYPE", Severity::Error, "Unknown component type",
         "use a type from 'skyplan catalog', or load a catalog that defines it",
         "A node's type is not in the built-in catalog nor in the catalogs the topology names.", true},
        {"SP-TERMINAL", Severity::Error, "Unknown terminal",
         "use a terminal listed by 'skyplan catalog TYPE'",
         "A link names a terminal its node's type does not have, or names only the node when the "
         "type has no terminal in that direction.", true},
        {"SP-DIRECTION", Severity::Error, "Link against direction",
         "links run from an 'out' terminal (client) to an 'in' terminal (server)",
         "Requests flow from out terminals to in terminals. A link from an in terminal, or to an "
         "out terminal, cannot carry requests the way it is drawn.", true},
        {"SP-PROTOCOL", Severity::Error, "No common protocol",
         "link terminals that share a protocol, or change the link's protocol",
         "The two terminals share no protocol, or the link's protocol is not one both accept.", true},
        {"SP-LINK-LIMIT", Severity::Error, "Too many links on a terminal",
         "remove links or use a terminal that takes more",
         "A terminal takes at most the number of links its type declares (an AppLogic output "
         "connects to exactly one input).", true},
        {"SP-MANDATORY", Severity::Error, "Mandatory terminal not connected",
         "connect the terminal",
         "The type declares this terminal mandatory: the appliance does not work without it "
         "(AppLogic's mandatory outputs).", true},
        {"SP-PROPERTY-UNKNOWN", Severity::Warning, "Unknown property",
         "check the spelling against 'skyplan catalog TYPE'",
         "A node sets a property its type does not declare. It is kept, but nothing uses it.", true},
        {"SP-PROPERTY", Severity::Error, "Invalid property value",
         "give a value of the declared type, within its range",
         "A property's value does not fit its schema: wrong type, outside min/max, not one of "
         "the enum's values, or not matching the pattern.", true},
        {"SP-REQUIRED", Severity::Error, "Required property missing",
         "set the property",
         "The type declares the property required and gives no default.", true},
        {"SP-SECRET-LITERAL", Severity::Error, "Secret given as a literal",
         "write {secret: VARIABLE} and provide the value at deploy time",
         "A property declared secret holds a literal value. Secrets are references to variables "
         "of the deployment environment, never values in a descriptor that goes into git.", true},
        {"SP-SECRET-LIKELY", Severity::Warning, "Literal that looks like a secret",
         "write {secret: VARIABLE}, or rename the property if it is no secret",
         "A property its type does not declare secret is named like one (password, passwd, passphrase, "
         "token, api key, private key, credentials, certificate), or is a map holding such a field, and "
         "holds a literal. Every export writes a reference in its place, never the literal.", true},
        {"SP-RESOURCES", Severity::Error, "Resources out of range",
         "keep cpu, memory and bandwidth within the type's limits",
         "A node asks for more or less cpu, memory or bandwidth than its type allows.", true},
        {"SP-UNREACHABLE", Severity::Error, "Unreachable node",
         "link the node from the path of an entry point, or remove it",
         "No entry point (a type the catalog marks as entry: internet, vpn_gateway) reaches the node "
         "along request flow, from out terminals to in terminals: nothing can ever use it. A node "
         "with no link at all is reported as SP-ISOLATED instead.", true},
        {"SP-EXPOSED-DATA", Severity::Error, "Data tier exposed",
         "put a firewall on every path from the internet to the data tier",
         "A node of the data or storage tier is reachable from an entry point outside the security "
         "tier (the internet) along a path that passes no security-tier node (firewall, VPN gateway). "
         "The message shows one such path.", true},
        {"SP-SPOF", Severity::Warning, "Single point of failure",
         "give the node two or more replicas, or add a peer of the same type with the same clients (on another host)",
         "The loss of one node or link cuts a service off every entry point. A service is a node "
         "other than the internet; it survives while it or a peer doing the same job is reachable "
         "(peers: nodes of the same type with the same clients, each ignoring the other, such as a "
         "database primary and its replica both used by the app). A node with two or more replicas "
         "never fails as a whole, and a link between replicated nodes stands for one connection per "
         "replica. A host (`host:`, TOSCA's HostedOn) takes down everything it hosts, replicas and all, "
         "so a host without replicas fails when something it hosts is lost with a service or it hosts "
         "every peer of a group. Computed on the dominator tree of the request flow.", true},
        {"SP-CYCLE", Severity::Error, "Request cycle",
         "break the loop: requests should flow from the entry points towards the data tier",
         "Requests flow in a loop (strongly connected nodes, or a link from a node to itself). "
         "Deployment tools cannot order such services and a request can circle forever. The message "
         "shows one loop; the subjects are every node of the strongly connected group.", true},
        {"SP-BANDWIDTH", Severity::Error, "Bandwidth bottleneck",
         "raise the bandwidth or replicas of the nodes and links named, or lower the requirement",
         "The topology requires a throughput (requirements: {throughput: 2Gbps}, or per entry point: "
         "{throughput: {internet: 2Gbps}}) and the maximum flow from the entry points to the data "
         "and storage tiers falls short. Nodes carry their bandwidth (or their type's default) times "
         "their replicas, links their own bandwidth or no limit. The message names a minimum cut.", true},
        {"SP-RESIDENCY", Severity::Error, "Data residency",
         "place the node in an allowed region, or cut the links that carry the data there",
         "A data-residency policy (regions: [...], applies-to: {tiers, zones, nodes, types}) "
         "restricts where data may live. A restricted node placed in another region breaks it, and "
         "so does any node in another region that the restricted data can reach along links, either "
         "way. Nodes without a region are not judged.", true},
        {"SP-SEGMENTATION", Severity::Error, "Segmentation breached",
         "route the requests through an allowed zone, or change the policy",
         "A segmentation policy (zone: data, allow-from: [app]) says which zones may send requests "
         "into a zone (nested zones included). A link into the zone from any other zone breaks it; "
         "the message shows the way requests reach that link.", true},
        {"SP-POLICY", Severity::Error, "Malformed policy",
         "fix the policy's fields; kinds: data-residency, segmentation, compliance, platform, provider, spread",
         "A policy has an unknown kind, lacks the fields its kind needs, scopes nothing ('applies-to' with "
         "empty lists), or names a zone or node that is "
         "not there, so it cannot be checked.", true},
        {"SP-BUDGET", Severity::Error, "Over budget",
         "lower resources or replicas, or raise the budget",
         "The cpu, memory or bandwidth of all nodes (their own resources or their type's defaults, "
         "times replicas; the internet excluded) exceed the topology's budget. With provider profiles "
         "loaded, a money budget (budget: {monthly: 12000 USD}) is checked too: the monthly cost of the "
         "placed nodes (as `skyplan cost` computes it) must not exceed it, and a budget in another "
         "currency than the profiles' is reported rather than converted.", true},
        {"SP-PLACEMENT", Severity::Error, "Placed where it may not run",
         "move the node (skyplan place --keep moves only what must move), or change the requirement",
         "With provider profiles loaded (the topology's 'providers:'), every placed node is judged where it "
         "stands: a data-residency, compliance, platform or provider policy that its region or provider "
         "does not meet, a region that is closing or closed (with the date), a size or type the provider "
         "does not offer there, or a provider, region or size the profiles do not hold (the choices are "
         "named). A spread policy whose nodes are all placed in fewer regions or providers than it asks is "
         "reported too. Unplaced nodes are not findings.", true},
        {"SP-PROVIDER", Severity::Error, "Bad provider profile", "fix the provider profile at the position shown",
         "A provider profile named by the topology or the command line is unknown, outside the "
         "topology's folder, or malformed: an unknown field, a price missing or below zero, an offering "
         "priced in a region the profile does not declare, no price source or date.", false},
        {"SP-ISOLATED", Severity::Warning, "Isolated node",
         "link the node or remove it",
         "The node has no link at all.", true},
        {"SP-EMPTY-ZONE", Severity::Warning, "Empty zone",
         "put nodes in the zone or remove it",
         "No node is placed in the zone or in any zone nested in it.", true},
    };
    return rules;
}

namespace {

std::string lowercase(std::string_view text)
{
    std::string s(text);
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

const RuleInfo *findRule(std::string_view id)
{
    const auto &rules = allRules();
    const auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleInfo &r) { return r.id == id; });
    return it == rules.end() ? nullptr : &*it;
}

std::string rulesMarkdown()
{
    std::string s = "# Skyplan rules\n\n"
                    "<!-- Generated by `skyplan rules --markdown`; tests/checks fails when this file drifts. -->\n\n"
                    "Every finding of `skyplan validate` and of the designer's problems view carries one of these "
                    "ids. A topology sets a rule's severity or turns it off in its `rules:` section, for example "
                    "`rules: {SP-SPOF: error, SP-EMPTY-ZONE: off}`; rules marked *fixed* are reader findings and "
                    "cannot be changed.\n\n"
                    "| id | severity | title |\n| --- | --- | --- |\n";
    for (const RuleInfo &r : allRules())
        s += "| [" + std::string(r.id) + "](#" + lowercase(r.id) + ") | " + std::string(severityName(r.severity))
             + (r.configurable ? "" : " (fixed)") + " | " + std::string(r.title) + " |\n";
    for (const RuleInfo &r : allRules())
        s += "\n## " + std::string(r.id) + "\n\n**" + std::string(r.title) + "** — " + std::string(severityName(r.severity))
             + (r.configurable ? "" : ", fixed") + "\n\n" + std::string(r.explanation) + "\n\nFix: "
             + r.hint.str() + ".\n";
    return s;
}

std::vector<Diagnostic> checkTopology(const Topology &topology, const Catalog &catalog,
                                      const SourceMap &sources, const std::string &file,
                                      const ProviderSet *providers)
{
    std::vector<Diagnostic> out;
    detail::TopologyIndex index = detail::indexCheckingSchema(topology, catalog, sources, file, out);
    detail::CheckContext ctx(topology, catalog, sources, file, out);
    static constexpr std::string_view graphRules[] = {"SP-UNREACHABLE", "SP-EXPOSED-DATA", "SP-SPOF", "SP-CYCLE",
                                                      "SP-BANDWIDTH", "SP-RESIDENCY", "SP-SEGMENTATION",
                                                      "SP-POLICY", "SP-BUDGET", "SP-ISOLATED", "SP-EMPTY-ZONE"};
    if (std::any_of(std::begin(graphRules), std::end(graphRules), [&](std::string_view r) { return ctx.enabled(r); })) {
        const detail::GraphView view = detail::buildGraphView(std::move(index));
        detail::checkGraphRules(ctx, view);
        detail::checkSpof(ctx, view);
        detail::checkBandwidth(ctx, view);
        detail::checkPolicies(ctx, view);
        detail::checkInventory(ctx, view);
    }
    if (providers)
        detail::checkPlacement(ctx, *providers);

    // Severity overrides from the topology's `rules:` section.
    if (!topology.rules.empty()) {
        std::vector<Diagnostic> kept;
        kept.reserve(out.size());
        for (Diagnostic &d : out) {
            const auto it = topology.rules.find(d.rule);
            const RuleInfo *info = it != topology.rules.end() ? findRule(d.rule) : nullptr;
            if (info && info->configurable) {
                if (it->second == "off")
                    continue;
                d.severity = it->second == "error" ? Severity::Error
                             : it->second == "warning" ? Severity::Warning
                                                       : Severity::Info;
            }
            kept.push_back(std::move(d));
        }
        out = std::move(kept);
    }
    sortByLocation(out);
    return out;
}

} // namespace sky
