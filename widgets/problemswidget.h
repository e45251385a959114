#pragma once

#include "diagnostic.h"

#include <QWidget>

#include <atomic>
#include <string>
#include <vector>

class QLabel;
class QTimer;
class QTreeWidget;

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
    void recheckNow();
    bool isChecking() const { return m_running; }

signals:
    void diagnosticsChanged(const std::vector<sky::Diagnostic> &diagnostics);
    void subjectsActivated(const std::vector<std::string> &subjects);

private:
    void onChanged(const TopologyChange &change);
    void startCheck();
    void showResult(quint64 generation, std::vector<Diagnostic> diagnostics);

    Document *m_document;
    QTreeWidget *m_tree;
    QLabel *m_summary;
    QTimer *m_debounce;
    std::vector<Diagnostic> m_diagnostics;
    quint64 m_generation = 0;
    bool m_running = false;
    bool m_again = false;
    std::vector<QThread *> m_threads;
};

} // namespace sky
