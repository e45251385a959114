#pragma once

#include "topology.h"

#include <QDialog>

#include <map>
#include <memory>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace sky {

class Document;

// Place…: runs the placement (model/placement, as `skyplan place`) on a
// worker thread over a copy of the design, with a busy bar and Cancel; then
// shows the proposed location of every node, the moves and the monthly cost
// before and after, and applies it as one undo step. A result for a design
// that changed meanwhile is not applied.
class PlaceDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PlaceDialog(Document *document, QWidget *parent = nullptr);
    ~PlaceDialog() override;

    // What a run found, kept for Apply (and for tests).
    struct Outcome
    {
        bool ran = false;
        bool feasible = false;
        QString error;                          // could not run (no profiles, …)
        std::vector<std::string> conflicts;
        std::map<std::string, Placement> changed; // node -> new placement, only those that differ
        std::map<std::string, std::pair<std::string, std::string>> moves; // node -> (from, to) locations
        double before = 0, after = 0;
        std::string currency, method;
        std::vector<std::string> providers;     // the profiles used
        quint64 revision = 0;                   // the document's, when it started
    };

    void start();              // runs with the options chosen
    bool isRunning() const { return m_running; }
    const Outcome &outcome() const { return m_outcome; }
    bool apply();              // false when nothing to apply or the design changed
    QTreeWidget *proposal() const { return m_table; }
    QCheckBox *keepBox() const { return m_keep; }

signals:
    void finishedRun(); // a run ended (with a result or an error), not a cancelled one

private:
    void cancel();
    void showOutcome(const Outcome &outcome);

    Document *m_document;
    QCheckBox *m_keep;
    QComboBox *m_method;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QPushButton *m_apply;
    QProgressBar *m_progress;
    QLabel *m_status;
    QTreeWidget *m_table;
    Outcome m_outcome;
    bool m_running = false;
    // A run that is cancelled keeps going on its thread (the solvers take no
    // stop request) but its result is dropped: the generation tells.
    std::shared_ptr<int> m_generation;
};

} // namespace sky
