#pragma once

#include "diagnostic.h"

#include <QWidget>

#include <atomic>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace sky {

class Document;
struct TopologyChange;

// The diagnostics of the current topology: re-checked a moment after every
// edit (debounced), on a worker thread so a slow check never blocks the UI;
// a result that an edit has overtaken is dropped. Activating a row asks for
// its subjects to be selected and centred.
class ProblemsWidget : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 300;

    explicit ProblemsWidget(Document *document, QWidget *parent = nullptr);
    ~ProblemsWidget() override;

    const std::vector<Diagnostic> &diagnostics() const { return m_diagnostics; }
    QTreeWidget *tree() const { return m_tree; }
    // The row that shows diagnostics()[index] (rows sort and filter).
    QTreeWidgetItem *rowOf(std::size_t index) const;
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *severityFilter() const { return m_severity; }
    QSize sizeHint() const override; // room for several rows, not three
    enum Column { ProblemColumn, RuleColumn, SubjectsColumn, FixColumn, LineColumn };
    void recheckNow();
    bool isChecking() const { return m_running; }

signals:
    void diagnosticsChanged(const std::vector<sky::Diagnostic> &diagnostics);
    void subjectsActivated(const std::vector<std::string> &subjects);

private:
    void onChanged(const TopologyChange &change);
    void startCheck();
    void showResult(quint64 generation, std::vector<Diagnostic> diagnostics);
    void applyFilter();

    Document *m_document;
    QTreeWidget *m_tree;
    QLabel *m_summary;
    QComboBox *m_severity;
    QLineEdit *m_filter;
    QTimer *m_debounce;
    std::vector<Diagnostic> m_diagnostics;
    quint64 m_generation = 0;
    bool m_running = false;
    bool m_again = false;
    std::vector<QThread *> m_threads;
};

} // namespace sky
