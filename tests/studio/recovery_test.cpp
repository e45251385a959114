// Autosave and recovery across a real crash: a real skyplan-studio process
// holding unsaved work (an import, never saved) autosaves, is killed with
// SIGKILL, and the recovery the next start runs (MainWindow::offerRecovery,
// driven here in-process so the test can answer its dialog) offers exactly
// the last autosave back.
#include "studiotest.h"

#include "builtinformats.h"
#include "descriptor.h"
#include "document.h"
#include "format.h"
#include "mainwindow.h"
#include "recovery.h"
#include "scenerender.h"
#include "yamltree.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace sky;
using namespace sky::test;

TEST(Recovery, WorkOfAKilledStudioIsOfferedBackExactlyAsAutosaved)
{
    QTemporaryDir dir;
    const QString recoveryDir = dir.filePath(QStringLiteral("recovery"));
    const QString source = dir.filePath(QStringLiteral("shop.compose.yaml"));
    {
        ReadResult webshop = readDescriptorFile(examplePath("webshop.sky.yaml").toStdString());
        ASSERT_TRUE(webshop.readable);
        std::string text, error;
        ASSERT_TRUE(builtinFormats().find("compose")->write(webshop.topology, Catalog::builtin(), text, error));
        QFile f(source);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text.data(), qint64(text.size()));
    }

    QProcess studio;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("SKYPLAN_AUTOSAVE_MS"), QStringLiteral("200"));
    env.insert(QStringLiteral("SKYPLAN_RECOVERY_DIR"), recoveryDir);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    studio.setProcessEnvironment(env);
    studio.start(QStringLiteral(SKYPLAN_STUDIO), {QStringLiteral("--import"), source});
    ASSERT_TRUE(studio.waitForStarted(10000));

    // Wait for a complete autosave (the note is written after the topology).
    QString autosaved;
    ASSERT_TRUE(waitFor([&] {
        const auto notes = QDir(recoveryDir).entryList({QStringLiteral("*.json")});
        if (notes.isEmpty())
            return false;
        autosaved = recoveryDir + u'/' + QFileInfo(notes.first()).completeBaseName() + QStringLiteral(".sky.yaml");
        return QFile::exists(autosaved);
    }, 30000)) << "no autosave appeared; studio said: " << studio.readAllStandardError().toStdString();
    QFile::copy(autosaved, dir.filePath(QStringLiteral("last-autosave.sky.yaml")));
    studio.kill(); // SIGKILL: no destructor, no discard
    ASSERT_TRUE(studio.waitForFinished(10000));
    ASSERT_EQ(studio.exitStatus(), QProcess::CrashExit);

    ReadResult last = readDescriptorFile(dir.filePath(QStringLiteral("last-autosave.sky.yaml")).toStdString());
    ASSERT_TRUE(last.readable);
    // What the killed window held: the import, laid out as the designer lays it out.
    std::string text, error;
    ASSERT_TRUE(readFile(source.toStdString(), text, error));
    Topology imported;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(readAnyTopology(text, source.toStdString(), {}, imported, diagnostics, error));
    placeUnplacedNodes(imported);
    EXPECT_EQ(last.topology, imported);

    // The next start: the orphan is found and offered; Recover opens it.
    qputenv("SKYPLAN_RECOVERY_DIR", recoveryDir.toLocal8Bit());
    const auto orphans = RecoveryStore::orphans();
    ASSERT_EQ(orphans.size(), 1u);
    EXPECT_TRUE(orphans[0].originalPath.isEmpty());
    const auto before = QApplication::topLevelWidgets();
    QString offer;
    answerNextMessageBox(QMessageBox::NoButton, &offer, QStringLiteral("Recover"));
    EXPECT_EQ(MainWindow::offerRecovery(), 1);
    EXPECT_TRUE(offer.contains(QStringLiteral("did not close properly"))) << offer.toStdString();
    MainWindow *recovered = nullptr;
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *m = qobject_cast<MainWindow *>(w); m && !before.contains(w))
            recovered = m;
    ASSERT_NE(recovered, nullptr);
    EXPECT_EQ(recovered->document()->topology(), last.topology);
    EXPECT_TRUE(recovered->document()->isModified());
    // Offered once: the orphan is gone, and the recovered window's own
    // store is locked by this (living) process.
    EXPECT_TRUE(RecoveryStore::orphans().empty());
    recovered->document()->reset(Topology{});
    recovered->close();
    qunsetenv("SKYPLAN_RECOVERY_DIR");
}
