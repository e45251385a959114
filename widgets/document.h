#pragma once

#include "catalog.h"
#include "diagnostic.h"
#include "provider.h"
#include "topology.h"
#include "topologychange.h"

#include <QObject>
#include <QPointF>
#include <QString>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

class QUndoStack;

namespace sky {

struct TopologyDelta;
class EditCommand;

// One open topology: the value, its file, its catalog and its undo stack.
// Views read topology() and call the intent-level methods below, each of
// which pushes exactly one undoable command (STYLE.md §5).
class Document : public QObject
{
    Q_OBJECT

public:
    static constexpr double kGrid = 20.0;

    explicit Document(QObject *parent = nullptr);
    ~Document() override;

    const Topology &topology() const { return m_topology; }
    const Catalog &catalog() const { return m_catalog; }
    const SourceMap &sources() const { return m_sources; }
    const std::vector<Diagnostic> &readDiagnostics() const { return m_readDiagnostics; }
    QUndoStack *undoStack() const { return m_undoStack; }
    // Counts every change (edit, undo, redo, load, reset): equal revisions
    // mean the same topology, without comparing it.
    quint64 revision() const { return m_revision; }
    QString filePath() const { return m_filePath; }
    QString displayName() const;
    bool isModified() const;
    // Modified until the next save, with no edit: the file behind the
    // document was deleted or moved away, so what is here is unsaved.
    void markModified();

    // Files. Loading and resetting clear the undo history.
    // Nodes the file gives no position (a file written by hand) are laid
    // out beside the others; how many were is placedOnLoad(). That is not an
    // edit: the document is unmodified until the user changes something,
    // and a save writes the positions.
    bool load(const QString &path, QString *error);
    std::size_t placedOnLoad() const { return m_placedOnLoad; }
    void reset(Topology topology, const QString &path = {});
    bool save(const QString &path, QString *error);
    // A recovered topology: it belongs to `path` but differs from the file.
    void resetRecovered(Topology topology, const QString &path);

    // Intent-level edits: each pushes one command (none when nothing changes).
    std::string addNode(const std::string &type, QPointF position, const std::string &zone = {});
    // `what` names the step in the undo history ("Duplicate"); "Paste" by default.
    std::vector<std::string> paste(const Topology &fragment, QPointF offset, const QString &what = {});
    bool connect(const Endpoint &from, const Endpoint &to, QString *why = nullptr);
    void moveNodes(const std::map<std::string, Point> &positions,
                   const std::map<std::string, std::string> &zones = {}, bool nudge = false);
    void applyLayout(const std::map<std::string, Point> &positions, const QString &text);
    // Deletes nodes (with their links) and links. The policies that name a
    // deleted node drop it, in the same step, and a notice says which;
    // PolicyNames::Keep leaves them (a cut, whose paste brings the ids back).
    enum class PolicyNames { Drop, Keep };
    void remove(const std::vector<std::string> &nodes, const std::vector<std::string> &linkKeys,
                PolicyNames names = PolicyNames::Drop);
    bool rename(const std::string &id, const std::string &newId, QString *why = nullptr);
    void setLabel(const std::string &id, const std::string &label);
    void setRegion(const std::string &id, const std::string &region);
    void setReplicas(const std::string &id, int replicas);
    void setZone(const std::vector<std::string> &ids, const std::string &zone);
    void setResources(const std::string &id, const Resources &resources);
    void setProperty(const std::string &id, const std::string &name, std::optional<Value> value);
    void setLinkProtocol(const std::string &key, const std::string &protocol);
    void setLinkPort(const std::string &key, std::optional<int> port);
    std::string addZone(const std::string &label, const std::vector<std::string> &members);
    // A zone's new id: members, child zones and the policies that name it follow.
    bool renameZone(const std::string &id, const std::string &newId, QString *why = nullptr);
    void setZoneLabel(const std::string &id, const std::string &label);
    // Refused (with why) when `parent` is the zone itself or inside it.
    bool setZoneParent(const std::string &id, const std::string &parent, QString *why = nullptr);
    // Deletes a zone; its members and child zones move to its parent. The
    // policies that name it keep the name (see removeNodeFromPolicy), and a
    // notice says which.
    void removeZone(const std::string &id);

    // Policies, placement and the design-wide settings (document_policies.cpp).
    // Adds a policy (`oldId` empty) or replaces policy `oldId` with `policy`,
    // renamed when its id differs. Refused (with why) for an invalid or
    // taken id. One step each; nothing when nothing changes.
    bool setPolicy(const std::string &oldId, const Policy &policy, QString *why = nullptr);
    void removePolicy(const std::string &id);
    std::string uniquePolicyId(const std::string &base) const;
    void setRequirements(const ValueMap &requirements);
    void setBudget(const Resources &budget);
    void setProviders(const std::vector<std::string> &providers);
    void setNodePlacement(const std::string &id, const Placement &placement);
    void setZonePlacement(const std::string &id, const Placement &placement);
    // A placement's result as one step: each node's new placement, and the
    // profiles it used (recorded when the topology names none, as `skyplan
    // place` does).
    void applyPlacements(const std::map<std::string, Placement> &placements,
                         const std::vector<std::string> &providers, const QString &text);
    // The provider profiles the topology names (`providers:`), loaded from
    // beside its file; empty when it names none. Reloaded when they change.
    const ProviderSet &providers() const { return m_providers; }
    const std::vector<Diagnostic> &providerProblems() const { return m_providerProblems; }

    // Why a link from `from` to `to` would break a terminal contract, or an
    // empty string when it may be made. Default terminals are resolved.
    QString linkRefusal(const Endpoint &from, const Endpoint &to) const;
    // What refuses a link from `from` besides protocols, for lighting the
    // targets while a link is dragged (one pass over the links): `from`
    // itself has all the links it takes, or these in terminals (node,
    // terminal) have all theirs or are linked from `from` already.
    struct LinkLimits
    {
        bool sourceFull = false;
        std::set<std::pair<std::string, std::string>> closed;
    };
    LinkLimits linkLimits(const Endpoint &from) const;
    std::optional<Link> findLink(const std::string &key) const;
    std::string uniqueNodeId(const std::string &base) const;

    // For EditCommand only: applies a delta and announces the change.
    void applyDelta(const TopologyDelta &delta, bool forward);

signals:
    void changed(const sky::TopologyChange &change);
    void filePathChanged(const QString &path);
    void modifiedChanged(bool modified);
    // What the user should know of an edit just made, for the status bar.
    void notice(const QString &message);

private:
    void push(const QString &text, TopologyDelta delta, int mergeId = -1);
    // Puts into `delta` each policy that `edit` changes (on a copy), for the
    // edits that rename or delete what the policies name.
    void editPolicies(TopologyDelta &delta, const std::function<bool(Policy &)> &edit) const;
    void reloadCatalog();
    void reloadProviders();

    Topology m_topology;
    Catalog m_catalog;
    SourceMap m_sources;
    std::vector<Diagnostic> m_readDiagnostics;
    std::size_t m_placedOnLoad = 0;
    QString m_filePath;
    QUndoStack *m_undoStack;
    quint64 m_revision = 0;
    ProviderSet m_providers;
    std::vector<Diagnostic> m_providerProblems;
};

// Canonical text ids of a node's terminals and of a link, for the UI.
QString toQString(const std::string &text);
std::string toStd(const QString &text);

} // namespace sky
