#include "englishplurals.h"
#include "mainwindow.h"
#include "memorytuning.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QImage>
#include <QMessageBox>
#include <QPixmap>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <QStyle>
#include <QStyleFactory>

using namespace sky;

namespace {

// Lets the window settle (layout, the first check, fit to window), then
// saves what it shows and quits: 0 when the picture was written.
int screenshotAndQuit(QMainWindow *window, const QString &path)
{
    window->resize(1480, 900);
    QTimer::singleShot(1500, window, [window, path] {
        const QImage image = window->grab().toImage();
        QApplication::exit(!image.isNull() && image.save(path, "PNG") ? 0 : 2);
    });
    return QApplication::exec();
}

} // namespace

int main(int argc, char **argv)
{
    sky::keepFreedMemoryForReuse(); // the re-check after every edit reuses the last one's memory
    QApplication::setAttribute(Qt::AA_DontShowIconsInMenus, false);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Skyplan Studio"));
    sky::EnglishPlurals plurals;
    QApplication::installTranslator(&plurals);
    QApplication::setOrganizationName(QStringLiteral("Skyplan"));
    QApplication::setApplicationVersion(QStringLiteral(SKYPLAN_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/router.svg")));
    if (QApplication::style()->name() == QLatin1String("windows"))
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    MainWindow::applyTheme(QSettings().value(QStringLiteral("view/theme"), QStringLiteral("system")).toString());

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Designer for virtual datacenter topologies."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption importOption(QStringLiteral("import"),
                                          QObject::tr("Import a TOSCA or Compose file into a new, unsaved topology."),
                                          QObject::tr("file"));
    parser.addOption(importOption);
    const QCommandLineOption compareOption(
        QStringLiteral("compare"),
        QObject::tr("Open the compare view of OLD and NEW (given as the two files); for git difftool."));
    parser.addOption(compareOption);
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QObject::tr("Save a picture of the first window to this PNG once it is drawn, then quit (for docs and tests)."),
        QObject::tr("png"));
    parser.addOption(screenshotOption);
    parser.addPositionalArgument(QStringLiteral("files"), QObject::tr("Topologies (*.sky.yaml) to open."),
                                 QStringLiteral("[files...]"));
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    if (parser.isSet(compareOption)) {
        if (files.size() != 2) {
            std::fprintf(stderr, "skyplan-studio: --compare needs two files: OLD NEW\n");
            return 2;
        }
        QString error;
        QMainWindow *window = MainWindow::compareFiles(files[0], files[1], &error);
        if (!window) {
            std::fprintf(stderr, "skyplan-studio: %s\n", qPrintable(error));
            return 2;
        }
        if (parser.isSet(screenshotOption))
            return screenshotAndQuit(window, parser.value(screenshotOption));
        return app.exec();
    }

    int windows = parser.isSet(screenshotOption) ? 0 : MainWindow::offerRecovery();
    for (const QString &file : files) {
        MainWindow *window = MainWindow::openInNewWindow();
        if (!window->openFile(file))
            window->close();
        else
            ++windows;
    }
    for (const QString &file : parser.values(importOption)) {
        MainWindow *window = MainWindow::openInNewWindow();
        QString error;
        if (window->importFrom(file, &error)) {
            ++windows;
        } else {
            QMessageBox::critical(window, QObject::tr("Import Topology"),
                                  QObject::tr("Could not import %1.\n\n%2").arg(file, error));
            window->close();
        }
    }
    if (windows == 0)
        MainWindow::openInNewWindow();
    if (parser.isSet(screenshotOption)) {
        for (QWidget *w : QApplication::topLevelWidgets())
            if (auto *m = qobject_cast<MainWindow *>(w); m && m->isVisible())
                return screenshotAndQuit(m, parser.value(screenshotOption));
        return 2;
    }
    return app.exec();
}
