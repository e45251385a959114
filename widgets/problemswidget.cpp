#include "problemswidget.h"

#include "checks.h"
#include "document.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QLabel>
#include <QStyle>
#include <QThread>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sky {

namespace {
constexpr int kSubjectsRole = Qt::UserRole + 1;
constexpr int kSeverityRole = Qt::UserRole + 2;
constexpr int kIndexRole = Qt::UserRole + 3; // the diagnostic's place in diagnostics()

// Sorted by the column clicked; the Problem column sorts by severity
// (errors first), then in the order the checks found them.
class ProblemItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        const auto key = [](const QTreeWidgetItem &item) {
            return std::pair(item.data(0, kSeverityRole).toInt(), item.data(0, kIndexRole).toInt());
        };
        if (column == ProblemsWidget::ProblemColumn)
            return key(*this) < key(other);
        if (column == ProblemsWidget::LineColumn) {
            const int a = text(column).toInt();
            const int b = other.text(column).toInt();
            return a != b ? a < b : key(*this) < key(other);
        }
        const int c = text(column).compare(other.text(column), Qt::CaseInsensitive);
        return c != 0 ? c < 0 : key(*this) < key(other);
    }
};
} // namespace

ProblemsWidget::ProblemsWidget(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_tree(new QTreeWidget(this))
    , m_summary(new QLabel(this))
    , m_severity(new QComboBox(this))
    , m_filter(new QLineEdit(this))
    , m_debounce(new QTimer(this))
{
    m_tree->setColumnCount(5);
    m_tree->setHeaderLabels({tr("Problem"), tr("Rule"), tr("Subjects"), tr("How to fix"), tr("Line")});
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(ProblemColumn, Qt::AscendingOrder); // errors first
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::Interactive);
    m_tree->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(4, QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    m_summary->setObjectName(QStringLiteral("summary"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    m_severity->setObjectName(QStringLiteral("severityFilter"));
    m_severity->addItem(tr("All severities"), -1);
    m_severity->addItem(tr("Errors"), int(Severity::Error));
    m_severity->addItem(tr("Warnings"), int(Severity::Warning));
    m_severity->addItem(tr("Notes"), int(Severity::Info));
    bar->addWidget(m_severity);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter: text, rule or subject"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(200);
    bar->addWidget(m_filter);
    layout->addLayout(bar);
    layout->addWidget(m_tree);
    connect(m_filter, &QLineEdit::textChanged, this, &ProblemsWidget::applyFilter);
    connect(m_severity, &QComboBox::currentIndexChanged, this, &ProblemsWidget::applyFilter);
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
    const Topology &topology = m_document->topology();
    for (std::size_t index = 0; index < m_diagnostics.size(); ++index) {
        const Diagnostic &d = m_diagnostics[index];
        const int severity = std::clamp(int(d.severity), 0, 2);
        counts[severity]++;
        QStringList subjects;
        QStringList shown; // as the canvas names them: a node's label, its id after it
        for (const std::string_view s : d.subjects) {
            const QString id = QString::fromUtf8(s.data(), qsizetype(s.size()));
            subjects << id;
            const Node *node = topology.node(std::string(s));
            shown << (node && !node->label.empty() ? QStringLiteral("%1 (%2)").arg(toQString(node->label), id) : id);
        }
        auto *item = new ProblemItem({toQString(d.message.str()), toQString(d.rule), shown.join(QLatin1String(", ")),
                                      toQString(d.hint.str()),
                                      d.loc.line > 0 ? QString::number(d.loc.line) : QString()});
        item->setData(0, kSeverityRole, severity);
        item->setData(0, kIndexRole, int(index));
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
    applyFilter();
    if (m_diagnostics.empty())
        m_summary->setText(tr("No problems found."));
    else
        m_summary->setText(QStringLiteral("%1, %2, %3")
                               .arg(tr("%n error(s)", nullptr, counts[0]), tr("%n warning(s)", nullptr, counts[1]),
                                    tr("%n note(s)", nullptr, counts[2])));
    emit diagnosticsChanged(m_diagnostics);
}

QTreeWidgetItem *ProblemsWidget::rowOf(std::size_t index) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, kIndexRole).toInt() == int(index))
            return m_tree->topLevelItem(i);
    return nullptr;
}

QSize ProblemsWidget::sizeHint() const
{
    return QSize(QWidget::sizeHint().width(), fontMetrics().height() * 14);
}

// Rows of the chosen severity whose text, rule, subjects or hint hold the
// filter's text; the others hidden.
void ProblemsWidget::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    const int severity = m_severity->currentData().toInt();
    int shown = 0;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_tree->topLevelItem(i);
        bool match = severity < 0 || item->data(0, kSeverityRole).toInt() == severity;
        if (match && !needle.isEmpty()) {
            match = false;
            for (int c = 0; c < m_tree->columnCount() && !match; ++c)
                match = item->text(c).contains(needle, Qt::CaseInsensitive);
        }
        item->setHidden(!match);
        shown += match;
    }
    if (shown < m_tree->topLevelItemCount())
        m_filter->setToolTip(tr("%1 of %2 shown").arg(shown).arg(m_tree->topLevelItemCount()));
    else
        m_filter->setToolTip({});
}

} // namespace sky
