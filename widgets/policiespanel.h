#pragma once

#include "topology.h"

#include <QWidget>

#include <string>
#include <vector>

class QFormLayout;
class QLabel;
class QScrollArea;
class QTreeWidget;
class QToolButton;
class QPushButton;

namespace sky {

class Document;
struct TopologyChange;

// Every policy of the topology, and an editor for the one selected that
// follows its kind's fields (docs/RULES.md, docs/PLACEMENT.md): data
// residency, segmentation, compliance, platform, provider, spread; the
// scope (`applies-to`: tiers, zones, nodes, types) as pick lists. Each
// change goes through Document, one undo step each. While a policy is
// selected, the nodes in its scope are announced for the canvas to ring.
class PoliciesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PoliciesPanel(Document *document, QWidget *parent = nullptr);

    // The kinds the editor knows, in menu order.
    static const std::vector<std::string> &kinds();
    QTreeWidget *list() const { return m_list; }
    std::string currentPolicy() const { return m_current; }
    void selectPolicy(const std::string &id);
    // Adds a policy of `kind` with a fresh id and the fields it needs to be
    // checked; selects it. Returns its id.
    std::string addPolicy(const std::string &kind);
    void deleteCurrent();
    QWidget *editor(const QString &objectName) const; // for tests

signals:
    // The nodes in the selected policy's scope (empty: none selected).
    void scopeChanged(const std::vector<std::string> &nodes);

private:
    void onChanged(const TopologyChange &change);
    void scheduleRefresh();
    void refresh();
    void fillList();
    void buildEditor();
    // Replaces the current policy with `edited` (one step), or shows why not.
    void commit(const Policy &edited);
    void showError(const QString &message);
    void addListField(QFormLayout *form, const Policy &p, const std::string &key, const QString &title,
                      const QString &placeholder, const QStringList &suggestions);
    void addScope(const Policy &p);
    void announceScope();

    Document *m_document;
    QTreeWidget *m_list;
    QToolButton *m_add;
    QPushButton *m_delete;
    QScrollArea *m_scroll;
    QWidget *m_page = nullptr;
    QLabel *m_error = nullptr;
    std::string m_current;
    bool m_refreshPending = false;
    bool m_filling = false;
    // The policy the editor shows, and whether the pending refresh follows
    // an edit made in it (then the editor already shows it: kept, so a
    // list keeps its scroll position and the focus stays).
    std::string m_editorPolicy;
    bool m_selfEdit = false;
};

// One line about a policy's fields, for the list: "EU, CH · tiers: data".
QString policySummary(const Policy &policy);

} // namespace sky
