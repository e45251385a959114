// MainWindow: the canvas's context menu, Find, and the Window menu.
#include "mainwindow.h"

#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "inspectorwidget.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

namespace sky {

namespace {

QString lowered(const std::string &text)
{
    return toQString(text).toLower();
}

} // namespace

QMenu *MainWindow::contextMenu()
{
    auto *menu = new QMenu(this);
    const auto take = [this, menu](const char *name) {
        if (auto *a = findChild<QAction *>(QLatin1String(name)))
            menu->addAction(a);
    };
    const auto nodes = m_scene->selectedNodeIds();
    const auto links = m_scene->selectedLinkKeys();
    const std::string zone = m_scene->selectedZone();
    const auto inspect = [this, menu] {
        menu->addAction(tr("&Inspect"), this, [this] {
            if (auto *dock = findChild<QDockWidget *>(QStringLiteral("inspector"))) {
                dock->show();
                dock->raise();
            }
        });
    };
    if (!nodes.empty()) {
        for (const char *name : {"cut", "copy", "paste", "duplicate"})
            take(name);
        if (nodes.size() == 1 && links.empty())
            take("rename");
        take("delete");
        menu->addSeparator();
        take("group");
        if (nodes.size() > 1) {
            for (const char *name : {"align", "distribute"})
                if (auto *sub = findChild<QMenu *>(QLatin1String(name)))
                    menu->addMenu(sub);
        }
        menu->addSeparator();
        inspect();
    } else if (!links.empty()) {
        take("delete");
        menu->addSeparator();
        inspect();
    } else if (!zone.empty()) {
        menu->addAction(tr("&Rename Zone…"), this, &MainWindow::editZoneId);
        menu->addAction(tr("&Delete Zone"), this, [this] { m_view->deleteSelection(); });
        menu->addSeparator();
        inspect();
    } else {
        take("paste");
        take("selectAll");
        menu->addSeparator();
        take("autoLayout");
        take("fit");
    }
    return menu;
}

void MainWindow::showContextMenu(const QPoint &globalPos)
{
    QMenu *menu = contextMenu();
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPos);
}

void MainWindow::editZoneId()
{
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("inspector"))) {
        dock->show();
        dock->raise();
    }
    // The inspector rebuilds its form deferred: focus it once it has.
    QTimer::singleShot(0, this, [this] {
        if (auto *edit = qobject_cast<QLineEdit *>(m_inspector->editor(QStringLiteral("id")))) {
            edit->setFocus();
            edit->selectAll();
        }
    });
}

void MainWindow::createFind(QToolBar *toolBar)
{
    toolBar->addSeparator();
    m_find = new QLineEdit(toolBar);
    m_find->setObjectName(QStringLiteral("find"));
    m_find->setPlaceholderText(tr("Find node (%1)").arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_find->setClearButtonEnabled(true);
    m_find->setMaximumWidth(260);
    m_find->setToolTip(tr("Selects the nodes whose id, label or type holds the text; Enter goes from one to the next."));
    toolBar->addWidget(m_find);
    connect(m_find, &QLineEdit::textEdited, this, [this] { findNodes(false); });
    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNodes(true); });
    auto *back = new QAction(m_find);
    back->setShortcut(Qt::Key_Escape);
    back->setShortcutContext(Qt::WidgetShortcut);
    connect(back, &QAction::triggered, m_view, [this] { m_view->setFocus(); });
    m_find->addAction(back);
}

void MainWindow::focusFind()
{
    m_find->setFocus(Qt::ShortcutFocusReason);
    m_find->selectAll();
}

void MainWindow::findNodes(bool next)
{
    const QString needle = m_find->text().trimmed().toLower();
    if (needle.isEmpty()) {
        m_findMatches.clear();
        statusBar()->clearMessage();
        return;
    }
    // The matches are looked for again each time: the topology may have changed.
    std::vector<std::string> matches;
    for (const auto &[id, node] : m_document->topology().nodes)
        if (lowered(id).contains(needle) || lowered(node.label).contains(needle) || lowered(node.type).contains(needle))
            matches.push_back(id);
    if (matches.empty()) {
        m_findMatches.clear();
        m_scene->selectOnly({}, {}); // what an earlier search found is no match for this one
        statusBar()->showMessage(tr("No node matches \u201c%1\u201d.").arg(m_find->text().trimmed()), 4000);
        return;
    }
    if (!next || matches != m_findMatches) {
        m_findMatches = std::move(matches);
        m_findIndex = 0;
        if (!next) {
            m_findIndex = std::size_t(-1); // the next Enter goes to the first
            m_view->selectAndCentre(m_findMatches);
            statusBar()->showMessage(tr("%n node(s) match \u201c%1\u201d; Enter goes through them.", nullptr,
                                        int(m_findMatches.size()))
                                         .arg(m_find->text().trimmed()),
                                     4000);
            return;
        }
    } else {
        m_findIndex = (m_findIndex + 1) % m_findMatches.size(); // from "all" (-1) to the first
    }
    const std::string &id = m_findMatches[m_findIndex];
    m_view->selectAndZoomTo({id}); // close enough to read it, on a design fitted small
    statusBar()->showMessage(tr("Match %1 of %2: %3").arg(m_findIndex + 1).arg(m_findMatches.size()).arg(toQString(id)),
                             4000);
}

void MainWindow::createWindowMenu()
{
    m_windowMenu = menuBar()->addMenu(tr("&Window"));
    m_windowMenu->setObjectName(QStringLiteral("windowMenu"));
    connect(m_windowMenu, &QMenu::aboutToShow, this, &MainWindow::fillWindowMenu);
    fillWindowMenu();
}

void MainWindow::fillWindowMenu()
{
    m_windowMenu->clear();
    m_windowMenu->addAction(tr("&Minimize"), QKeySequence(Qt::CTRL | Qt::Key_M), this, &QWidget::showMinimized);
    m_windowMenu->addSeparator();
    int number = 0;
    for (QWidget *w : QApplication::topLevelWidgets()) {
        auto *window = qobject_cast<MainWindow *>(w);
        if (!window || !window->isVisible())
            continue;
        ++number;
        QString title = window->windowTitle();
        title.replace(QStringLiteral("[*]"), window->isWindowModified() ? QStringLiteral("*") : QString());
        QAction *a = m_windowMenu->addAction(number < 10 ? QStringLiteral("&%1 %2").arg(number).arg(title) : title);
        a->setCheckable(true);
        a->setChecked(window == this);
        connect(a, &QAction::triggered, window, [window] {
            window->showNormal();
            window->raise();
            window->activateWindow();
        });
    }
}

} // namespace sky
