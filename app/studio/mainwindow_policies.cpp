// MainWindow: the Policies and Cost docks, Place…, the region tags' upkeep,
// and the path of a policy finding drawn on the canvas.
#include "mainwindow.h"

#include "canvasscene.h"
#include "canvasview.h"
#include "costpanel.h"
#include "document.h"
#include "highlightoverlay.h"
#include "placedialog.h"
#include "policiespanel.h"
#include "policyscope.h"
#include "problemswidget.h"

#include <QDockWidget>
#include <QLabel>
#include <QStatusBar>
#include <QTreeWidget>

namespace sky {

void MainWindow::createPolicyDocks()
{
    m_highlight = new HighlightOverlay(m_scene);

    m_policies = new PoliciesPanel(m_document, this);
    auto *policies = new QDockWidget(tr("Policies"), this);
    policies->setObjectName(QStringLiteral("policies"));
    policies->setWidget(m_policies);
    addDockWidget(Qt::RightDockWidgetArea, policies);
    if (auto *history = findChild<QDockWidget *>(QStringLiteral("history")))
        tabifyDockWidget(history, policies);
    if (auto *inspector = findChild<QDockWidget *>(QStringLiteral("inspector")))
        inspector->raise();
    connect(m_policies, &PoliciesPanel::scopeChanged, this,
            [this](const std::vector<std::string> &nodes) { m_highlight->setScope(nodes); });
    // The scope is ringed while the Policies dock is in view, not behind a tab.
    connect(policies, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!visible)
            m_highlight->setScope({});
        else if (!m_policies->currentPolicy().empty())
            m_policies->selectPolicy(m_policies->currentPolicy());
    });

    m_cost = new CostPanel(m_document, this);
    auto *cost = new QDockWidget(tr("Cost"), this);
    cost->setObjectName(QStringLiteral("cost"));
    cost->setWidget(m_cost);
    addDockWidget(Qt::BottomDockWidgetArea, cost);
    if (auto *problems = findChild<QDockWidget *>(QStringLiteral("problems"))) {
        tabifyDockWidget(problems, cost);
        problems->raise();
        // Tabbing resets the area's height: give Problems its rows back.
        resizeDocks({problems}, {m_problems->sizeHint().height()}, Qt::Vertical);
    }
    m_costLabel = new QLabel(this);
    m_costLabel->setObjectName(QStringLiteral("costLabel"));
    statusBar()->addPermanentWidget(m_costLabel);
    const auto showTotal = [this](const QString &text) {
        m_costLabel->setText(text.isEmpty() ? QString() : tr("Cost: %1").arg(text));
        m_costLabel->setVisible(!text.isEmpty());
    };
    connect(m_cost, &CostPanel::totalChanged, this, showTotal);
    showTotal(m_cost->totalText());
    connect(m_cost->tree(), &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString id = item->data(0, Qt::UserRole).toString();
        if (!id.isEmpty())
            m_view->selectAndCentre({toStd(id)});
    });

    connect(m_document, &Document::changed, this, [this] {
        if (!m_highlight->scope().empty() || !m_highlight->pathNodes().empty())
            m_highlight->refresh();
    });
    connect(m_problems->tree(), &QTreeWidget::currentItemChanged, this, &MainWindow::showFindingPath);
    connect(m_problems, &ProblemsWidget::diagnosticsChanged, this, [this] { m_highlight->setPath({}, {}); });
}

void MainWindow::showFindingPath()
{
    const QTreeWidgetItem *item = m_problems->tree()->currentItem();
    if (!item) {
        m_highlight->setPath({}, {});
        return;
    }
    // The row's finding: the one whose rule and message the row shows.
    QStringList columns;
    for (int c = 0; c < item->columnCount(); ++c)
        columns << item->text(c);
    const Diagnostic *found = nullptr;
    for (const Diagnostic &d : m_problems->diagnostics()) {
        if (d.rule != "SP-RESIDENCY" && d.rule != "SP-SEGMENTATION")
            continue;
        if (!columns.contains(toQString(d.rule)))
            continue;
        const QString message = toQString(d.message.str());
        if (columns.contains(message) || item->toolTip(0).startsWith(message)) {
            found = &d;
            break;
        }
    }
    if (!found) {
        m_highlight->setPath({}, {});
        return;
    }
    FindingPath path = findingPath(*found, m_document->topology());
    m_highlight->setPath(std::move(path.nodes), std::move(path.links));
}

void MainWindow::placeDesign()
{
    auto *dialog = new PlaceDialog(m_document, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        statusBar()->showMessage(tr("Placed. Undo takes the whole placement back."), 6000);
    });
    dialog->show();
    dialog->start();
}

} // namespace sky
