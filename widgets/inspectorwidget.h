#pragma once

#include "value.h"

#include <QWidget>

#include <functional>
#include <string>
#include <vector>

class QFormLayout;
class QLabel;
class QScrollArea;

namespace sky {

class CanvasScene;
class Document;
struct TopologyChange;

// The selected node's (link's, zone's) fields, with editors that follow the
// catalog schema. Every edit goes through an intent-level Document method,
// so it is one undoable command. The form is rebuilt, deferred, when the
// selection or the inspected object changes.
class InspectorWidget : public QWidget
{
    Q_OBJECT

public:
    InspectorWidget(Document *document, CanvasScene *scene, QWidget *parent = nullptr);

    QWidget *editor(const QString &objectName) const; // for tests and focus

private:
    void scheduleRebuild();
    void rebuild();
    void onChanged(const TopologyChange &change);
    void buildNode(const std::string &id);
    void buildNodes(const std::vector<std::string> &ids);
    void buildLink(const std::string &key);
    // Read-only rows for what an import kept by value (compose:, tosca:, …).
    void addKept(const sky::ValueMap &extra);
    void buildZone(const std::string &id);
    void buildTopology();
    // inspector_placement.cpp: provider and region of a node (with what it
    // inherits from its zone) and of a zone; the topology's requirements,
    // budget and provider profiles.
    void addNodePlacement(const std::string &id);
    void addZonePlacement(const std::string &id);
    void addRequirements();
    QFormLayout *newForm(const QString &title);
    // Shows why an edit was refused; the message outlives rebuilds of the
    // same page until an edit goes through or the selection moves.
    void showError(const QString &message);
    // The id row (a new id is renamed, or refused with why) and the label
    // row, as a node's and a zone's pages both have them.
    using Rename = std::function<bool(const std::string &, const std::string &, QString *)>;
    void addIdAndLabel(QFormLayout *form, const std::string &id, const std::string &label, const Rename &rename,
                       const std::function<void(const std::string &)> &select,
                       const std::function<void(const std::string &, const std::string &)> &setLabel);

    Document *m_document;
    CanvasScene *m_scene;
    QScrollArea *m_scroll;
    QWidget *m_page = nullptr;
    QLabel *m_error = nullptr;
    QString m_carriedError;
    std::vector<std::string> m_nodes;
    std::vector<std::string> m_links;
    std::string m_zone;
    bool m_rebuildPending = false;
};

} // namespace sky
