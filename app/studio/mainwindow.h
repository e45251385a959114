#pragma once

#include <QByteArray>
#include <QMainWindow>

#include "format.h"
#include "topology.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

class QAction;
class QDialog;
class QFileSystemWatcher;
class QLabel;
class QLineEdit;
class QToolBar;
class QMenu;
class QProgressDialog;
class QTimer;
class QUndoView;

namespace sky {

class AutoLayout;
class CanvasScene;
class CostPanel;
class HighlightOverlay;
class PoliciesPanel;
class CanvasView;
class Document;
class InspectorWidget;
class PaletteWidget;
class ProblemsWidget;
class RecoveryStore;
class Topology;

// One designer window: one document, its canvas and docks. Several windows
// may be open; each owns its document, undo stack and recovery file.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Document *document() const { return m_document; }
    bool openFile(const QString &path);
    void recover(const Topology &topology, const QString &originalPath);
    bool isPristine() const; // untitled, unmodified and empty: reusable for Open

    static MainWindow *openInNewWindow(const QString &path = {});
    // "system", "light" or "dark": the palette of every window.
    static void applyTheme(const QString &theme);
    // Work left behind by a window that died: offers each file back (the
    // start of skyplan-studio calls it). Returns the windows it opened.
    static int offerRecovery();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    // mainwindow.cpp: building the window
    void createDocks();
    void createActions();
    void updateTitle();
    void updateStatus();
    void runAutoLayout();
    void updateLayoutProgress();
    void addZoneFromSelection();
    std::vector<std::pair<std::string, Point>> selectedPositions() const;
    void alignSelection(Qt::Alignment edge);
    void distributeSelection(Qt::Orientation orientation);
    void readSettings();
    void writeSettings() const;

    // mainwindow_policies.cpp: the Policies and Cost docks, Place…, and
    // what they draw on the canvas
    void createPolicyDocks();
    void showFindingPath();
    void placeDesign();

    // mainwindow_files.cpp: files, recent files, autosave, external changes
    void newFile();
    void open();
    bool save();
    bool saveAs();
    bool saveTo(const QString &path);
    void revert();
    bool maybeSave();
    void rememberRecent(const QString &path);
    void fillRecentMenu();
    void autosave();
    void watchFile();
    void onFileChangedOnDisk();
    bool changedOnDiskSinceRead() const;

    // mainwindow_navigate.cpp: the context menu, Find, the Window menu
    void showContextMenu(const QPoint &globalPos);
    void createFind(QToolBar *toolBar);
    void focusFind();
    void findNodes(bool next);
    void createWindowMenu();
    void fillWindowMenu();
    void editZoneId();

    // mainwindow_exchange.cpp: import, export, pictures, compare
    void importFile();
    void exportFile();
    // Asks where unplaced nodes go (--provider, --region); false: cancelled.
    bool askTerraformTarget(WriteOptions &options);
    void exportPicture();
    void compareWithFile();
    void compareWithRevision();

public:
    // The canvas's context menu for what is selected now (the caller owns it).
    QMenu *contextMenu();
    // For tests and scripts: the same work as the dialogs, without them.
    // Help: the shortcuts of every action and the checks' reference, in
    // dialogs that stay open beside the canvas (mainwindow_help.cpp).
    QDialog *showShortcuts();
    QDialog *showRulesReference();
    // `format` forces a reader (the import dialog's filter); empty: by extension.
    bool importFrom(const QString &path, QString *error, const QString &format = {});
    bool exportTo(const QString &path, const QString &format, bool force, QString *error,
                  QStringList *warnings = nullptr, const WriteOptions &options = {});
    QMainWindow *compareWith(const QString &path, QString *error);
    // A compare view of two files, with no designer window (git difftool).
    static QMainWindow *compareFiles(const QString &before, const QString &after, QString *error);
    QMainWindow *compareWithGitRevision(const QString &revision, QString *error);

private:

    Document *m_document;
    CanvasScene *m_scene;
    CanvasView *m_view;
    PaletteWidget *m_palette = nullptr;
    InspectorWidget *m_inspector = nullptr;
    ProblemsWidget *m_problems = nullptr;
    QUndoView *m_history = nullptr;
    AutoLayout *m_layout;
    QProgressDialog *m_layoutProgress = nullptr;
    QTimer *m_layoutTick = nullptr; // updates the dialog's elapsed time
    qint64 m_layoutStarted = 0;     // ms since the epoch
    int m_layoutNodes = 0;          // nodes in the topology being laid out
    bool m_diskGone = false;        // the file was deleted or moved away (told once)
    quint64 m_layoutRevision = 0;   // the document's revision it lays out: a result for another is dropped
    std::unique_ptr<RecoveryStore> m_recovery;
    QTimer *m_autosaveTimer;
    bool m_autosaveDirty = false;
    QFileSystemWatcher *m_watcher;
    QByteArray m_diskContents; // what we last read or wrote
    bool m_askingAboutDisk = false;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_windowMenu = nullptr;
    QLineEdit *m_find = nullptr;
    std::vector<std::string> m_findMatches;
    std::size_t m_findIndex = 0;
    QAction *m_revertAction = nullptr;
    QLabel *m_countsLabel;
    QLabel *m_problemsLabel;
    QLabel *m_zoomLabel;
    PoliciesPanel *m_policies = nullptr;
    CostPanel *m_cost = nullptr;
    HighlightOverlay *m_highlight = nullptr;
    QLabel *m_costLabel = nullptr;
};

} // namespace sky
