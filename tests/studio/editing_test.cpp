// The designer window's editing and navigation, driven through its real
// menus, keys and docks: cut, select all, the history, the status bar, Open
// Recent, the close prompt, problem badges and clicks, the context menu,
// Find and the Window menu.
#include "studiotest.h"

#include "canvasscene.h"
#include "canvasview.h"
#include "clipboard.h"
#include "descriptor.h"
#include "nodeitem.h"
#include "problemswidget.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>
#include <QUndoView>

#include <gtest/gtest.h>

#include <algorithm>

using namespace sky;
using namespace sky::test;

namespace {

QAction *action(const MainWindow *w, const char *name)
{
    return w->findChild<QAction *>(QLatin1String(name));
}

QStringList texts(const QMenu *menu)
{
    QStringList list;
    for (const QAction *a : menu->actions())
        if (!a->isSeparator())
            list << (a->menu() ? a->menu()->title() : a->text()).remove(u'&');
    return list;
}

// A window on a copy of the webshop.
struct Shop : Window
{
    Shop()
    {
        path = copyExample(dir);
        EXPECT_TRUE(window->openFile(path));
        view = window->findChild<CanvasView *>();
        scene = view->canvasScene();
        QApplication::processEvents();
    }
    const Topology &topology() const { return window->document()->topology(); }
    QPoint on(const std::string &node) const
    {
        const NodeItem *item = scene->nodeItem(node);
        return view->mapFromScene(item->pos() + QPointF(NodeItem::kWidth / 2, NodeItem::kHeight / 2));
    }
    void rightClick(QPoint at) const
    {
        QContextMenuEvent event(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &event);
    }
    QLabel *statusLabel(const QString &holding) const
    {
        for (QLabel *l : window->statusBar()->findChildren<QLabel *>())
            if (l->text().contains(holding))
                return l;
        return nullptr;
    }

    QTemporaryDir dir;
    QString path;
    CanvasView *view = nullptr;
    CanvasScene *scene = nullptr;
};

} // namespace

TEST(Editing, CutTakesTheSelectionToTheClipboardAndPasteBringsItBack)
{
    Shop s;
    const std::size_t nodes = s.topology().nodes.size();
    s.scene->selectOnly({"cache", "db"}, {});
    action(s.window, "cut")->trigger();
    EXPECT_EQ(s.topology().nodes.size(), nodes - 2);
    EXPECT_EQ(s.topology().node("db"), nullptr);
    const auto fragment = fragmentFromText(QApplication::clipboard()->text().toStdString());
    ASSERT_TRUE(fragment);
    EXPECT_EQ(fragment->nodes.size(), 2u);
    EXPECT_NE(fragment->node("db"), nullptr);
    EXPECT_NE(fragment->node("cache"), nullptr);
    EXPECT_EQ(s.window->document()->undoStack()->count(), 1); // one step
    action(s.window, "paste")->trigger();
    EXPECT_EQ(s.topology().nodes.size(), nodes);
    EXPECT_EQ(s.topology().node("db")->type, "database");
    EXPECT_EQ(s.scene->selectedNodeIds(), (std::vector<std::string>{"cache", "db"}));
}

TEST(Editing, SelectAllByKeySelectsEveryNode)
{
    Shop s;
    s.view->setFocus();
    QTest::keyClick(s.view, Qt::Key_A, Qt::ControlModifier);
    EXPECT_EQ(s.scene->selectedNodeIds().size(), s.topology().nodes.size());
}

TEST(Editing, TheHistoryListsEveryStepAndAClickOnOneGoesBackToIt)
{
    Shop s;
    const Topology opened = s.topology();
    s.scene->selectOnly({"dns"}, {});
    QTest::keyClick(s.view, Qt::Key_Delete);
    const Topology afterDelete = s.topology();
    ASSERT_TRUE(s.window->document()->rename("cache", "sessions"));
    auto *history = s.window->findChild<QUndoView *>();
    ASSERT_NE(history, nullptr);
    history->parentWidget()->show();
    ASSERT_EQ(history->model()->rowCount(), 3); // <opened>, the delete, the rename
    EXPECT_EQ(history->model()->index(1, 0).data().toString(), QStringLiteral("Delete 1 node"));
    EXPECT_TRUE(history->model()->index(2, 0).data().toString().contains(QStringLiteral("sessions")));
    const QRect row = history->visualRect(history->model()->index(1, 0));
    ASSERT_FALSE(row.isEmpty());
    QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, row.center());
    EXPECT_EQ(s.window->document()->undoStack()->index(), 1);
    EXPECT_EQ(s.topology(), afterDelete);
    const QRect first = history->visualRect(history->model()->index(0, 0));
    QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, first.center());
    EXPECT_EQ(s.topology(), opened);
}

TEST(Editing, TheStatusBarCountsAndSumsWhatTheTopologyHolds)
{
    Shop s;
    const Topology &t = s.topology();
    QLabel *sums = s.statusLabel(QStringLiteral("nodes ·"));
    ASSERT_NE(sums, nullptr);
    EXPECT_TRUE(sums->text().startsWith(QStringLiteral("%1 nodes · %2 links · %3 zones · ")
                                            .arg(t.nodes.size())
                                            .arg(t.links.size())
                                            .arg(t.zones.size())))
        << sums->text().toStdString();
    const auto vcpu = [&] {
        const QString text = sums->text();
        const auto parts = text.split(QStringLiteral(" · "));
        EXPECT_EQ(parts.size(), 6);
        return parts.value(3).section(u' ', 0, 0).toDouble();
    };
    // Three more replicas of a node of 2 cores: 6 cores more.
    ASSERT_TRUE(t.node("app"));
    Resources r = t.node("app")->resources;
    r.cpu = 2;
    s.window->document()->setResources("app", r);
    const double before = vcpu();
    const int replicas = t.node("app")->replicas;
    s.window->document()->setReplicas("app", replicas + 3);
    EXPECT_DOUBLE_EQ(vcpu(), before + 6);
    s.window->document()->remove({"dns"}, {});
    EXPECT_TRUE(sums->text().startsWith(QStringLiteral("%1 nodes").arg(t.nodes.size())));
}

// Deleting a zone that a policy names says so in the status bar: the
// policy keeps the name (its members moved out; the user decides), and the
// problems list reports it.
TEST(Editing, DeletingAZoneThatAPolicyNamesSaysSoInTheStatusBar)
{
    Shop s;
    Topology t = s.topology();
    ASSERT_TRUE(t.zone("data") && t.zone("app"));
    t.policies["data-from-app"] = {"data-from-app", "segmentation",
                                   {{"zone", "data"}, {"allow-from", ValueList{"app"}}}};
    s.window->document()->reset(t, s.path);
    QApplication::processEvents();
    auto *problems = s.window->findChild<ProblemsWidget *>();
    ASSERT_NE(problems, nullptr);
    s.scene->selectZone("data");
    QTest::keyClick(s.view, Qt::Key_Delete);
    ASSERT_EQ(s.topology().zone("data"), nullptr);
    // The check runs in the background: until it has seen this topology.
    const auto *summary = problems->findChild<QLabel *>(QStringLiteral("summary"));
    ASSERT_NE(summary, nullptr);
    const QString expected = QStringLiteral("1 error, 0 warnings, 0 notes"); // one SP-POLICY; "error", not "errors"
    EXPECT_TRUE(waitFor([&] { return summary->text() == expected; })) << summary->text().toStdString();
    ASSERT_EQ(problems->diagnostics().size(), 1u);
    EXPECT_EQ(problems->diagnostics()[0].rule, "SP-POLICY");
    EXPECT_EQ(s.window->statusBar()->currentMessage(),
              QStringLiteral("Deleted zone data. Policy data-from-app still names it: change the policy or bring "
                             "the zone back."));
    EXPECT_EQ(s.topology().policies.at("data-from-app"), t.policies.at("data-from-app"));
    s.window->document()->undoStack()->undo();
    EXPECT_EQ(s.topology(), t);
}

TEST(Editing, OpenRecentListsWhatWasOpenedAndOpensIt)
{
    QSettings().remove(QStringLiteral("files/recent"));
    QTemporaryDir dir;
    const QString path = copyExample(dir, "wordpress-ha.sky.yaml", "blog.sky.yaml");
    {
        Window first;
        ASSERT_TRUE(first.window->openFile(path));
    }
    Window w;
    auto *recent = w.window->findChild<QMenu *>(QStringLiteral("recentMenu"));
    ASSERT_NE(recent, nullptr);
    emit recent->aboutToShow();
    QAction *entry = nullptr;
    for (QAction *a : recent->actions())
        if (a->text() == QStringLiteral("blog.sky.yaml"))
            entry = a;
    ASSERT_NE(entry, nullptr) << texts(recent).join(u',').toStdString();
    EXPECT_EQ(entry->toolTip(), path);
    entry->trigger(); // an empty window opens it in place
    EXPECT_EQ(w.window->document()->filePath(), path);
    EXPECT_FALSE(w.window->document()->topology().nodes.empty());
}

TEST(Editing, ClosingUnsavedWorkAsksAndCancelKeepsTheWindowAndItsWork)
{
    Shop s;
    s.window->document()->remove({"dns"}, {});
    QString question;
    answerNextMessageBox(QMessageBox::Cancel, &question);
    EXPECT_FALSE(s.window->close());
    EXPECT_TRUE(question.contains(QStringLiteral("shop.sky.yaml has changes that are not saved"))) << question.toStdString();
    EXPECT_TRUE(s.window->isVisible());
    EXPECT_EQ(s.topology().node("dns"), nullptr);

    // Save from the prompt: the file gets the work, the window closes.
    s.window->setAttribute(Qt::WA_DeleteOnClose, false);
    answerNextMessageBox(QMessageBox::Save);
    EXPECT_TRUE(s.window->close());
    ReadResult saved = readDescriptorFile(s.path.toStdString());
    ASSERT_TRUE(saved.readable);
    EXPECT_EQ(saved.topology.node("dns"), nullptr);
    EXPECT_EQ(saved.topology.nodes.size(), s.topology().nodes.size());
}

TEST(Editing, AProblemIsBadgedOnItsNodeAndAClickOnItSelectsAndCentresIt)
{
    Shop s;
    auto *problems = s.window->findChild<ProblemsWidget *>();
    ASSERT_NE(problems, nullptr);
    QSignalSpy checked(problems, &ProblemsWidget::diagnosticsChanged);
    // A worker with no image: a required property is missing, an error.
    const std::string id = s.window->document()->addNode("worker", QPointF(2400, 1400));
    ASSERT_TRUE(checked.wait(10000));
    const NodeItem *item = s.scene->nodeItem(id);
    ASSERT_NE(item, nullptr);
    EXPECT_GT(item->problemCount(), 0);
    EXPECT_EQ(item->problemSeverity(), 0); // an error
    // The badge is drawn: the node looks different with it than without.
    const auto picture = [&] {
        QImage image(240, 160, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter p(&image);
        s.scene->render(&p, QRectF(), item->sceneBoundingRect().adjusted(-10, -10, 10, 10));
        return image;
    };
    const QImage badged = picture();
    const_cast<NodeItem *>(item)->setProblems(0, 0);
    EXPECT_NE(picture(), badged);

    // A click on its row in the Problems dock selects it and brings it into view.
    s.view->centerOn(0, 0);
    const auto &found = problems->diagnostics();
    const auto it = std::find_if(found.begin(), found.end(), [&](const Diagnostic &d) {
        return std::find(d.subjects.begin(), d.subjects.end(), id) != d.subjects.end();
    });
    ASSERT_NE(it, found.end());
    problems->window()->show();
    problems->parentWidget()->show();
    QTreeWidgetItem *row = problems->tree()->topLevelItem(int(it - found.begin()));
    problems->tree()->scrollToItem(row);
    const QRect rect = problems->tree()->visualItemRect(row);
    ASSERT_FALSE(rect.isEmpty());
    QTest::mouseClick(problems->tree()->viewport(), Qt::LeftButton, {}, rect.center());
    EXPECT_EQ(s.scene->selectedNodeIds(), std::vector<std::string>{id});
    const QPointF centre = s.view->mapToScene(s.view->viewport()->rect().center());
    EXPECT_TRUE(item->sceneBoundingRect().adjusted(-40, -40, 40, 40).contains(centre))
        << "view centre " << centre.x() << "," << centre.y();
}

TEST(Editing, TheContextMenuOffersWhatFitsWhatIsUnderTheMouse)
{
    Shop s;
    // A node: it is selected, and the menu edits it.
    s.rightClick(s.on("web"));
    EXPECT_EQ(s.scene->selectedNodeIds(), std::vector<std::string>{"web"});
    auto *popup = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    ASSERT_NE(popup, nullptr) << "no menu popped up";
    const QStringList onNode = texts(popup);
    for (const char *expected : {"Cut", "Copy", "Duplicate", "Rename", "Delete", "Group into Zone…", "Inspect"})
        EXPECT_TRUE(onNode.contains(QString::fromUtf8(expected))) << expected << " missing from " << onNode.join(u',').toStdString();
    // Its Delete deletes the node.
    for (QAction *a : popup->actions())
        if (a->text().remove(u'&') == QStringLiteral("Delete"))
            a->trigger();
    popup->close();
    EXPECT_EQ(s.topology().node("web"), nullptr);

    // A right click inside a selection of several keeps it, and offers Align.
    s.scene->selectOnly({"app", "db"}, {});
    s.rightClick(s.on("db"));
    EXPECT_EQ(s.scene->selectedNodeIds(), (std::vector<std::string>{"app", "db"}));
    popup = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    ASSERT_NE(popup, nullptr);
    EXPECT_TRUE(texts(popup).contains(QStringLiteral("Align"))) << texts(popup).join(u',').toStdString();
    EXPECT_FALSE(texts(popup).contains(QStringLiteral("Rename")));
    popup->close();

    // Empty canvas: nothing selected, and the menu is about the whole.
    const QRectF all = s.scene->contentsRect();
    s.rightClick(s.view->mapFromScene(all.bottomRight() + QPointF(300, 300)));
    EXPECT_TRUE(s.scene->selectedNodeIds().empty());
    popup = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    ASSERT_NE(popup, nullptr);
    for (const char *expected : {"Paste", "Select All", "Auto-Layout", "Fit to Window"})
        EXPECT_TRUE(texts(popup).contains(QString::fromUtf8(expected))) << expected;
    popup->close();

    // A zone's title: the zone.
    s.scene->selectZone("data");
    const QRectF dataArea = s.scene->subjectsRect({"data"});
    s.scene->selectOnly({}, {});
    s.rightClick(s.view->mapFromScene(dataArea.topLeft() + QPointF(40, 12)));
    EXPECT_EQ(s.scene->selectedZone(), "data");
    popup = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    ASSERT_NE(popup, nullptr);
    EXPECT_TRUE(texts(popup).contains(QString::fromUtf8("Rename Zone…"))) << texts(popup).join(u',').toStdString();
    EXPECT_TRUE(texts(popup).contains(QStringLiteral("Delete Zone")));
    popup->close();
}

TEST(Editing, FindSelectsTheMatchesAndEnterGoesFromOneToTheNext)
{
    Shop s;
    QTest::keyClick(s.window, Qt::Key_F, Qt::ControlModifier);
    auto *find = s.window->findChild<QLineEdit *>(QStringLiteral("find"));
    ASSERT_NE(find, nullptr);
    EXPECT_TRUE(find->hasFocus());
    // "se" is in "Session cache", "database", "Orders database"...: by id, label or type.
    std::vector<std::string> expected;
    for (const auto &[id, node] : s.topology().nodes)
        if (QString::fromStdString(id + "\n" + node.label + "\n" + node.type).toLower().contains(QStringLiteral("se")))
            expected.push_back(id);
    ASSERT_GE(expected.size(), 2u);
    QTest::keyClicks(find, QStringLiteral("se"));
    EXPECT_EQ(s.scene->selectedNodeIds(), expected);
    QTest::keyClick(find, Qt::Key_Return);
    EXPECT_EQ(s.scene->selectedNodeIds(), std::vector<std::string>{expected[0]});
    QTest::keyClick(find, Qt::Key_Return);
    EXPECT_EQ(s.scene->selectedNodeIds(), std::vector<std::string>{expected[1]});
    EXPECT_TRUE(s.window->statusBar()->currentMessage().startsWith(QStringLiteral("Match 2 of %1").arg(expected.size())))
        << s.window->statusBar()->currentMessage().toStdString();
    find->clear();
    QTest::keyClicks(find, QStringLiteral("no-such-node"));
    EXPECT_TRUE(s.window->statusBar()->currentMessage().startsWith(QStringLiteral("No node matches")));
    QTest::keyClick(find, Qt::Key_Escape);
    EXPECT_TRUE(s.view->hasFocus());
}

TEST(Editing, TheWindowMenuListsEveryWindowAndBringsOneForward)
{
    Shop s;
    Window other;
    auto *menu = s.window->findChild<QMenu *>(QStringLiteral("windowMenu"));
    ASSERT_NE(menu, nullptr);
    emit menu->aboutToShow();
    QAction *self = nullptr;
    QAction *second = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->text().contains(QStringLiteral("shop.sky.yaml")))
            self = a;
        else if (a->text().contains(QStringLiteral("Untitled")))
            second = a;
    }
    ASSERT_NE(self, nullptr) << texts(menu).join(u',').toStdString();
    ASSERT_NE(second, nullptr) << texts(menu).join(u',').toStdString();
    EXPECT_TRUE(self->isChecked());
    EXPECT_FALSE(second->isChecked());
    other.window->showMinimized();
    second->trigger();
    EXPECT_FALSE(other.window->isMinimized());
}
