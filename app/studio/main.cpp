#include "descriptor.h"
#include "document.h"
#include "mainwindow.h"
#include "recovery.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QStyleFactory>

using namespace sky;

namespace {

// Work left behind by a window that died: offer it back, one file at a time.
int offerRecovery()
{
    int recovered = 0;
    for (const RecoveryStore::Orphan &orphan : RecoveryStore::orphans()) {
        const QString name = orphan.originalPath.isEmpty() ? QObject::tr("an untitled topology")
                                                           : QFileInfo(orphan.originalPath).fileName();
        QMessageBox box(QMessageBox::Question, QObject::tr("Recover unsaved work"),
                        QObject::tr("Skyplan Studio did not close properly. Unsaved changes to %1 were "
                                    "autosaved at %2.\n\nRecover them?")
                            .arg(name, QLocale().toString(orphan.savedAt.toLocalTime(), QLocale::ShortFormat)));
        QPushButton *recoverButton = box.addButton(QObject::tr("Recover"), QMessageBox::AcceptRole);
        box.addButton(QObject::tr("Discard"), QMessageBox::DestructiveRole);
        QPushButton *later = box.addButton(QObject::tr("Not Now"), QMessageBox::RejectRole);
        box.setDefaultButton(recoverButton);
        box.exec();
        if (box.clickedButton() == later)
            continue;
        if (box.clickedButton() == recoverButton) {
            ReadResult result = readDescriptorFile(toStd(orphan.recoveryFile));
            if (result.readable) {
                MainWindow *window = MainWindow::openInNewWindow();
                window->recover(result.topology, orphan.originalPath);
                ++recovered;
            }
        }
        RecoveryStore::remove(orphan.id);
    }
    return recovered;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication::setAttribute(Qt::AA_DontShowIconsInMenus, false);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Skyplan Studio"));
    QApplication::setOrganizationName(QStringLiteral("Skyplan"));
    QApplication::setApplicationVersion(QStringLiteral(SKYPLAN_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/router.svg")));
    if (QApplication::style()->name() == QLatin1String("windows"))
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Designer for virtual datacenter topologies."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"), QObject::tr("Topologies (*.sky.yaml) to open."),
                                 QStringLiteral("[files...]"));
    parser.process(app);

    int windows = offerRecovery();
    const QStringList files = parser.positionalArguments();
    for (const QString &file : files) {
        MainWindow *window = MainWindow::openInNewWindow();
        if (!window->openFile(file))
            window->close();
        else
            ++windows;
    }
    if (windows == 0)
        MainWindow::openInNewWindow();
    return app.exec();
}
