#pragma once

#include <QWidget>

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
    void buildZone(const std::string &id);
    void buildTopology();
    QFormLayout *newForm(const QString &title);

    Document *m_document;
    CanvasScene *m_scene;
    QScrollArea *m_scroll;
    QWidget *m_page = nullptr;
    QLabel *m_error = nullptr;
    std::vector<std::string> m_nodes;
    std::vector<std::string> m_links;
    std::string m_zone;
    bool m_rebuildPending = false;
};

} // namespace sky
