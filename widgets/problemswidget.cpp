#include "problemswidget.h"

#include "checks.h"
#include "document.h"

#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QThread>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sky {

namespace {
constexpr int kSubjectsRole = Qt::UserRole + 1;
}

ProblemsWidget::ProblemsWidget(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_tree(new QTreeWidget(this))
    , m_summary(new QLabel(this))
    , m_debounce(new QTimer(this))
{
    m_tree->setColumnCount(4);
    m_tree->setHeaderLabels({tr("Problem"), tr("Rule"), tr("Subjects"), tr("Line")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::Interactive);
    m_tree->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    m_summary->setObjectName(QStringLiteral("summary"));
    layout->addWidget(m_summary);
    layout->addWidget(m_tree);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &ProblemsWidget::startCheck);
    connect(document, &Document::changed, this, &ProblemsWidget::onChanged);
    const auto activate = [this](QTreeWidgetItem *item) {
        const QStringList subjects = item->data(0, kSubjectsRole).toStringList();
        std::vector<std::string> ids;
        for (const QString &s : subjects)
            ids.push_back(toStd(s));
        if (!ids.empty())
            emit subjectsActivated(ids);
    };
    connect(m_tree, &QTreeWidget::itemActivated, this, activate);
    connect(m_tree, &QTreeWidget::itemClicked, this, activate);
    m_summary->setText(tr("Checking…"));
    m_debounce->start();
}

ProblemsWidget::~ProblemsWidget()
{
    ++m_generation;
    for (QThread *thread : m_threads) {
        thread->wait();
        delete thread;
    }
}

void ProblemsWidget::onChanged(const TopologyChange &change)
{
    if (change.meaningChanged())
        m_debounce->start(); // restarts: one check after the edits stop
}

void ProblemsWidget::recheckNow()
{
    m_debounce->stop();
    startCheck();
}

void ProblemsWidget::startCheck()
{
    if (m_running) { // one check at a time; the next starts when it ends
        m_again = true;
        return;
    }
    m_running = true;
    m_again = false;
    const quint64 generation = ++m_generation;
    // The worker gets its own copies: the document may change meanwhile.
    auto *thread = QThread::create([this, generation, topology = m_document->topology(),
                                    catalog = m_document->catalog(), sources = m_document->sources(),
                                    file = toStd(m_document->filePath()),
                                    read = m_document->readDiagnostics(), providers = m_document->providers(),
                                    providerProblems = m_document->providerProblems()] {
        std::vector<Diagnostic> result = read;
        result.insert(result.end(), providerProblems.begin(), providerProblems.end());
        // With the topology's provider profiles, placed nodes are judged too (SP-PLACEMENT, SP-BUDGET).
        std::vector<Diagnostic> found = checkTopology(topology, catalog, sources, file,
                                                      providers.empty() ? nullptr : &providers);
        result.insert(result.end(), found.begin(), found.end());
        QMetaObject::invokeMethod(this, [this, generation, result = std::move(result)]() mutable {
            showResult(generation, std::move(result));
        }, Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, this, [this, thread] {
        std::erase(m_threads, thread);
        thread->deleteLater();
    });
    m_threads.push_back(thread);
    thread->start();
}

void ProblemsWidget::showResult(quint64 generation, std::vector<Diagnostic> diagnostics)
{
    m_running = false;
    if (m_again || generation != m_generation) {
        m_debounce->start();
        if (generation != m_generation)
            return;
    }
    m_diagnostics = std::move(diagnostics);
    m_tree->clear();
    int counts[3] = {0, 0, 0};
    QList<QTreeWidgetItem *> items;
    for (const Diagnostic &d : m_diagnostics) {
        const int severity = std::clamp(int(d.severity), 0, 2);
        counts[severity]++;
        QStringList subjects;
        for (const std::string_view s : d.subjects)
            subjects << QString::fromUtf8(s.data(), qsizetype(s.size()));
        auto *item = new QTreeWidgetItem({toQString(d.message.str()), toQString(d.rule), subjects.join(QLatin1String(", ")),
                                          d.loc.line > 0 ? QString::number(d.loc.line) : QString()});
        static const QStyle::StandardPixmap icons[] = {QStyle::SP_MessageBoxCritical, QStyle::SP_MessageBoxWarning,
                                                       QStyle::SP_MessageBoxInformation};
        item->setIcon(0, style()->standardIcon(icons[severity]));
        item->setData(0, kSubjectsRole, subjects);
        QString tip = toQString(d.message.str());
        if (!d.hint.empty())
            tip += QStringLiteral("\n\n") + toQString(d.hint.str());
        item->setToolTip(0, tip);
        items << item;
    }
    m_tree->addTopLevelItems(items);
    if (m_diagnostics.empty())
        m_summary->setText(tr("No problems found."));
    else
        m_summary->setText(QStringLiteral("%1, %2, %3")
                               .arg(tr("%n error(s)", nullptr, counts[0]), tr("%n warning(s)", nullptr, counts[1]),
                                    tr("%n note(s)", nullptr, counts[2])));
    emit diagnosticsChanged(m_diagnostics);
}

} // namespace sky
