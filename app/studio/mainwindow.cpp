#include "mainwindow.h"

#include "autolayout.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "inspectorwidget.h"
#include "overviewwidget.h"
#include "palettewidget.h"
#include "problemswidget.h"
#include "quantity.h"
#include "recovery.h"

#include <QAction>
#include <QActionGroup>
#include <QGraphicsScene>
#include <QStyle>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileSystemWatcher>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QDateTime>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QUndoView>

#include <algorithm>
#include <cmath>

namespace sky {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new Document(this))
    , m_scene(new CanvasScene(m_document, this))
    , m_view(new CanvasView(m_scene, this))
    , m_layout(new AutoLayout(this))
    , m_recovery(std::make_unique<RecoveryStore>())
    , m_autosaveTimer(new QTimer(this))
    , m_watcher(new QFileSystemWatcher(this))
    , m_countsLabel(new QLabel(this))
    , m_problemsLabel(new QLabel(this))
    , m_zoomLabel(new QLabel(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    setCentralWidget(m_view);
    setDockOptions(AnimatedDocks | AllowTabbedDocks);
    createDocks();
    createPolicyDocks();
    createActions();
    statusBar()->addPermanentWidget(m_problemsLabel);
    statusBar()->addPermanentWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);

    connect(m_document, &Document::changed, this, [this](const TopologyChange &change) {
        if (change.meaningChanged() || !change.nodesMoved.empty())
            m_autosaveDirty = true;
        updateStatus();
    });
    connect(m_document, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::notice, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10000); });
    connect(m_document, &Document::filePathChanged, this, [this] {
        updateTitle();
        watchFile();
    });
    connect(m_view, &CanvasView::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_view, &CanvasView::zoomChanged, this,
            [this](qreal zoom) { m_zoomLabel->setText(tr("%1%").arg(qRound(zoom * 100))); });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &MainWindow::onFileChangedOnDisk);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &MainWindow::onFileChangedOnDisk);
    connect(m_layout, &AutoLayout::finished, this, [this](const std::map<std::string, Point> &positions,
                                                          const QString &method) {
        if (m_layoutProgress)
            m_layoutProgress->reset();
        // Placing the result over edits made while it ran (a node moved,
        // added or opened from another file) would undo them unasked.
        const bool changed = m_document->revision() != m_layoutRevision;
        if (changed) {
            statusBar()->showMessage(tr("Auto-layout dropped: the topology changed while it ran. Run it again to lay out the new one."), 8000);
            return;
        }
        m_document->applyLayout(positions, tr("Auto-layout"));
        m_view->fitAll();
        statusBar()->showMessage(tr("Laid out %n node(s) with %1.", nullptr, int(positions.size())).arg(method), 5000);
    });
    connect(m_layout, &AutoLayout::failed, this, [this](const QString &message) {
        if (m_layoutProgress)
            m_layoutProgress->reset();
        QMessageBox::warning(this, tr("Auto-layout"), message);
    });

    const int interval = qEnvironmentVariableIntValue("SKYPLAN_AUTOSAVE_MS");
    m_autosaveTimer->setInterval(interval > 0 ? interval : 30000);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    m_autosaveTimer->start();

    readSettings();
    updateTitle();
    updateStatus();
    m_zoomLabel->setText(tr("%1%").arg(qRound(m_view->zoom() * 100)));
}

MainWindow::~MainWindow()
{
    m_layout->cancel();
    // Children go in the order they were made, the document first; the
    // views that follow it must go before it does.
    qDeleteAll(findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly));
    delete m_view;
    delete m_scene;
}

MainWindow *MainWindow::openInNewWindow(const QString &path)
{
    auto *window = new MainWindow;
    window->show();
    if (!path.isEmpty() && !window->openFile(path)) {
        window->close();
        return nullptr;
    }
    return window;
}

void MainWindow::createDocks()
{
    const auto dock = [this](const QString &title, const QString &name, QWidget *widget, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    m_palette = new PaletteWidget(this);
    m_palette->setCatalog(m_document->catalog());
    connect(m_palette, &PaletteWidget::placeRequested, this,
            [this](const QString &type) { m_view->placeTypeAtCenter(toStd(type)); });
    dock(tr("Palette"), QStringLiteral("palette"), m_palette, Qt::LeftDockWidgetArea);

    m_inspector = new InspectorWidget(m_document, m_scene, this);
    QDockWidget *inspector = dock(tr("Inspector"), QStringLiteral("inspector"), m_inspector, Qt::RightDockWidgetArea);
    auto *overview = new OverviewWidget(m_view, this);
    QDockWidget *overviewDock = dock(tr("Overview"), QStringLiteral("overview"), overview, Qt::RightDockWidgetArea);
    splitDockWidget(inspector, overviewDock, Qt::Vertical);
    m_history = new QUndoView(m_document->undoStack(), this);
    m_history->setEmptyLabel(tr("<opened>"));
    QDockWidget *history = dock(tr("History"), QStringLiteral("history"), m_history, Qt::RightDockWidgetArea);
    tabifyDockWidget(inspector, history);
    inspector->raise();
    resizeDocks({inspector, overviewDock}, {560, 190}, Qt::Vertical);
    resizeDocks({inspector}, {300}, Qt::Horizontal);

    m_problems = new ProblemsWidget(m_document, this);
    QDockWidget *problems = dock(tr("Problems"), QStringLiteral("problems"), m_problems, Qt::BottomDockWidgetArea);
    resizeDocks({problems}, {m_problems->sizeHint().height()}, Qt::Vertical);
    connect(m_problems, &ProblemsWidget::diagnosticsChanged, this,
            [this](const std::vector<Diagnostic> &diagnostics) {
                m_scene->setDiagnostics(diagnostics);
                int errors = 0;
                for (const Diagnostic &d : diagnostics)
                    errors += d.severity == Severity::Error;
                if (diagnostics.empty())
                    m_problemsLabel->setText(tr("No problems"));
                else
                    m_problemsLabel->setText(tr("%n problem(s)", nullptr, int(diagnostics.size()))
                                             + (errors ? tr(" (%n error(s))", nullptr, errors) : QString()));
            });
    connect(m_problems, &ProblemsWidget::subjectsActivated, m_view, &CanvasView::selectAndCentre);
    connect(m_document, &Document::changed, this, [this](const TopologyChange &change) {
        if (change.reset)
            m_palette->setCatalog(m_document->catalog());
    });
}

void MainWindow::createActions()
{
    const auto add = [this](QMenu *menu, const QString &text, auto slot, const QKeySequence &keys = {}) {
        QAction *action = menu->addAction(text);
        action->setShortcut(keys);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    add(file, tr("&New"), &MainWindow::newFile, QKeySequence::New);
    add(file, tr("&Open…"), &MainWindow::open, QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    add(file, tr("&Save"), &MainWindow::save, QKeySequence::Save);
    add(file, tr("Save &As…"), &MainWindow::saveAs, QKeySequence::SaveAs);
    m_revertAction = add(file, tr("Re&vert"), &MainWindow::revert);
    file->addSeparator();
    add(file, tr("&Import…"), &MainWindow::importFile, QKeySequence(Qt::CTRL | Qt::Key_I));
    add(file, tr("&Export…"), &MainWindow::exportFile, QKeySequence(Qt::CTRL | Qt::Key_E));
    add(file, tr("Export &Picture…"), &MainWindow::exportPicture, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addSeparator();
    add(file, tr("Compare &With File…"), &MainWindow::compareWithFile, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    add(file, tr("Compare With &Git Revision…"), &MainWindow::compareWithRevision);
    file->addSeparator();
    add(file, tr("&Close"), &MainWindow::close, QKeySequence::Close);
    add(file, tr("&Quit"), [] { QApplication::closeAllWindows(); }, QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    // Ctrl+Y as well as the platform's Ctrl+Shift+Z: users of other tools press it.
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    if (!redoKeys.contains(QKeySequence(Qt::CTRL | Qt::Key_Y)))
        redoKeys.append(QKeySequence(Qt::CTRL | Qt::Key_Y));
    redo->setShortcuts(redoKeys);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    add(edit, tr("Cu&t"), [this] { m_view->cutSelection(); }, QKeySequence::Cut)->setObjectName(QStringLiteral("cut"));
    add(edit, tr("&Copy"), [this] { m_view->copySelection(); }, QKeySequence::Copy)->setObjectName(QStringLiteral("copy"));
    add(edit, tr("&Paste"), [this] { m_view->pasteClipboard(); }, QKeySequence::Paste)->setObjectName(QStringLiteral("paste"));
    add(edit, tr("D&uplicate"), [this] { m_view->duplicateSelection(); }, QKeySequence(Qt::CTRL | Qt::Key_D))
        ->setObjectName(QStringLiteral("duplicate"));
    add(edit, tr("&Rename"), [this] {
        if (!m_scene->selectedZone().empty())
            editZoneId();
        else if (!m_view->renameSelection())
            statusBar()->showMessage(tr("Select one node to rename it"), 3000);
    }, QKeySequence(Qt::Key_F2))->setObjectName(QStringLiteral("rename"));
    QAction *remove = add(edit, tr("&Delete"), [this] { m_view->deleteSelection(); }, QKeySequence::Delete);
    remove->setObjectName(QStringLiteral("delete"));
    remove->setShortcutContext(Qt::WidgetShortcut); // the canvas handles Delete itself
    edit->addSeparator();
    add(edit, tr("Select &All"), [this] { m_scene->selectAll(); }, QKeySequence::SelectAll)
        ->setObjectName(QStringLiteral("selectAll"));
    add(edit, tr("&Group into Zone…"), &MainWindow::addZoneFromSelection, QKeySequence(Qt::CTRL | Qt::Key_G))
        ->setObjectName(QStringLiteral("group"));
    edit->addSeparator();
    add(edit, tr("&Find…"), &MainWindow::focusFind, QKeySequence::Find);
    add(edit, tr("Find &Next"), [this] { findNodes(true); }, QKeySequence::FindNext);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    // Ctrl+= too: on most keyboards + needs Shift. Bare + and - are the canvas's.
    add(m_viewMenu, tr("Zoom &In"), [this] { m_view->zoomIn(); }, QKeySequence::ZoomIn)
        ->setShortcuts({QKeySequence(QKeySequence::ZoomIn), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    add(m_viewMenu, tr("Zoom &Out"), [this] { m_view->zoomOut(); }, QKeySequence::ZoomOut);
    add(m_viewMenu, tr("&Fit to Window"), [this] { m_view->fitAll(); }, QKeySequence(Qt::CTRL | Qt::Key_0))
        ->setObjectName(QStringLiteral("fit"));
    add(m_viewMenu, tr("&Actual Size (100%)"), [this] { m_view->resetZoom(); }, QKeySequence(Qt::CTRL | Qt::Key_1));
    add(m_viewMenu, tr("Zoom to &Selection"), [this] { m_view->zoomToSelection(); }, QKeySequence(Qt::CTRL | Qt::Key_2))
        ->setObjectName(QStringLiteral("zoomToSelection"));
    m_viewMenu->addSeparator();
    const auto docks = findChildren<QDockWidget *>();
    for (QDockWidget *d : docks)
        m_viewMenu->addAction(d->toggleViewAction());

    m_viewMenu->addSeparator();
    QMenu *theme = m_viewMenu->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(this);
    const QString current = QSettings().value(QStringLiteral("view/theme"), QStringLiteral("system")).toString();
    for (const auto &[key, text] : {std::pair{QStringLiteral("system"), tr("&System")},
                                    std::pair{QStringLiteral("light"), tr("&Light")},
                                    std::pair{QStringLiteral("dark"), tr("&Dark")}}) {
        QAction *a = theme->addAction(text);
        a->setCheckable(true);
        a->setChecked(key == current);
        themes->addAction(a);
        const QString name = key; // clang-14 cannot capture a structured binding
        connect(a, &QAction::triggered, this, [name] {
            QSettings().setValue(QStringLiteral("view/theme"), name);
            applyTheme(name);
        });
    }

    QMenu *arrange = menuBar()->addMenu(tr("&Arrange"));
    add(arrange, tr("&Auto-Layout"), &MainWindow::runAutoLayout, QKeySequence(Qt::CTRL | Qt::Key_L))
        ->setObjectName(QStringLiteral("autoLayout"));
    arrange->addSeparator();
    QMenu *align = arrange->addMenu(tr("A&lign"));
    align->setObjectName(QStringLiteral("align"));
    add(align, tr("&Left Edges"), [this] { alignSelection(Qt::AlignLeft); }, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Left));
    add(align, tr("&Right Edges"), [this] { alignSelection(Qt::AlignRight); }, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Right));
    add(align, tr("&Top Edges"), [this] { alignSelection(Qt::AlignTop); }, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Up));
    add(align, tr("&Bottom Edges"), [this] { alignSelection(Qt::AlignBottom); }, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Down));
    add(align, tr("&Horizontal Centres"), [this] { alignSelection(Qt::AlignHCenter); });
    add(align, tr("&Vertical Centres"), [this] { alignSelection(Qt::AlignVCenter); });
    QMenu *distribute = arrange->addMenu(tr("&Distribute"));
    distribute->setObjectName(QStringLiteral("distribute"));
    add(distribute, tr("&Horizontally"), [this] { distributeSelection(Qt::Horizontal); }, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_H));
    add(distribute, tr("&Vertically"), [this] { distributeSelection(Qt::Vertical); }, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_V));
    arrange->addSeparator();
    add(arrange, tr("&Place…"), &MainWindow::placeDesign)->setObjectName(QStringLiteral("place"));
    add(arrange, tr("Check &Now"), [this] { m_problems->recheckNow(); }, QKeySequence(Qt::Key_F7));

    createWindowMenu();
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    add(help, tr("&Keyboard Shortcuts"), [this] { showShortcuts(); }, QKeySequence::HelpContents)
        ->setObjectName(QStringLiteral("shortcuts"));
    add(help, tr("&Rules Reference"), [this] { showRulesReference(); })->setObjectName(QStringLiteral("rulesReference"));
    help->addSeparator();
    add(help, tr("&About Skyplan Studio"), [this] {
        QMessageBox::about(this, tr("About Skyplan Studio"),
                           tr("<b>Skyplan Studio %1</b><p>Design, check and save virtual datacenter topologies.")
                               .arg(QApplication::applicationVersion()));
    });

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(undo);
    tools->addAction(redo);
    tools->addSeparator();
    for (QAction *a : m_viewMenu->actions().mid(0, 4))
        tools->addAction(a);
    tools->addSeparator();
    tools->addAction(arrange->actions().first());
    createFind(tools);
    connect(m_view, &CanvasView::contextMenuRequested, this, &MainWindow::showContextMenu);
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — Skyplan Studio").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
    setWindowFilePath(m_document->filePath());
    m_revertAction->setEnabled(!m_document->filePath().isEmpty());
}

void MainWindow::updateStatus()
{
    // Summed resources: each node's own figure or its type's default, times its replicas.
    const Topology &t = m_document->topology();
    double cpu = 0;
    double memory = 0;
    double bandwidth = 0;
    for (const auto &[id, node] : t.nodes) {
        const ComponentType *type = m_document->catalog().type(node.type);
        const double r = std::max(1, node.replicas);
        cpu += r * node.resources.cpu.value_or(type ? type->cpu.defaultValue : 0);
        memory += r * double(node.resources.memory.value_or(type ? std::uint64_t(type->memory.defaultValue) : 0));
        bandwidth += r * double(node.resources.bandwidth.value_or(type ? std::uint64_t(type->bandwidth.defaultValue) : 0));
    }
    const auto gib = memory / double(1ull << 30);
    // Plain figures with thousands grouped ("28,600 vCPU", never "2.86e+04"),
    // in English as the rest of the window.
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    const auto figure = [&english](double value, int decimals) {
        QString text = english.toString(value, 'f', decimals);
        if (decimals > 0 && text.contains(u'.')) { // 2.50 -> 2.5, 3.00 -> 3
            while (text.endsWith(u'0'))
                text.chop(1);
            if (text.endsWith(u'.'))
                text.chop(1);
        }
        return text;
    };
    m_countsLabel->setText(tr("%n node(s)", nullptr, int(t.nodes.size())) + QStringLiteral(" · ")
                           + tr("%n link(s)", nullptr, int(t.links.size())) + QStringLiteral(" · ")
                           + tr("%n zone(s)", nullptr, int(t.zones.size())) + QStringLiteral(" · ")
                           + tr("%1 vCPU · %2 GiB · %3 Gbps")
                                 .arg(figure(cpu, cpu < 100 ? 2 : 0), figure(gib, gib < 10 ? 1 : 0),
                                      figure(bandwidth / 1e9, 1)));
}

void MainWindow::runAutoLayout()
{
    if (m_document->topology().nodes.empty())
        return;
    if (!m_layoutProgress) {
        m_layoutProgress = new QProgressDialog(tr("Laying out the topology…"), tr("Cancel"), 0, 0, this);
        m_layoutProgress->setWindowTitle(tr("Auto-layout"));
        m_layoutProgress->setMinimumDuration(400);
        m_layoutProgress->setAutoReset(false);
        m_layoutProgress->setWindowModality(Qt::WindowModal); // no edits under it once shown
        connect(m_layoutProgress, &QProgressDialog::canceled, this, [this] {
            m_layout->cancel();
            statusBar()->showMessage(tr("Auto-layout cancelled."), 4000);
        });
    }
    m_layoutProgress->setValue(0);
    m_layoutRevision = m_document->revision();
    m_layout->start(m_document->topology(), m_document->catalog());
    // Neither dot nor the layered layout can say how far along it is; the
    // dialog says what runs, on how many nodes, for how long so far, and
    // when dot will be stopped.
    if (!m_layoutTick) {
        m_layoutTick = new QTimer(this);
        m_layoutTick->setInterval(500);
        connect(m_layoutTick, &QTimer::timeout, this, &MainWindow::updateLayoutProgress);
    }
    m_layoutStarted = QDateTime::currentMSecsSinceEpoch();
    m_layoutNodes = int(m_document->topology().nodes.size()); // edits while it runs do not change what it lays out
    updateLayoutProgress();
    m_layoutTick->start();
}

void MainWindow::updateLayoutProgress()
{
    if (!m_layoutProgress || !m_layout->isRunning()) {
        if (m_layoutTick)
            m_layoutTick->stop();
        return;
    }
    const qint64 seconds = (QDateTime::currentMSecsSinceEpoch() - m_layoutStarted) / 1000;
    QString text = tr("Laying out %n node(s) with %1…", nullptr, m_layoutNodes).arg(m_layout->method());
    text += QLatin1Char('\n') + tr("%n s so far", nullptr, int(seconds));
    if (m_layout->method() == tr("Graphviz dot"))
        text += tr("; stopped after %1 s").arg(AutoLayout::kTimeoutMs / 1000);
    m_layoutProgress->setLabelText(text);
}

void MainWindow::applyTheme(const QString &theme)
{
    // Light and dark are Fusion palettes; "system" is the platform's own.
    static const QPalette system = QApplication::palette();
    if (theme == QLatin1String("dark")) {
        QPalette p;
        const QColor window(0x2b, 0x2d, 0x31);
        const QColor base(0x1e, 0x1f, 0x22);
        const QColor text(0xe6, 0xe6, 0xe6);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, window);
        p.setColor(QPalette::ToolTipBase, base);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
        p.setColor(QPalette::Button, window);
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5e));
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xf0));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(0x7c, 0xb7, 0xff)); // Qt's default blue is unreadable on dark
        p.setColor(QPalette::LinkVisited, QColor(0xc0, 0x9c, 0xff));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
        QApplication::setPalette(p);
    } else if (theme == QLatin1String("light")) {
        QApplication::setPalette(QApplication::style()->standardPalette());
    } else {
        QApplication::setPalette(system);
    }
    // The canvas paints from the palette: repaint every open scene.
    for (QWidget *w : QApplication::topLevelWidgets())
        w->update();
    for (QGraphicsScene *scene : qApp->findChildren<QGraphicsScene *>())
        scene->update();
}

std::vector<std::pair<std::string, Point>> MainWindow::selectedPositions() const
{
    const auto &layout = m_document->topology().layout.nodes;
    std::vector<std::pair<std::string, Point>> nodes;
    for (const std::string &id : m_scene->selectedNodeIds())
        if (const auto it = layout.find(id); it != layout.end())
            nodes.emplace_back(id, it->second);
    return nodes;
}

// The selected nodes' edges or centres on one line: one undoable step.
void MainWindow::alignSelection(Qt::Alignment edge)
{
    auto nodes = selectedPositions();
    if (nodes.size() < 2) {
        statusBar()->showMessage(tr("Select two or more nodes to align."), 4000);
        return;
    }
    double target = 0;
    const bool horizontal = edge & (Qt::AlignLeft | Qt::AlignRight | Qt::AlignHCenter);
    std::vector<double> values;
    for (const auto &[id, p] : nodes)
        values.push_back(horizontal ? p.x : p.y);
    if (edge == Qt::AlignLeft || edge == Qt::AlignTop)
        target = *std::min_element(values.begin(), values.end());
    else if (edge == Qt::AlignRight || edge == Qt::AlignBottom)
        target = *std::max_element(values.begin(), values.end());
    else
        target = std::round((*std::min_element(values.begin(), values.end())
                             + *std::max_element(values.begin(), values.end())) / 2 / Document::kGrid)
                 * Document::kGrid;
    std::map<std::string, Point> positions;
    for (auto [id, p] : nodes) {
        (horizontal ? p.x : p.y) = target;
        positions[id] = p;
    }
    m_document->moveNodes(positions);
}

// The selected nodes spread evenly between the outermost two.
void MainWindow::distributeSelection(Qt::Orientation orientation)
{
    auto nodes = selectedPositions();
    if (nodes.size() < 3) {
        statusBar()->showMessage(tr("Select three or more nodes to distribute."), 4000);
        return;
    }
    const bool horizontal = orientation == Qt::Horizontal;
    std::sort(nodes.begin(), nodes.end(), [horizontal](const auto &a, const auto &b) {
        return horizontal ? a.second.x < b.second.x : a.second.y < b.second.y;
    });
    const double first = horizontal ? nodes.front().second.x : nodes.front().second.y;
    const double last = horizontal ? nodes.back().second.x : nodes.back().second.y;
    const double step = (last - first) / double(nodes.size() - 1);
    std::map<std::string, Point> positions;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        Point p = nodes[i].second;
        (horizontal ? p.x : p.y) = std::round(first + step * double(i));
        positions[nodes[i].first] = p;
    }
    m_document->moveNodes(positions);
}

void MainWindow::addZoneFromSelection()
{
    const auto nodes = m_scene->selectedNodeIds();
    if (nodes.empty()) {
        statusBar()->showMessage(tr("Select the nodes to group into a zone first."), 4000);
        return;
    }
    bool ok = false;
    const QString label = QInputDialog::getText(this, tr("Group into Zone"), tr("Zone name:"), QLineEdit::Normal,
                                                tr("New zone"), &ok);
    if (ok && !label.trimmed().isEmpty())
        m_document->addZone(toStd(label.trimmed()), nodes);
}

void MainWindow::readSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1480, 900);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    writeSettings();
    m_recovery->discard();
    event->accept();
}

} // namespace sky
