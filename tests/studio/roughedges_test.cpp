// Rough edges a new user hit in the designer's window (issue 24, item 3):
// keys, the history's words, the status bar, git's messages, the theme.
#include "canvasscene.h"
#include "checks.h"
#include "canvasview.h"
#include "nodeitem.h"
#include "studiotest.h"

#include <QTableWidget>
#include <QTextBrowser>
#include <QDialog>
#include <QMenu>
#include <QMap>
#include <QAction>
#include <QFile>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTest>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace sky;
using namespace sky::test;

namespace {

struct Shop : Window
{
    Shop()
    {
        path = copyExample(dir);
        EXPECT_TRUE(window->openFile(path));
        view = window->findChild<CanvasView *>();
        QApplication::processEvents();
    }
    const Topology &topology() const { return window->document()->topology(); }
    QString counts() const
    {
        for (QLabel *l : window->statusBar()->findChildren<QLabel *>())
            if (l->text().contains(QLatin1String("vCPU")))
                return l->text();
        return {};
    }
    QTemporaryDir dir;
    QString path;
    CanvasView *view = nullptr;
};

// Relative luminance (WCAG) and the contrast of two colours.
double luminance(const QColor &c)
{
    const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

TEST(RoughEdges, CtrlYRedoesAsCtrlShiftZDoes)
{
    Shop s;
    const Topology opened = s.topology();
    ASSERT_TRUE(s.window->document()->rename("cache", "sessions"));
    const Topology renamed = s.topology();
    s.window->document()->undoStack()->undo();
    ASSERT_EQ(s.topology(), opened);
    s.view->setFocus();
    QTest::keyClick(s.view, Qt::Key_Y, Qt::ControlModifier);
    EXPECT_EQ(s.topology(), renamed) << "Ctrl+Y did not redo";
    s.window->document()->undoStack()->undo();
    QTest::keyClick(s.view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    EXPECT_EQ(s.topology(), renamed) << "Ctrl+Shift+Z did not redo";
}

TEST(RoughEdges, TheHistoryNamesADuplicateADuplicate)
{
    Shop s;
    s.view->canvasScene()->selectOnly({"db"}, {});
    auto *duplicate = s.window->findChild<QAction *>(QStringLiteral("duplicate"));
    ASSERT_NE(duplicate, nullptr);
    const std::size_t nodes = s.topology().nodes.size();
    duplicate->trigger();
    EXPECT_EQ(s.topology().nodes.size(), nodes + 1);
    EXPECT_EQ(s.window->document()->undoStack()->undoText(), QStringLiteral("Duplicate 1 node"));
}

TEST(RoughEdges, TheStatusBarWritesPlainFiguresAndSingulars)
{
    Shop s;
    ASSERT_TRUE(s.topology().node("app"));
    Resources r = s.topology().node("app")->resources;
    r.cpu = 2.5;
    s.window->document()->setResources("app", r);
    s.window->document()->setReplicas("app", 10000); // 25,000 vCPU and more
    const QString text = s.counts();
    EXPECT_FALSE(text.contains(QLatin1String("e+"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QRegularExpression(QStringLiteral(" \\d\\d,\\d{3} vCPU")))) << text.toStdString();

    Topology one;
    one.addZone(Zone{"web", "Web", {}, {}, {}});
    Node node{"front", "web_server"};
    node.zone = "web";
    one.addNode(node, Point{0, 0});
    s.window->document()->reset(one);
    EXPECT_TRUE(s.counts().startsWith(QStringLiteral("1 node · 0 links · 1 zone · "))) << s.counts().toStdString();
}

TEST(RoughEdges, CompareWithGitRevisionOutsideARepositorySaysSoPlainly)
{
    Shop s; // a copy in a fresh temporary folder: no repository around it
    QString error;
    EXPECT_EQ(s.window->compareWithGitRevision(QStringLiteral("HEAD"), &error), nullptr);
    EXPECT_FALSE(error.contains(QLatin1String("fatal"))) << error.toStdString();
    EXPECT_TRUE(error.contains(QLatin1String("not in a git repository"))) << error.toStdString();
}

TEST(RoughEdges, TheDarkThemesLinksAreReadable)
{
    const QPalette before = QApplication::palette();
    MainWindow::applyTheme(QStringLiteral("dark"));
    const QPalette dark = QApplication::palette();
    MainWindow::applyTheme(QStringLiteral("light"));
    QApplication::setPalette(before);
    // WCAG AA for normal text: 4.5:1.
    EXPECT_GE(contrast(dark.color(QPalette::Link), dark.color(QPalette::Base)), 4.5);
    EXPECT_GE(contrast(dark.color(QPalette::Link), dark.color(QPalette::Window)), 4.5);
}

// Find on a design fitted small zooms in to the match; a search that finds
// nothing leaves nothing selected.
TEST(RoughEdges, FindZoomsToTheMatchAndNoMatchClearsTheSelection)
{
    Shop s;
    s.window->resize(1024, 700);
    QApplication::processEvents();
    s.view->fitAll();
    QApplication::processEvents();
    ASSERT_LT(s.view->zoom(), 0.8);
    auto *find = s.window->findChild<QLineEdit *>(QStringLiteral("find"));
    ASSERT_NE(find, nullptr);
    find->setFocus();
    QTest::keyClicks(find, QStringLiteral("orders"));
    QTest::keyClick(find, Qt::Key_Return);
    ASSERT_EQ(s.view->canvasScene()->selectedNodeIds(), std::vector<std::string>{"db"});
    EXPECT_GE(s.view->zoom(), 0.8 - 1e-9);
    const QRectF shown = s.view->mapToScene(s.view->viewport()->rect()).boundingRect();
    const auto &at = s.topology().layout.nodes.at("db");
    EXPECT_TRUE(shown.contains(QRectF(at.x, at.y, NodeItem::kWidth, NodeItem::kHeight)));

    find->clear();
    QTest::keyClicks(find, QStringLiteral("no-such-node"));
    EXPECT_TRUE(s.view->canvasScene()->selectedNodeIds().empty());
}

TEST(RoughEdges, ZoomToSelectionFillsTheViewWithTheSelection)
{
    Shop s;
    s.view->resetZoom();
    s.view->canvasScene()->selectOnly({"cache", "db"}, {});
    auto *zoom = s.window->findChild<QAction *>(QStringLiteral("zoomToSelection"));
    ASSERT_NE(zoom, nullptr);
    zoom->trigger();
    const QRectF shown = s.view->mapToScene(s.view->viewport()->rect()).boundingRect();
    for (const char *id : {"cache", "db"}) {
        const auto &at = s.topology().layout.nodes.at(id);
        EXPECT_TRUE(shown.contains(QRectF(at.x, at.y, NodeItem::kWidth, NodeItem::kHeight))) << id;
    }
    EXPECT_GT(s.view->zoom(), 1.0) << "two nodes should be drawn larger than at 100 %";
}

// The export dialog offers the document's name, and choosing another
// format changes the ending of the name typed.
TEST(RoughEdges, TheExportDialogNamesTheFileAfterTheDocumentAndFollowsTheFormat)
{
    Shop s;
    QString offered;
    QString afterSwitch;
    QString switchedTo;
    auto *poll = new QTimer;
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, [&] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        poll->stop();
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        auto *types = dialog->findChild<QComboBox *>(QStringLiteral("fileTypeCombo"));
        if (name && types && types->count() > 1) {
            offered = name->text();
            // As a user picks another format: the dialog shows it and says so.
            dialog->selectNameFilter(types->itemText(1));
            emit dialog->filterSelected(types->itemText(1));
            switchedTo = types->currentText();
            QApplication::processEvents();
            afterSwitch = name->text();
        }
        dialog->reject();
        poll->deleteLater();
    });
    poll->start();
    QAction *exportAction = nullptr;
    for (QAction *a : s.window->findChildren<QAction *>())
        if (a->text() == QStringLiteral("&Export…"))
            exportAction = a;
    ASSERT_NE(exportAction, nullptr);
    exportAction->trigger();
    ASSERT_FALSE(offered.isEmpty()) << "no Qt file dialog with a name field and several formats";
    // The webshop example is named "webshop" in its file.
    EXPECT_TRUE(offered.startsWith(QString::fromStdString(s.topology().name) + u'.')) << offered.toStdString();
    EXPECT_NE(afterSwitch, offered);
    EXPECT_TRUE(afterSwitch.startsWith(QString::fromStdString(s.topology().name) + u'.')) << afterSwitch.toStdString();
    // The new ending is one of the chosen filter's patterns.
    const QString ending = afterSwitch.mid(afterSwitch.indexOf(u'.'));
    EXPECT_TRUE(switchedTo.contains(u'*' + ending)) << switchedTo.toStdString() << " / " << ending.toStdString();
}

TEST(RoughEdges, AnUntitledDesignSavedGetsItsFilesName)
{
    Window w;
    w.window->document()->addNode("web_server", QPointF(0, 0));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("my-shop.sky.yaml"));
    QString error;
    ASSERT_TRUE(w.window->document()->save(path, &error)) << error.toStdString();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    EXPECT_TRUE(text.contains(QRegularExpression(QStringLiteral("(^|\\n)name: my-shop\\n")))) << text.toStdString();
}

// Help → Keyboard Shortcuts lists the window's own actions with their keys
// (so a shortcut added to a menu shows up by itself), and Help → Rules
// Reference is the text `skyplan rules --markdown` prints.
TEST(RoughEdges, HelpListsTheShortcutsAndTheRules)
{
    Window w;
    QAction *shortcuts = w.window->findChild<QAction *>(QStringLiteral("shortcuts"));
    ASSERT_NE(shortcuts, nullptr);
    EXPECT_EQ(shortcuts->shortcut(), QKeySequence(QKeySequence::HelpContents));
    QDialog *dialog = w.window->showShortcuts();
    ASSERT_NE(dialog, nullptr);
    auto *table = dialog->findChild<QTableWidget *>();
    ASSERT_NE(table, nullptr);
    QMap<QString, QString> keys;
    for (int row = 0; row < table->rowCount(); ++row)
        keys[table->item(row, 0)->text()] = table->item(row, 1)->text();
    EXPECT_TRUE(keys.value(QStringLiteral("Edit → Redo")).contains(QKeySequence(Qt::CTRL | Qt::Key_Y).toString(QKeySequence::NativeText)))
        << keys.value(QStringLiteral("Edit → Redo")).toStdString();
    EXPECT_EQ(keys.value(QStringLiteral("View → Zoom to Selection")),
              QKeySequence(Qt::CTRL | Qt::Key_2).toString(QKeySequence::NativeText));
    EXPECT_EQ(keys.value(QStringLiteral("Edit → Rename")), QStringLiteral("F2"));
    // Every action with a shortcut is in it.
    int withKeys = 0;
    for (const QAction *a : w.window->findChildren<QAction *>())
        withKeys += !a->shortcuts().isEmpty() && !a->menu() && a->associatedObjects().size() > 0 &&
                    qobject_cast<QMenu *>(a->associatedObjects().first());
    EXPECT_GE(table->rowCount(), withKeys);
    dialog->close();

    QDialog *rules = w.window->showRulesReference();
    ASSERT_NE(rules, nullptr);
    auto *text = rules->findChild<QTextBrowser *>(QStringLiteral("rulesText"));
    ASSERT_NE(text, nullptr);
    for (const RuleInfo &r : allRules())
        EXPECT_TRUE(text->toPlainText().contains(QString::fromUtf8(r.id.data(), int(r.id.size())))) << r.id;
    EXPECT_TRUE(text->toPlainText().contains(QStringLiteral("Single point of failure")));
    rules->close();
}
