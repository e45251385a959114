#include "comparewindow.h"

#include "canvasscene.h"
#include "canvasview.h"
#include "catalog.h"
#include "changeswidget.h"
#include "diff.h"
#include "document.h"
#include "scenerender.h"

#include <QAction>
#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>

namespace sky {

CompareWindow::CompareWindow(const Topology &before, const Topology &after, const QString &beforeName,
                             const QString &afterName, QWidget *parent)
    : QMainWindow(parent)
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Compare %1 → %2 — Skyplan Studio").arg(beforeName, afterName));
    Topology placedBefore = before;
    Topology placedAfter = after;
    placeUnplacedNodes(placedBefore);
    placeUnplacedNodes(placedAfter);
    m_comparison = compareTopologies(placedBefore, placedAfter);

    m_document = new Document(this);
    m_document->reset(m_comparison.shown);
    m_scene = new CanvasScene(m_document, this);
    m_scene->setMarks(m_comparison.marks);
    m_view = new CanvasView(m_scene, this);
    m_view->setReadOnly(true);
    setCentralWidget(m_view);

    m_changes = new ChangesWidget(this);
    const SecretPolicy secrets({&m_document->catalog(), &Catalog::builtin()});
    m_changes->setComparison(m_comparison, secrets);
    auto *dock = new QDockWidget(tr("Changes"), this);
    dock->setObjectName(QStringLiteral("changes"));
    dock->setWidget(m_changes);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    resizeDocks({dock}, {420}, Qt::Horizontal);
    connect(m_changes, &ChangesWidget::subjectsActivated, m_view, &CanvasView::selectAndCentre);

    QMenu *compare = menuBar()->addMenu(tr("&Compare"));
    QAction *next = compare->addAction(tr("&Next Change"), m_changes, &ChangesWidget::next);
    next->setShortcut(QKeySequence(Qt::Key_F8));
    QAction *previous = compare->addAction(tr("&Previous Change"), m_changes, &ChangesWidget::previous);
    previous->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F8));
    compare->addSeparator();
    QAction *fit = compare->addAction(tr("&Fit to Window"), m_view, &CanvasView::fitAll);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    compare->addAction(tr("Zoom &In"), m_view, &CanvasView::zoomIn)->setShortcut(QKeySequence::ZoomIn);
    compare->addAction(tr("Zoom &Out"), m_view, &CanvasView::zoomOut)->setShortcut(QKeySequence::ZoomOut);
    compare->addSeparator();
    compare->addAction(tr("&Close"), this, &QWidget::close)->setShortcut(QKeySequence::Close);
    QToolBar *tools = addToolBar(tr("Compare"));
    tools->setObjectName(QStringLiteral("compareToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(previous);
    tools->addAction(next);
    tools->addAction(fit);

    const int changes = int(m_comparison.diff.changes.size());
    statusBar()->showMessage(changes == 0 && m_comparison.diff.moves.empty()
                                 ? tr("No differences.")
                                 : tr("%n change(s)", nullptr, changes)
                                       + tr(", %n move(s). F8: next change.", nullptr,
                                            int(m_comparison.diff.moves.size())));
    resize(1400, 860);
    m_view->fitAllWhenShown();
}

CompareWindow::~CompareWindow()
{
    // The views hold the document: they go first.
    delete m_view;
    delete m_changes;
    delete m_scene;
}

} // namespace sky
