// MainWindow: files, recent files, autosave and changes made on disk.
#include "mainwindow.h"

#include "canvasview.h"
#include "descriptor.h"
#include "document.h"
#include "recovery.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>

namespace sky {

namespace {

const QString kRecentKey = QStringLiteral("files/recent");
const QString kLastDirKey = QStringLiteral("files/lastDirectory");
constexpr int kMaxRecent = 10;

QString fileFilter()
{
    return QObject::tr("Skyplan topologies (*.sky.yaml *.sky.yml);;YAML files (*.yaml *.yml);;All files (*)");
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// Work left behind by a window that died: offer it back, one file at a time.
int MainWindow::offerRecovery()
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

bool MainWindow::isPristine() const
{
    return m_document->filePath().isEmpty() && !m_document->isModified() && m_document->topology().nodes.empty();
}

void MainWindow::newFile()
{
    openInNewWindow();
}

void MainWindow::open()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Topology"),
                                                      settings.value(kLastDirKey).toString(), fileFilter());
    if (path.isEmpty())
        return;
    if (isPristine())
        openFile(path);
    else
        openInNewWindow(path);
}

bool MainWindow::openFile(const QString &path)
{
    QString error;
    if (!m_document->load(QFileInfo(path).absoluteFilePath(), &error)) {
        QMessageBox::critical(this, tr("Open Topology"), tr("Could not open %1.\n\n%2").arg(path, error));
        return false;
    }
    m_diskContents = readAll(m_document->filePath());
    m_diskGone = false;
    m_autosaveDirty = false;
    rememberRecent(m_document->filePath());
    QSettings().setValue(kLastDirKey, QFileInfo(path).absolutePath());
    // A file written by hand may say nothing about the canvas: the document
    // laid those nodes out (Document::load), and the status bar says so.
    const std::size_t placed = m_document->placedOnLoad();
    // Fit now, and again as the window takes its final size.
    m_view->fitAllWhenShown();
    statusBar()->showMessage(
        placed == 0 ? tr("Opened %1.").arg(QDir::toNativeSeparators(path))
                    : tr("Opened %1. %n node(s) had no position and were laid out; save to keep them there.", nullptr,
                         int(placed))
                          .arg(QDir::toNativeSeparators(path)),
        placed == 0 ? 4000 : 8000);
    return true;
}

void MainWindow::recover(const Topology &topology, const QString &originalPath)
{
    m_document->resetRecovered(topology, originalPath);
    if (!originalPath.isEmpty())
        m_diskContents = readAll(originalPath);
    m_autosaveDirty = true;
    m_view->fitAllWhenShown();
    statusBar()->showMessage(tr("Recovered unsaved work. Save it to keep it."), 8000);
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveTo(m_document->filePath());
}

bool MainWindow::saveAs()
{
    QSettings settings;
    QString suggested = m_document->filePath();
    if (suggested.isEmpty()) {
        const std::string name = m_document->topology().name;
        suggested = settings.value(kLastDirKey).toString() + u'/'
                    + (name.empty() ? QStringLiteral("untitled") : toQString(name)) + QStringLiteral(".sky.yaml");
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save Topology As"), suggested, fileFilter());
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".yaml")) && !path.endsWith(QLatin1String(".yml")))
        path += QStringLiteral(".sky.yaml");
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    return saveTo(path);
}

bool MainWindow::saveTo(const QString &path)
{
    // Atomic (temporary file, flush, rename) and verified by reading it back.
    QString error;
    // Never silently overwrite someone else's change to our file.
    if (path == m_document->filePath() && changedOnDiskSinceRead()) {
        const auto answer = QMessageBox::warning(
            this, tr("File Changed on Disk"),
            tr("%1 was changed by another program since you opened it.\n\n"
               "Overwrite those changes with yours?").arg(m_document->displayName()),
            QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Save)
            return false;
    }
    m_watcher->removePaths(m_watcher->files());
    if (!m_document->save(path, &error)) {
        watchFile();
        QMessageBox::critical(this, tr("Save Topology"), tr("Could not save %1.\n\n%2").arg(path, error));
        return false;
    }
    m_diskContents = readAll(path);
    m_diskGone = false;
    m_recovery->discard();
    m_autosaveDirty = false;
    rememberRecent(path);
    watchFile();
    statusBar()->showMessage(tr("Saved %1.").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

void MainWindow::revert()
{
    const QString path = m_document->filePath();
    if (path.isEmpty())
        return;
    if (m_document->isModified()
        && QMessageBox::question(this, tr("Revert"),
                                 tr("Discard your changes and go back to the saved %1?").arg(m_document->displayName()),
                                 QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel)
               != QMessageBox::Discard)
        return;
    openFile(path);
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved Changes"),
        tr("%1 has changes that are not saved.\n\nSave them before closing?").arg(m_document->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::rememberRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString &path : recent) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        action->setEnabled(QFileInfo::exists(path));
        connect(action, &QAction::triggered, this, [this, path] {
            if (isPristine())
                openFile(path);
            else
                openInNewWindow(path);
        });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear Menu"), this, [] { QSettings().remove(kRecentKey); });
}

void MainWindow::autosave()
{
    if (!m_autosaveDirty)
        return;
    if (!m_document->isModified()) {
        m_recovery->discard();
        m_autosaveDirty = false;
        return;
    }
    if (m_recovery->autosave(m_document->topology(), m_document->filePath()))
        m_autosaveDirty = false;
}

void MainWindow::watchFile()
{
    // The file, and its folder: an atomic save by another program (a new
    // file renamed over ours, as git and Skyplan do) ends a watch on the
    // file itself; the folder's watch still sees it.
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    const QString path = m_document->filePath();
    if (path.isEmpty())
        return;
    if (QFileInfo::exists(path))
        m_watcher->addPath(path);
    const QString folder = QFileInfo(path).absolutePath();
    if (QFileInfo::exists(folder))
        m_watcher->addPath(folder);
}

bool MainWindow::changedOnDiskSinceRead() const
{
    const QString path = m_document->filePath();
    return !path.isEmpty() && QFileInfo::exists(path) && readAll(path) != m_diskContents;
}

void MainWindow::onFileChangedOnDisk()
{
    // An atomic save by another program replaces the file: watch the new one.
    QTimer::singleShot(200, this, [this] {
        watchFile();
        const QString path = m_document->filePath();
        const QByteArray now = readAll(path);
        if (m_askingAboutDisk || path.isEmpty())
            return;
        if (!QFileInfo::exists(path)) {
            // Deleted or moved away: the topology lives on here only, so it
            // is unsaved (the title says so, closing asks), and Save writes
            // the file again. Said once, not at every later change.
            if (m_diskGone)
                return;
            m_diskGone = true;
            m_document->markModified();
            statusBar()->showMessage(tr("%1 was deleted or moved by another program. Your topology is still here: "
                                        "save it to write the file again.")
                                         .arg(m_document->displayName()));
            return;
        }
        m_diskGone = false;
        if (now == m_diskContents)
            return;
        m_askingAboutDisk = true;
        const QString question = m_document->isModified()
            ? tr("%1 was changed by another program, and you have unsaved changes.\n\n"
                 "Reload it and lose your changes?")
            : tr("%1 was changed by another program.\n\nReload it?");
        const auto answer = QMessageBox::question(this, tr("File Changed on Disk"),
                                                  question.arg(m_document->displayName()),
                                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        m_askingAboutDisk = false;
        if (answer == QMessageBox::Yes)
            openFile(path);
        else
            m_diskContents = now; // ask again only on the next change
    });
}

} // namespace sky
