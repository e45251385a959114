// The real skyplan-studio binary: a window under Xvfb for each example (a
// screenshot kept as a test artifact in the build folder), and the compare
// view opened by `git difftool` in a real repository.
#include "studiotest.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace sky::test;

namespace {

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

QString runCaptured(const QString &program, const QStringList &args, const QString &dir, int *code,
                    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!dir.isEmpty())
        p.setWorkingDirectory(dir);
    p.start(program, args);
    p.waitForFinished(120000);
    *code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

} // namespace

TEST(Window, EachExampleOpensInARealWindowUnderXvfb)
{
    const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
    ASSERT_FALSE(xvfb.isEmpty()) << "xvfb-run is needed (scripts/install-deps.sh installs xvfb)";
    const QString artifacts = QStringLiteral(SKYPLAN_ARTIFACTS "/screenshots");
    QDir().mkpath(artifacts);
    QTemporaryDir home; // settings and recovery files of this run only
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // a real X server this time
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    for (const char *name : {"webshop", "wordpress-ha", "event-pipeline"}) {
        const QString png = artifacts + u'/' + QLatin1String(name) + QStringLiteral(".png");
        QFile::remove(png);
        int code = -1;
        const QString said = runCaptured(
            xvfb,
            {QStringLiteral("-a"), QStringLiteral("-s"), QStringLiteral("-screen 0 1600x1000x24"),
             QStringLiteral(SKYPLAN_STUDIO), QStringLiteral("--screenshot"), png,
             examplePath(name) + QStringLiteral(".sky.yaml")},
            {}, &code, env);
        ASSERT_EQ(code, 0) << name << ": " << said.toStdString();
        const QImage image(png);
        ASSERT_FALSE(image.isNull()) << name;
        EXPECT_GE(image.width(), 1200) << name;
        EXPECT_GE(image.height(), 700) << name;
        EXPECT_GT(distinctColours(image), 200) << name << ": the window looks blank";
    }
}

TEST(Window, GitDifftoolOpensTheCompareView)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("shop.sky.yaml"));
    ASSERT_TRUE(QFile::copy(examplePath("webshop.sky.yaml"), file));
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    int code = -1;
    const QStringList identity{QStringLiteral("-c"), QStringLiteral("user.name=t"), QStringLiteral("-c"),
                               QStringLiteral("user.email=t@t")};
    runCaptured(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("-q")}, dir.path(), &code);
    ASSERT_EQ(code, 0);
    runCaptured(QStringLiteral("git"), identity + QStringList{QStringLiteral("add"), QStringLiteral(".")}, dir.path(), &code);
    runCaptured(QStringLiteral("git"), identity + QStringList{QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("one")},
                dir.path(), &code);
    ASSERT_EQ(code, 0);
    {
        QFile f(file);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(f.readAll());
        f.close();
        text.replace(QStringLiteral("replicas: 3"), QStringLiteral("replicas: 6"));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.toUtf8());
    }
    // docs/REVIEWING.md's difftool line, with --screenshot so the window
    // draws once and quits instead of waiting for a user.
    const QString png = dir.filePath(QStringLiteral("compare.png"));
    const QString tool = QStringLiteral("'%1' --screenshot '%2' --compare \"$LOCAL\" \"$REMOTE\"")
                             .arg(QStringLiteral(SKYPLAN_STUDIO), png);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QString said = runCaptured(
        QStringLiteral("git"),
        {QStringLiteral("-c"), QStringLiteral("difftool.skyplan.cmd=") + tool, QStringLiteral("difftool"),
         QStringLiteral("--tool=skyplan"), QStringLiteral("-y"), QStringLiteral("--trust-exit-code"),
         QStringLiteral("--"), QStringLiteral("shop.sky.yaml")},
        dir.path(), &code, env);
    ASSERT_EQ(code, 0) << said.toStdString();
    const QImage image(png);
    ASSERT_FALSE(image.isNull()) << said.toStdString();
    EXPECT_GT(distinctColours(image), 100);
}
