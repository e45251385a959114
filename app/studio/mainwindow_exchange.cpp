// MainWindow: File → Import, Export, Export Picture, Compare With. The
// designer is a composition root like the command line: it reaches the
// exporters through the shared format registry (app/common).
#include "mainwindow.h"

#include "atomicfile.h"
#include "builtinformats.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "checks.h"
#include "comparewindow.h"
#include "descriptor.h"
#include "document.h"
#include "format.h"
#include "scenerender.h"
#include "yamltree.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QStatusBar>

#include <algorithm>
#include <cstring>

namespace sky {

namespace {

const QString kExchangeDirKey = QStringLiteral("files/exchangeDirectory");

QString diagnosticsText(const std::vector<Diagnostic> &diagnostics, int limit = 12)
{
    QStringList lines;
    for (const Diagnostic &d : diagnostics) {
        if (int(lines.size()) == limit) {
            lines << QObject::tr("… and %n more", nullptr, int(diagnostics.size()) - limit);
            break;
        }
        lines << toQString(d.format());
    }
    return lines.join(u'\n');
}

// "TOSCA Simple Profile 1.2 YAML (*.tosca.yaml)" for each format that can.
// A file's name without its Skyplan or YAML ending: shop.sky.yaml -> shop.
QString stemOf(const QString &fileName)
{
    for (const char *ending : {".sky.yaml", ".sky.yml", ".yaml", ".yml"})
        if (fileName.endsWith(QLatin1String(ending), Qt::CaseInsensitive))
            return fileName.chopped(qsizetype(std::strlen(ending)));
    return QFileInfo(fileName).completeBaseName();
}

// `name` with the ending of another format replaced by `extension`
// (shop.tosca.yaml -> shop.compose.yaml); a name with none gets it added.
QString withExtension(QString name, const QStringList &known, const QString &extension)
{
    QStringList longestFirst = known;
    std::sort(longestFirst.begin(), longestFirst.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &k : longestFirst)
        if (!k.isEmpty() && name.endsWith(k, Qt::CaseInsensitive)) {
            name.chop(k.size());
            break;
        }
    return name + extension;
}

QString filterFor(const Format &format)
{
    return QStringLiteral("%1 (*%2)").arg(toQString(format.description()), toQString(format.extension()));
}

} // namespace

bool MainWindow::importFrom(const QString &path, QString *error, const QString &format)
{
    std::string text, why;
    if (!readFile(toStd(path), text, why)) {
        if (error)
            *error = toQString(why);
        return false;
    }
    Topology topology;
    std::vector<Diagnostic> diagnostics;
    const bool ok = readAnyTopology(text, toStd(path), toStd(format), topology, diagnostics, why);
    sortByLocation(diagnostics);
    if (!ok || hasErrors(diagnostics)) {
        if (error)
            *error = why.empty() ? diagnosticsText(diagnostics) : toQString(why);
        return false;
    }
    placeUnplacedNodes(topology);
    // An import is new work: untitled and modified, so nothing overwrites
    // the source file by accident; Save asks where the native file goes.
    MainWindow *target = isPristine() ? this : openInNewWindow();
    target->m_document->resetRecovered(std::move(topology), {});
    target->m_autosaveDirty = true;
    target->m_view->fitAllWhenShown();
    target->statusBar()->showMessage(
        tr("Imported %1%2. Save to keep it as a Skyplan topology.")
            .arg(QFileInfo(path).fileName(),
                 diagnostics.empty() ? QString() : tr(" with %n warning(s)", nullptr, int(diagnostics.size()))),
        8000);
    return true;
}

void MainWindow::importFile()
{
    // The filter chosen names the format: a Terraform plan is just *.json,
    // a manifest just *.yaml.
    QStringList filters;
    std::vector<const Format *> readable;
    for (const auto &format : builtinFormats().formats())
        if (format->canRead() && format->name() != "skyplan") {
            QStringList patterns;
            for (const std::string &p : format->readPatterns())
                patterns << toQString(p);
            filters << QStringLiteral("%1 (%2)").arg(toQString(format->description()), patterns.join(u' '));
            readable.push_back(format.get());
        }
    filters << tr("All files, format by extension (*)");
    QSettings settings;
    QString selected;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Topology"),
                                                      settings.value(kExchangeDirKey).toString(),
                                                      filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty())
        return;
    settings.setValue(kExchangeDirKey, QFileInfo(path).absolutePath());
    const qsizetype chosen = filters.indexOf(selected);
    const QString format = chosen >= 0 && std::size_t(chosen) < readable.size()
                               ? toQString(readable[std::size_t(chosen)]->name())
                               : QString();
    QString error;
    if (!importFrom(path, &error, format))
        QMessageBox::critical(this, tr("Import Topology"), tr("Could not import %1.\n\n%2").arg(path, error));
}

bool MainWindow::exportTo(const QString &path, const QString &formatName, bool force, QString *error,
                          QStringList *warnings, const WriteOptions &options)
{
    const Format *format = builtinFormats().find(toStd(formatName));
    if (!format || !format->canWrite()) {
        if (error)
            *error = tr("Unknown export format %1.").arg(formatName);
        return false;
    }
    const Topology &topology = m_document->topology();
    const Catalog &catalog = m_document->catalog();
    if (!force) {
        std::vector<Diagnostic> found = checkTopology(topology, catalog, m_document->sources(),
                                                      toStd(m_document->filePath()));
        std::erase_if(found, [](const Diagnostic &d) { return d.severity != Severity::Error; });
        if (!found.empty()) {
            if (error)
                *error = tr("The topology has %n error(s); an export of it would not deploy:\n\n", nullptr,
                            int(found.size()))
                         + diagnosticsText(found);
            return false;
        }
    }
    // The same writer, options and warnings as `skyplan export`; a format
    // that writes a folder (Terraform) gets `path` as that folder.
    std::string why;
    std::vector<Diagnostic> found;
    bool ok = false;
    if (format->writesDirectory(options)) {
        std::vector<OutputFile> files;
        ok = format->writeFiles(topology, catalog, options, files, why, found);
        if (ok) {
            std::vector<std::pair<std::string, std::string>> named;
            for (OutputFile &f : files)
                named.emplace_back(std::move(f.name), std::move(f.text));
            ok = writeFilesIntoFolder(toStd(path), named, why);
        }
    } else {
        std::string text;
        ok = format->writeWith(topology, catalog, options, text, why, found) &&
             writeFileAtomically(toStd(path), text, why);
    }
    if (!ok) {
        if (error)
            *error = toQString(why);
        return false;
    }
    if (warnings)
        for (const Diagnostic &d : found)
            *warnings << toQString(d.message.str());
    return true;
}

bool MainWindow::askTerraformTarget(WriteOptions &options)
{
    // As --provider and --region: where nodes go that neither they nor
    // their zone place. Remembered for the next export.
    bool unplaced = false;
    for (const auto &[id, n] : m_document->topology().nodes)
        unplaced = unplaced || n.placement.provider.empty();
    if (!unplaced)
        return true;
    QSettings settings;
    const QStringList providers{QStringLiteral("aws"), QStringLiteral("google")};
    bool ok = false;
    const QString provider = QInputDialog::getItem(
        this, tr("Export to Terraform"),
        tr("Some nodes have no placement. Which provider should they go to?"), providers,
        std::max<qsizetype>(0, providers.indexOf(settings.value(QStringLiteral("terraform/provider")).toString())),
        false, &ok);
    if (!ok)
        return false;
    const QString fallback = provider == QLatin1String("aws") ? QStringLiteral("eu-west-1") : QStringLiteral("europe-west1");
    const QString region = QInputDialog::getText(
        this, tr("Export to Terraform"), tr("And which %1 region?").arg(provider), QLineEdit::Normal,
        settings.value(QStringLiteral("terraform/region/") + provider, fallback).toString(), &ok).trimmed();
    if (!ok || region.isEmpty())
        return false;
    settings.setValue(QStringLiteral("terraform/provider"), provider);
    settings.setValue(QStringLiteral("terraform/region/") + provider, region);
    options.provider = toStd(provider);
    options.region = toStd(region);
    return true;
}

void MainWindow::exportFile()
{
    QStringList filters;
    std::vector<const Format *> writable;
    for (const auto &format : builtinFormats().formats())
        if (format->canWrite() && format->name() != "skyplan") {
            filters << filterFor(*format);
            writable.push_back(format.get());
        }
    if (writable.empty())
        return;
    QSettings settings;
    // Named after the document: its topology's name, else its file's.
    const std::string name = m_document->topology().name;
    const QString stem = !name.empty() ? toQString(name)
                         : !m_document->filePath().isEmpty() ? stemOf(QFileInfo(m_document->filePath()).fileName())
                                                             : tr("untitled");
    QStringList extensions;
    for (const Format *f : writable)
        extensions << toQString(f->extension());
    QFileDialog dialog(this, tr("Export Topology"),
                       settings.value(kExchangeDirKey, QFileInfo(m_document->filePath()).absolutePath()).toString());
    dialog.setObjectName(QStringLiteral("exportDialog"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setNameFilters(filters);
    dialog.selectNameFilter(filters.first());
    dialog.selectFile(stem + extensions.first());
    // Another format, another ending: Compose content is not saved as .tosca.yaml.
    connect(&dialog, &QFileDialog::filterSelected, &dialog, [&dialog, &filters, &extensions, &stem](const QString &filter) {
        const qsizetype index = filters.indexOf(filter);
        if (index < 0)
            return;
        auto *typed = dialog.findChild<QLineEdit *>(QStringLiteral("fileNameEdit")); // Qt's own dialog
        const QString current = typed && !typed->text().trimmed().isEmpty() ? typed->text().trimmed() : stem;
        const QString renamed = withExtension(current, extensions, extensions[index]);
        if (typed) // selectFile leaves the field alone while the folder is still being read
            typed->setText(renamed);
        else
            dialog.selectFile(renamed);
    });
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    QString path = dialog.selectedFiles().first();
    const QString selected = dialog.selectedNameFilter();
    const Format *format = writable[std::size_t(std::max<qsizetype>(0, filters.indexOf(selected)))];
    if (format->writesDirectory(WriteOptions{})) {
        // The name given is the folder the files go into.
        if (!format->extension().empty() && path.endsWith(toQString(format->extension())))
            path.chop(qsizetype(format->extension().size()));
    } else if (!path.endsWith(toQString(format->extension())) && QFileInfo(path).suffix().isEmpty()) {
        path += toQString(format->extension());
    }
    settings.setValue(kExchangeDirKey, QFileInfo(path).absolutePath());
    WriteOptions options;
    if (format->name() == "terraform" && !askTerraformTarget(options))
        return;
    QString error;
    QStringList warnings;
    bool ok = exportTo(path, toQString(format->name()), false, &error, &warnings, options);
    if (!ok && error.startsWith(tr("The topology has"))) {
        const auto answer = QMessageBox::warning(this, tr("Export Topology"), error + tr("\n\nExport anyway?"),
                                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
        ok = exportTo(path, toQString(format->name()), true, &error, &warnings, options);
    }
    if (!ok) {
        QMessageBox::critical(this, tr("Export Topology"), tr("Could not export to %1.\n\n%2").arg(path, error));
        return;
    }
    if (!warnings.isEmpty()) {
        // What the format cannot carry, named, as the command line prints it.
        QMessageBox box(QMessageBox::Warning, tr("Export Topology"),
                        tr("Exported %1 with %n warning(s): the format cannot carry everything.", nullptr,
                           int(warnings.size()))
                            .arg(QFileInfo(path).fileName()),
                        QMessageBox::Ok, this);
        box.setDetailedText(warnings.join(u'\n'));
        box.exec();
    }
    statusBar()->showMessage(tr("Exported %1 as %2.").arg(QFileInfo(path).fileName(), toQString(format->description())),
                             5000);
}

void MainWindow::exportPicture()
{
    QSettings settings;
    const std::string name = m_document->topology().name;
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Picture"),
        settings.value(kExchangeDirKey).toString() + u'/' + (name.empty() ? QStringLiteral("topology") : toQString(name))
            + QStringLiteral(".svg"),
        tr("SVG picture (*.svg);;PNG picture (*.png)"), &selected);
    if (path.isEmpty())
        return;
    settings.setValue(kExchangeDirKey, QFileInfo(path).absolutePath());
    QString error;
    RenderOptions options;
    options.scale = 2; // crisp on HiDPI screens and in pull requests
    if (!m_scene->diagnostics().empty()) {
        const auto answer = QMessageBox::question(
            this, tr("Export Picture"), tr("Show the problem badges in the picture?"),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        options.problems = answer == QMessageBox::Yes;
    }
    if (!renderSceneToFile(*m_scene, path, options, &error)) {
        QMessageBox::critical(this, tr("Export Picture"), error);
        return;
    }
    statusBar()->showMessage(tr("Exported %1.").arg(QFileInfo(path).fileName()), 5000);
}

namespace {

// Any readable format; an empty file (git's /dev/null) is the empty topology.
bool readTopologyFile(const QString &path, Topology &topology, QString *error)
{
    std::string text, why;
    if (!readFile(toStd(path), text, why)) {
        if (error)
            *error = toQString(why);
        return false;
    }
    if (text.empty())
        return true;
    std::vector<Diagnostic> diagnostics;
    if (!readAnyTopology(text, toStd(path), {}, topology, diagnostics, why) || hasErrors(diagnostics)) {
        if (error)
            *error = why.empty() ? diagnosticsText(diagnostics) : toQString(why);
        return false;
    }
    return true;
}

} // namespace

QMainWindow *MainWindow::compareFiles(const QString &before, const QString &after, QString *error)
{
    Topology old, now;
    if (!readTopologyFile(before, old, error) || !readTopologyFile(after, now, error))
        return nullptr;
    auto *window = new CompareWindow(old, now, QFileInfo(before).fileName(), QFileInfo(after).fileName());
    window->show();
    return window;
}

QMainWindow *MainWindow::compareWith(const QString &path, QString *error)
{
    Topology other;
    if (!readTopologyFile(path, other, error))
        return nullptr;
    auto *window = new CompareWindow(other, m_document->topology(), QFileInfo(path).fileName(),
                                     m_document->displayName() + (m_document->isModified() ? tr(" (unsaved)") : QString()));
    window->show();
    return window;
}

void MainWindow::compareWithFile()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Compare With"), QFileInfo(m_document->filePath()).absolutePath(),
        tr("Topologies (*.sky.yaml *.sky.yml *.tosca.yaml *.compose.yaml *.yaml *.yml);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!compareWith(path, &error))
        QMessageBox::critical(this, tr("Compare With"), tr("Could not read %1.\n\n%2").arg(path, error));
}

namespace {

// What `git show REV:./NAME` failed at, said for someone who did not type
// the git command: git's own words ("fatal: …") only for what is not known.
QString gitShowFailure(const QString &stderrText, const QString &path, const QString &revision)
{
    const QString said = stderrText.trimmed();
    const QString name = QFileInfo(path).fileName();
    if (said.contains(QLatin1String("not a git repository"), Qt::CaseInsensitive))
        return QCoreApplication::translate("MainWindow",
                                           "%1 is not in a git repository, so there is no revision to compare "
                                           "with. Use Compare With File instead.")
            .arg(QDir::toNativeSeparators(path));
    if (said.contains(QLatin1String("exists on disk, but not in"))
        || said.contains(QLatin1String("does not exist in")))
        return QCoreApplication::translate("MainWindow", "%1 is not in revision %2: it was not committed there.")
            .arg(name, revision);
    if (said.contains(QLatin1String("invalid object name"), Qt::CaseInsensitive)
        || said.contains(QLatin1String("unknown revision"), Qt::CaseInsensitive)
        || said.contains(QLatin1String("bad revision"), Qt::CaseInsensitive))
        return QCoreApplication::translate("MainWindow", "%1 is not a revision of the repository that holds %2.")
            .arg(revision, name);
    QString detail = said;
    if (detail.startsWith(QLatin1String("fatal: ")))
        detail.remove(0, 7);
    return QCoreApplication::translate("MainWindow", "git could not show %1 as it was at %2: %3")
        .arg(name, revision, detail);
}

} // namespace

QMainWindow *MainWindow::compareWithGitRevision(const QString &revision, QString *error)
{
    const QString path = m_document->filePath();
    if (path.isEmpty()) {
        if (error)
            *error = tr("The topology has no file yet, so no git history.");
        return nullptr;
    }
    if (revision.isEmpty() || revision.startsWith(u'-') || revision.contains(u':')) {
        if (error)
            *error = tr("%1 is not a revision.").arg(revision);
        return nullptr;
    }
    // `git show REV:./NAME` in the file's folder: the file as it was at REV.
    QProcess git;
    git.setWorkingDirectory(QFileInfo(path).absolutePath());
    git.start(QStringLiteral("git"), {QStringLiteral("show"), revision + QStringLiteral(":./") + QFileInfo(path).fileName()});
    if (!git.waitForStarted(5000) || !git.waitForFinished(30000)) {
        if (error)
            *error = tr("Could not run git: %1").arg(git.errorString());
        return nullptr;
    }
    if (git.exitStatus() != QProcess::NormalExit || git.exitCode() != 0) {
        if (error)
            *error = gitShowFailure(QString::fromLocal8Bit(git.readAllStandardError()), path, revision);
        return nullptr;
    }
    const QByteArray text = git.readAllStandardOutput();
    const QString name = QStringLiteral("%1@%2").arg(QFileInfo(path).fileName(), revision);
    Topology other;
    std::vector<Diagnostic> diagnostics;
    std::string why;
    if (!readAnyTopology(std::string_view(text.constData(), std::size_t(text.size())), toStd(path), {}, other,
                         diagnostics, why)
        || hasErrors(diagnostics)) {
        if (error)
            *error = why.empty() ? diagnosticsText(diagnostics) : toQString(why);
        return nullptr;
    }
    auto *window = new CompareWindow(other, m_document->topology(), name,
                                     m_document->displayName() + (m_document->isModified() ? tr(" (unsaved)") : QString()));
    window->show();
    return window;
}

void MainWindow::compareWithRevision()
{
    bool ok = false;
    const QString revision = QInputDialog::getText(this, tr("Compare With Git Revision"),
                                                   tr("Revision (HEAD, a branch, a tag or a commit):"),
                                                   QLineEdit::Normal, QStringLiteral("HEAD"), &ok)
                                 .trimmed();
    if (!ok || revision.isEmpty())
        return;
    QString error;
    if (!compareWithGitRevision(revision, &error))
        QMessageBox::critical(this, tr("Compare With Git Revision"), error);
}

} // namespace sky
