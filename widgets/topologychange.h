#pragma once

#include <set>
#include <string>

namespace sky {

// What one edit changed, by id: the single payload of Document::changed.
// Link entries are link keys ("a.out -> b.in").
struct TopologyChange
{
    bool reset = false; // a new topology: everything changed
    std::set<std::string> nodesAdded;
    std::set<std::string> nodesRemoved;
    std::set<std::string> nodesChanged; // fields other than the position
    std::set<std::string> nodesMoved;
    std::set<std::string> linksAdded;
    std::set<std::string> linksRemoved;
    std::set<std::string> linksChanged;
    bool zonesChanged = false; // a zone added, removed or edited
    bool membershipChanged = false; // a node changed zone
    bool policiesChanged = false; // a policy edited (a zone it names was renamed)
    bool settingsChanged = false; // requirements, budget or provider profiles

    bool touchesNode(const std::string &id) const
    {
        return reset || nodesAdded.count(id) || nodesRemoved.count(id) || nodesChanged.count(id)
               || nodesMoved.count(id);
    }
    bool touchesLink(const std::string &key) const
    {
        return reset || linksAdded.count(key) || linksRemoved.count(key) || linksChanged.count(key);
    }
    bool meaningChanged() const // anything a check or an export could see
    {
        return reset || !nodesAdded.empty() || !nodesRemoved.empty() || !nodesChanged.empty()
               || !linksAdded.empty() || !linksRemoved.empty() || !linksChanged.empty()
               || zonesChanged || membershipChanged || policiesChanged || settingsChanged;
    }
};

} // namespace sky
