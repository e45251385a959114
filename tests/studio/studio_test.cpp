// The designer's window: import, export, compare with a file or a git
// revision, and a file replaced on disk (also by an atomic rename).
#include "studiotest.h"

#include "autolayout.h"
#include "builtinformats.h"
#include "canvasscene.h"
#include "changeswidget.h"
#include "comparewindow.h"
#include "descriptor.h"
#include "diff.h"
#include "document.h"
#include "format.h"
#include "mainwindow.h"
#include "yamltree.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QFile>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QUndoStack>

#include <functional>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>

using namespace sky;
using namespace sky::test;

namespace {

Topology readNative(const QString &path)
{
    ReadResult r = readDescriptorFile(path.toStdString());
    EXPECT_TRUE(r.readable) << path.toStdString();
    return r.topology;
}

void writeText(const QString &path, const std::string &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.data(), qint64(text.size()));
}

// What another program's atomic save does: a new file renamed over ours.
void replaceByRename(const QString &path, const std::string &text)
{
    const QString temp = path + QStringLiteral(".other-editor.tmp");
    writeText(temp, text);
    ASSERT_EQ(std::rename(temp.toLocal8Bit().constData(), path.toLocal8Bit().constData()), 0);
}

std::string nativeText(const Topology &t)
{
    return writeDescriptor(t);
}

} // namespace

TEST(Studio, ImportOpensAnUntitledModifiedTopology)
{
    QTemporaryDir dir;
    const Topology webshop = readNative(examplePath("webshop.sky.yaml"));
    std::string compose, error;
    ASSERT_TRUE(builtinFormats().find("compose")->write(webshop, Catalog::builtin(), compose, error)) << error;
    const QString path = dir.filePath(QStringLiteral("shop.compose.yaml"));
    writeText(path, compose);

    Window w;
    QString why;
    ASSERT_TRUE(w.window->importFrom(path, &why)) << why.toStdString();
    const Document *doc = w.window->document();
    EXPECT_TRUE(doc->filePath().isEmpty()); // never saved over the Compose file by accident
    EXPECT_TRUE(doc->isModified());
    EXPECT_TRUE(diffTopologies(webshop, doc->topology(), {.layout = false}).sameMeaning());
    for (const auto &[id, node] : doc->topology().nodes)
        EXPECT_TRUE(doc->topology().layout.nodes.count(id)) << id;
}

// A topology written by hand has no layout section: opened, its nodes are
// laid out (not piled on one spot), the window says so, and nothing counts
// as an edit: the document is unmodified, nothing to undo, the file as it
// was, Revert gives the same picture again.
TEST(Studio, OpeningAFileWithoutPositionsLaysItsNodesOut)
{
    QTemporaryDir dir;
    Topology webshop = readNative(examplePath("webshop.sky.yaml"));
    const std::string placedId = webshop.layout.nodes.begin()->first;
    const Point placedAt = webshop.layout.nodes.begin()->second;
    webshop.layout.nodes = {{placedId, placedAt}}; // one node keeps its place
    const QString path = dir.filePath(QStringLiteral("by-hand.sky.yaml"));
    const std::string text = nativeText(webshop);
    writeText(path, text);

    Window w;
    ASSERT_TRUE(w.window->openFile(path));
    const Document *doc = w.window->document();
    const Topology opened = doc->topology();
    std::set<std::pair<double, double>> spots;
    for (const auto &[id, node] : opened.nodes) {
        ASSERT_TRUE(opened.layout.nodes.count(id)) << id;
        spots.insert({opened.layout.nodes.at(id).x, opened.layout.nodes.at(id).y});
    }
    EXPECT_EQ(spots.size(), opened.nodes.size()) << "two nodes share a spot";
    EXPECT_EQ(opened.layout.nodes.at(placedId), placedAt);
    EXPECT_EQ(doc->placedOnLoad(), opened.nodes.size() - 1);
    EXPECT_FALSE(doc->isModified());
    EXPECT_EQ(doc->undoStack()->count(), 0);
    EXPECT_TRUE(w.window->statusBar()->currentMessage().contains(QStringLiteral("had no position")))
        << w.window->statusBar()->currentMessage().toStdString();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll().toStdString(), text);

    ASSERT_TRUE(w.window->openFile(path)); // what Revert does
    EXPECT_EQ(doc->topology(), opened);
    EXPECT_FALSE(doc->isModified());
}

TEST(Studio, ImportOfABrokenFileSaysWhereAndOpensNothing)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.compose.yaml"));
    writeText(path, "services:\n  web: [unclosed\n");
    Window w;
    QString why;
    EXPECT_FALSE(w.window->importFrom(path, &why));
    EXPECT_TRUE(why.contains(QStringLiteral("bad.compose.yaml:"))) << why.toStdString();
    EXPECT_TRUE(w.window->document()->topology().nodes.empty());
}

TEST(Studio, ExportWritesEveryFormatAndReadsBackTheSameTopology)
{
    QTemporaryDir dir;
    Window w;
    ASSERT_TRUE(w.window->openFile(examplePath("webshop.sky.yaml")));
    const Topology &t = w.window->document()->topology();
    for (const char *name : {"tosca", "compose"}) {
        const Format *format = builtinFormats().find(name);
        const QString out = dir.filePath(QStringLiteral("out") + QString::fromStdString(format->extension()));
        QString why;
        ASSERT_TRUE(w.window->exportTo(out, QString::fromLatin1(name), false, &why)) << why.toStdString();
        std::string text, error;
        ASSERT_TRUE(readFile(out.toStdString(), text, error));
        Topology back;
        std::vector<Diagnostic> diagnostics;
        ASSERT_TRUE(format->read(text, out.toStdString(), Catalog::builtin(), back, diagnostics)) << name;
        EXPECT_TRUE(diffTopologies(t, back, {.layout = false}).sameMeaning()) << name;
    }
    for (const char *name : {"adl", "dot"}) {
        const QString out = dir.filePath(QStringLiteral("out.") + QLatin1String(name));
        QString why;
        ASSERT_TRUE(w.window->exportTo(out, QString::fromLatin1(name), false, &why)) << why.toStdString();
        EXPECT_GT(QFileInfo(out).size(), 100) << name;
    }
}

TEST(Studio, ExportOfATopologyWithErrorsIsRefusedUnlessForced)
{
    QTemporaryDir dir;
    Window w;
    ASSERT_TRUE(w.window->openFile(examplePath("webshop.sky.yaml")));
    Document *doc = w.window->document();
    const std::string id = doc->addNode("firewall", QPointF(2000, 2000)); // its mandatory terminals unconnected
    ASSERT_FALSE(id.empty());
    const QString out = dir.filePath(QStringLiteral("out.tosca.yaml"));
    QString why;
    EXPECT_FALSE(w.window->exportTo(out, QStringLiteral("tosca"), false, &why));
    EXPECT_TRUE(why.contains(QStringLiteral("error"))) << why.toStdString();
    EXPECT_FALSE(QFile::exists(out));
    EXPECT_TRUE(w.window->exportTo(out, QStringLiteral("tosca"), true, &why)) << why.toStdString();
    EXPECT_TRUE(QFile::exists(out));
}

TEST(Studio, CompareWithAFileShowsTheChanges)
{
    QTemporaryDir dir;
    const QString path = copyExample(dir);
    const Topology original = readNative(path);

    Window w;
    ASSERT_TRUE(w.window->openFile(path));
    Document *doc = w.window->document();
    const std::string added = doc->addNode("cache", QPointF(3000, 0));
    const std::string removed = original.nodes.rbegin()->first;
    doc->remove({removed}, {});

    QString why;
    auto *compare = qobject_cast<CompareWindow *>(w.window->compareWith(path, &why));
    ASSERT_NE(compare, nullptr) << why.toStdString();
    EXPECT_EQ(compare->comparison().marks.nodes.at(added), Mark::Added);
    EXPECT_EQ(compare->comparison().marks.nodes.at(removed), Mark::Removed);
    EXPECT_NE(compare->scene()->nodeItem(removed), nullptr); // the ghost is drawn
    EXPECT_GE(compare->changes()->changeCount(), 2);
    // The next change selects and centres its subjects on the canvas.
    compare->changes()->next();
    EXPECT_FALSE(compare->scene()->selectedNodeIds().empty() && compare->scene()->selectedLinkKeys().empty());
    // The compare view never edits the document it shows.
    EXPECT_EQ(compare->scene()->document()->undoStack()->count(), 0);
    compare->close();
}

TEST(Studio, CompareWithAGitRevision)
{
    if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
        GTEST_FAIL() << "git is needed (scripts/install-deps.sh installs it)";
    QTemporaryDir dir;
    const QString path = copyExample(dir);
    const auto git = [&dir](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.start(QStringLiteral("git"), QStringList{QStringLiteral("-c"), QStringLiteral("user.name=t"),
                                                   QStringLiteral("-c"), QStringLiteral("user.email=t@t")}
                                           + args);
        p.waitForFinished(20000);
        return p.exitCode() == 0;
    };
    ASSERT_TRUE(git({QStringLiteral("init"), QStringLiteral("-q")}));
    ASSERT_TRUE(git({QStringLiteral("add"), QStringLiteral(".")}));
    ASSERT_TRUE(git({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("first")}));

    Window w;
    ASSERT_TRUE(w.window->openFile(path));
    const std::string added = w.window->document()->addNode("cache", QPointF(3000, 0));
    QString why;
    auto *compare = qobject_cast<CompareWindow *>(w.window->compareWithGitRevision(QStringLiteral("HEAD"), &why));
    ASSERT_NE(compare, nullptr) << why.toStdString();
    EXPECT_EQ(compare->comparison().diff.changes.size(), 1u);
    EXPECT_EQ(compare->comparison().marks.nodes.at(added), Mark::Added);
    compare->close();
    // A revision that does not exist, or an option in disguise, is an error.
    EXPECT_EQ(w.window->compareWithGitRevision(QStringLiteral("no-such-branch"), &why), nullptr);
    EXPECT_FALSE(why.isEmpty());
    EXPECT_EQ(w.window->compareWithGitRevision(QStringLiteral("--output=/tmp/x"), &why), nullptr);
}

TEST(Studio, AFileReplacedByAnAtomicRenameIsNoticedEveryTime)
{
    QTemporaryDir dir;
    const QString path = copyExample(dir);
    Window w;
    ASSERT_TRUE(w.window->openFile(path));
    Topology t = w.window->document()->topology();

    for (int round = 1; round <= 2; ++round) {
        t.name = "renamed-by-someone-else-" + std::to_string(round);
        QString question;
        answerNextMessageBox(QMessageBox::Yes, &question);
        replaceByRename(path, nativeText(t));
        ASSERT_TRUE(waitFor([&] { return w.window->document()->topology().name == t.name; }))
            << "round " << round << ": the replacement was not offered for reload";
        EXPECT_TRUE(question.contains(QStringLiteral("changed by another program"))) << question.toStdString();
        EXPECT_FALSE(w.window->document()->isModified());
    }
}

TEST(Studio, AFileDeletedUnderTheWindowLeavesItsTopologyUnsavedAndSaveWritesItAgain)
{
    QTemporaryDir dir;
    const QString path = copyExample(dir);
    Window w;
    ASSERT_TRUE(w.window->openFile(path));
    const Topology open = w.window->document()->topology();
    ASSERT_FALSE(w.window->document()->isModified());
    ASSERT_TRUE(QFile::remove(path));
    ASSERT_TRUE(waitFor([&] { return w.window->document()->isModified(); })) << "the deletion went unnoticed";
    EXPECT_TRUE(w.window->isWindowModified()); // the title's marker
    EXPECT_TRUE(w.window->statusBar()->currentMessage().contains(QStringLiteral("deleted or moved")))
        << w.window->statusBar()->currentMessage().toStdString();
    EXPECT_EQ(w.window->document()->topology(), open);
    EXPECT_EQ(w.window->document()->undoStack()->count(), 0); // no edit was made

    QAction *save = nullptr;
    for (QAction *a : w.window->findChildren<QAction *>())
        if (a->shortcut() == QKeySequence(QKeySequence::Save))
            save = a;
    ASSERT_NE(save, nullptr);
    save->trigger();
    ASSERT_TRUE(QFileInfo::exists(path));
    EXPECT_EQ(readNative(path), open);
    EXPECT_FALSE(w.window->document()->isModified());
}

TEST(Studio, SavingNeverSilentlyOverwritesSomeoneElsesChange)
{
    QTemporaryDir dir;
    const QString path = copyExample(dir);
    Window w;
    ASSERT_TRUE(w.window->openFile(path));
    w.window->document()->addNode("cache", QPointF(3000, 0));

    Topology theirs = readNative(path);
    theirs.name = "their-change";
    const std::string theirText = nativeText(theirs);
    replaceByRename(path, theirText);
    // Our user declines to reload (keeps their edits)…
    QString question;
    answerNextMessageBox(QMessageBox::No, &question);
    ASSERT_TRUE(waitFor([&] { return !question.isEmpty(); }));
    EXPECT_TRUE(question.contains(QStringLiteral("unsaved changes"))) << question.toStdString();
    // …and a second change arrives before they save: Save asks, Cancel keeps theirs.
    theirs.name = "their-second-change";
    replaceByRename(path, nativeText(theirs));
    QString warning;
    answerNextMessageBox(QMessageBox::Cancel, &warning);
    QAction *save = nullptr;
    for (QAction *a : w.window->findChildren<QAction *>())
        if (a->shortcut() == QKeySequence(QKeySequence::Save))
            save = a;
    ASSERT_NE(save, nullptr);
    save->trigger();
    EXPECT_TRUE(warning.contains(QStringLiteral("changed by another program since you opened it")))
        << warning.toStdString();
    EXPECT_EQ(readNative(path).name, "their-second-change");
    EXPECT_TRUE(w.window->document()->isModified());
}

namespace {

QAction *actionNamed(QWidget *window, const QString &text)
{
    for (QAction *a : window->findChildren<QAction *>())
        if (a->text() == text)
            return a;
    return nullptr;
}

} // namespace

TEST(Studio, AlignAndDistributeAreOneUndoableStepEach)
{
    QTemporaryDir dir;
    Window w;
    ASSERT_TRUE(w.window->openFile(examplePath("webshop.sky.yaml")));
    Document *doc = w.window->document();
    const Topology start = doc->topology();
    auto *scene = w.window->findChild<CanvasScene *>();
    ASSERT_NE(scene, nullptr);
    scene->selectOnly({"app", "db", "web"}, {});

    actionNamed(w.window, QStringLiteral("&Top Edges"))->trigger();
    const auto &at = doc->topology().layout.nodes;
    const double top = std::min({start.layout.nodes.at("app").y, start.layout.nodes.at("db").y,
                                 start.layout.nodes.at("web").y});
    EXPECT_EQ(at.at("app").y, top);
    EXPECT_EQ(at.at("db").y, top);
    EXPECT_EQ(at.at("web").y, top);
    EXPECT_EQ(at.at("app").x, start.layout.nodes.at("app").x); // only the one axis moves

    actionNamed(w.window, QStringLiteral("&Horizontally"))->trigger();
    std::vector<double> xs{at.at("app").x, at.at("db").x, at.at("web").x};
    std::sort(xs.begin(), xs.end());
    EXPECT_DOUBLE_EQ(xs[1] - xs[0], xs[2] - xs[1]);

    doc->undoStack()->undo();
    doc->undoStack()->undo();
    EXPECT_EQ(doc->topology(), start);
}

TEST(Studio, TheDarkThemeRepaintsTheCanvasDark)
{
    Window w;
    ASSERT_TRUE(w.window->openFile(examplePath("webshop.sky.yaml")));
    MainWindow::applyTheme(QStringLiteral("dark"));
    EXPECT_LT(QApplication::palette().color(QPalette::Base).lightness(), 60);
    QApplication::processEvents();
    const QImage dark = w.window->grab().toImage();
    MainWindow::applyTheme(QStringLiteral("light"));
    EXPECT_GT(QApplication::palette().color(QPalette::Base).lightness(), 200);
    QApplication::processEvents();
    const QImage light = w.window->grab().toImage();
    // Mean lightness of the window differs clearly between the two.
    const auto mean = [](const QImage &image) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4, ++n)
                sum += image.pixelColor(x, y).lightness();
        return sum / std::max(1, n);
    };
    EXPECT_LT(mean(dark) + 60, mean(light));
    dark.save(QStringLiteral(SKYPLAN_ARTIFACTS "/screenshots/dark-theme.png"));
    MainWindow::applyTheme(QStringLiteral("system"));
}

namespace {
// A stand-in `dot` first on PATH while it lives: `script` is its body.
struct FakeDot
{
    explicit FakeDot(const char *script)
        : oldPath(qgetenv("PATH"))
    {
        const QString path = dir.filePath(QStringLiteral("dot"));
        writeText(path, script);
        QFile::setPermissions(path, QFile::permissions(path) | QFileDevice::ExeOwner);
        qputenv("PATH", dir.path().toLocal8Bit() + ':' + oldPath);
    }
    ~FakeDot() { qputenv("PATH", oldPath); }
    QTemporaryDir dir;
    QByteArray oldPath;
};
} // namespace

// A layout that finishes after the topology was edited must not put every
// node back where the layout had it: the edit stays, and the user is told.
TEST(Studio, AutoLayoutFinishingAfterAnEditLeavesTheEditAlone)
{
    const FakeDot slowDot("#!/bin/sh\nsleep 1\nexec /usr/bin/dot \"$@\"\n"); // the real one, a second late
    ASSERT_TRUE(slowDot.dir.isValid());

    const auto layOut = [](Window &w, const std::function<void()> &meanwhile) {
        actionNamed(w.window, QStringLiteral("&Auto-Layout"))->trigger();
        auto *layout = w.window->findChild<AutoLayout *>();
        EXPECT_TRUE(layout && layout->isRunning());
        meanwhile();
        QElapsedTimer clock;
        clock.start();
        while (layout && layout->isRunning() && clock.elapsed() < 30000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QCoreApplication::processEvents();
    };

    Window w;
    ASSERT_TRUE(w.window->openFile(examplePath("webshop.sky.yaml")));
    const std::string moved = w.window->document()->topology().nodes.begin()->first;
    layOut(w, [&] { w.window->document()->moveNodes({{moved, Point{-2000, -2000}}}); });
    EXPECT_EQ(w.window->document()->topology().layout.nodes.at(moved), (Point{-2000, -2000}));
    EXPECT_EQ(w.window->document()->undoStack()->count(), 1); // the move only
    EXPECT_TRUE(w.window->statusBar()->currentMessage().startsWith(QStringLiteral("Auto-layout dropped")))
        << w.window->statusBar()->currentMessage().toStdString();

    // Left alone, the same layout is applied: one more step, the node placed by dot.
    layOut(w, [] {});
    EXPECT_EQ(w.window->document()->undoStack()->count(), 2);
    EXPECT_NE(w.window->document()->topology().layout.nodes.at(moved), (Point{-2000, -2000}));
    EXPECT_TRUE(w.window->statusBar()->currentMessage().startsWith(QStringLiteral("Laid out")))
        << w.window->statusBar()->currentMessage().toStdString();
}

// A Graphviz that takes its time (a stand-in `dot` first on PATH, sleeping):
// the progress dialog says what runs, on how many nodes, for how long so
// far and when it will be stopped; Cancel stops it and changes nothing.
TEST(Studio, AutoLayoutShowsWhatRunsForHowLongAndCancels)
{
    const FakeDot sleepingDot("#!/bin/sh\nexec sleep 30\n");
    ASSERT_TRUE(sleepingDot.dir.isValid());

    Window w;
    ASSERT_TRUE(w.window->openFile(examplePath("webshop.sky.yaml")));
    const Topology start = w.window->document()->topology();
    actionNamed(w.window, QStringLiteral("&Auto-Layout"))->trigger();
    QProgressDialog *progress = w.window->findChild<QProgressDialog *>();
    ASSERT_NE(progress, nullptr);
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 1700)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const qint64 before = clock.elapsed() / 1000;
    const QString text = progress->labelText();
    const qint64 after = (clock.elapsed() + 999) / 1000; // the label may have ticked a little late
    EXPECT_TRUE(progress->isVisible());
    EXPECT_TRUE(text.contains(QStringLiteral("Laying out %1 nodes with Graphviz dot").arg(start.nodes.size())))
        << text.toStdString();
    const QRegularExpressionMatch seconds = QRegularExpression(QStringLiteral("(\\d+) s so far")).match(text);
    ASSERT_TRUE(seconds.hasMatch()) << text.toStdString();
    EXPECT_GE(seconds.captured(1).toLongLong(), before - 1) << text.toStdString();
    EXPECT_LE(seconds.captured(1).toLongLong(), after) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("stopped after 60 s"))) << text.toStdString();

    // Cancel stops dot itself, not only the dialog (which hides on its own).
    auto *layout = w.window->findChild<AutoLayout *>();
    ASSERT_NE(layout, nullptr);
    ASSERT_TRUE(layout->isRunning());
    auto *cancel = progress->findChild<QPushButton *>();
    ASSERT_NE(cancel, nullptr);
    EXPECT_EQ(cancel->text(), QStringLiteral("Cancel"));
    cancel->click();
    QCoreApplication::processEvents();
    EXPECT_FALSE(layout->isRunning());
    EXPECT_EQ(w.window->statusBar()->currentMessage(), QStringLiteral("Auto-layout cancelled."));
    EXPECT_EQ(w.window->document()->topology(), start);
    EXPECT_FALSE(progress->isVisible());
}
