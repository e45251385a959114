// Document: policies, placement and the design-wide settings (requirements,
// budget, provider profiles). Each edit is one command, as every other.
#include "document.h"

#include "editcommand.h"
#include "topologydelta.h"

namespace sky {

bool Document::setPolicy(const std::string &oldId, const Policy &policy, QString *why)
{
    const auto fail = [why](const QString &message) {
        if (why)
            *why = message;
        return false;
    };
    if (!isValidId(policy.id))
        return fail(tr("\"%1\" is not a valid policy id: use letters, digits, '_' and '-'.").arg(toQString(policy.id)));
    if (policy.id != oldId && m_topology.policies.count(policy.id))
        return fail(tr("A policy with id %1 already exists.").arg(toQString(policy.id)));
    if (!oldId.empty() && !m_topology.policies.count(oldId))
        return fail(tr("There is no policy %1.").arg(toQString(oldId)));
    TopologyDelta delta;
    if (!oldId.empty() && oldId != policy.id)
        delta.policy(m_topology, oldId).after.reset();
    delta.policy(m_topology, policy.id).after = policy;
    QString text;
    if (oldId.empty())
        text = tr("Add policy %1").arg(toQString(policy.id));
    else if (oldId != policy.id)
        text = tr("Rename policy %1 to %2").arg(toQString(oldId), toQString(policy.id));
    else
        text = tr("Change policy %1").arg(toQString(policy.id));
    push(text, std::move(delta));
    return true;
}

void Document::removePolicy(const std::string &id)
{
    if (!m_topology.policies.count(id))
        return;
    TopologyDelta delta;
    delta.policy(m_topology, id).after.reset();
    push(tr("Delete policy %1").arg(toQString(id)), std::move(delta));
}

std::string Document::uniquePolicyId(const std::string &base) const
{
    const std::string stem = isValidId(base) ? base : std::string("policy");
    if (!m_topology.policies.count(stem))
        return stem;
    for (int i = 2;; ++i) {
        std::string id = stem + '-' + std::to_string(i);
        if (!m_topology.policies.count(id))
            return id;
    }
}

void Document::setRequirements(const ValueMap &requirements)
{
    TopologyDelta delta;
    delta.topologySettings(m_topology).after->requirements = requirements;
    push(tr("Change requirements"), std::move(delta));
}

void Document::setBudget(const Resources &budget)
{
    TopologyDelta delta;
    delta.topologySettings(m_topology).after->budget = budget;
    push(tr("Change budget"), std::move(delta));
}

void Document::setProviders(const std::vector<std::string> &providers)
{
    TopologyDelta delta;
    delta.topologySettings(m_topology).after->providers = providers;
    push(tr("Change provider profiles"), std::move(delta));
}

void Document::setNodePlacement(const std::string &id, const Placement &placement)
{
    if (!m_topology.node(id))
        return;
    TopologyDelta delta;
    delta.node(m_topology, id).after->placement = placement;
    push(tr("Change placement of %1").arg(toQString(id)), std::move(delta));
}

void Document::setZonePlacement(const std::string &id, const Placement &placement)
{
    if (!m_topology.zone(id))
        return;
    TopologyDelta delta;
    delta.zone(m_topology, id).after->placement = placement;
    push(tr("Change placement of zone %1").arg(toQString(id)), std::move(delta));
}

void Document::applyPlacements(const std::map<std::string, Placement> &placements,
                               const std::vector<std::string> &providers, const QString &text)
{
    TopologyDelta delta;
    for (const auto &[id, placement] : placements)
        if (m_topology.node(id))
            delta.node(m_topology, id).after->placement = placement;
    if (m_topology.providers.empty() && !providers.empty())
        delta.topologySettings(m_topology).after->providers = providers;
    push(text, std::move(delta));
}

void Document::reloadProviders()
{
    m_providerProblems.clear();
    m_providers = m_topology.providers.empty()
        ? ProviderSet{}
        : loadProviders(m_topology.providers, toStd(m_filePath), m_providerProblems, &m_sources);
}

} // namespace sky
