#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QStyle>
#include <QStyleFactory>

using namespace sky;

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
    const QCommandLineOption importOption(QStringLiteral("import"),
                                          QObject::tr("Import a TOSCA or Compose file into a new, unsaved topology."),
                                          QObject::tr("file"));
    parser.addOption(importOption);
    parser.addPositionalArgument(QStringLiteral("files"), QObject::tr("Topologies (*.sky.yaml) to open."),
                                 QStringLiteral("[files...]"));
    parser.process(app);

    int windows = MainWindow::offerRecovery();
    const QStringList files = parser.positionalArguments();
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
    return app.exec();
}
