#include "checks.h"

#include "topology.h"

#include <algorithm>

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
        {"SP-RESOURCES", Severity::Error, "Resources out of range",
         "keep cpu, memory and bandwidth within the type's limits",
         "A node asks for more or less cpu, memory or bandwidth than its type allows.", true},
    };
    return rules;
}

const RuleInfo *findRule(std::string_view id)
{
    const auto &rules = allRules();
    const auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleInfo &r) { return r.id == id; });
    return it == rules.end() ? nullptr : &*it;
}

std::vector<Diagnostic> checkTopology(const Topology &topology, const Catalog &catalog,
                                      const SourceMap &sources, const std::string &file)
{
    std::vector<Diagnostic> out;
    checkSchema(topology, catalog, sources, file, out);

    // Severity overrides from the topology's `rules:` section.
    std::vector<Diagnostic> kept;
    kept.reserve(out.size());
    for (Diagnostic &d : out) {
        const auto it = topology.rules.find(d.rule);
        const RuleInfo *info = findRule(d.rule);
        if (it != topology.rules.end() && info && info->configurable) {
            if (it->second == "off")
                continue;
            d.severity = it->second == "error" ? Severity::Error
                         : it->second == "warning" ? Severity::Warning
                                                   : Severity::Info;
        }
        kept.push_back(std::move(d));
    }
    sortByLocation(kept);
    return kept;
}

} // namespace sky
