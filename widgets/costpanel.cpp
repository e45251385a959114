#include "costpanel.h"

#include "costreport.h"
#include "document.h"
#include "placement.h"

#include <QHeaderView>
#include <QLabel>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sky {

namespace {

QString money(double amount)
{
    return toQString(formatMoney(amount));
}

QString sv(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

CostPanel::CostPanel(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_tree(new QTreeWidget(this))
    , m_summary(new QLabel(this))
{
    m_tree->setObjectName(QStringLiteral("cost"));
    m_tree->setHeaderLabels({tr("Item"), tr("Where"), tr("Month"), QString()});
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    // The figures beside the names, not across the width of the window.
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->resizeSection(0, 260);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(3, QHeaderView::Stretch); // the rest of the width, empty
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("costSummary"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    connect(document, &Document::changed, this, &CostPanel::onChanged);
    recompute();
}

void CostPanel::onChanged(const TopologyChange &change)
{
    if (!change.meaningChanged() || m_pending)
        return;
    // After the edits of one event loop turn, once: CurrentOnly is quick
    // (it judges each node where it stands), so no thread is needed.
    m_pending = true;
    QTimer::singleShot(0, this, &CostPanel::recompute);
}

void CostPanel::recompute()
{
    m_pending = false;
    m_tree->clear();
    const Topology &t = m_document->topology();
    const ProviderSet &providers = m_document->providers();
    if (providers.empty()) {
        m_total.reset();
        m_totalText.clear();
        m_summary->setText(t.providers.empty()
                               ? tr("No provider profiles: name them on the topology's page of the inspector "
                                    "(Providers) to see what the design costs.")
                               : tr("The provider profiles could not be loaded: see Problems."));
        emit totalChanged(m_totalText);
        return;
    }
    const PlacementModel model(t, m_document->catalog(), providers, PlacementModel::Extent::CurrentOnly);
    const CostReport report = costReport(model);
    const QString currency = toQString(report.currency);
    m_total = report.total;
    m_totalText = tr("%1 %2/month").arg(money(report.total), currency);
    QString summary = tr("<b>%1 %2</b> a month (%3 an hour)")
                          .arg(money(report.total), currency, QString::number(report.total / kHoursPerMonth, 'f', 4));
    if (report.unplaced > 0)
        summary += tr("; %n node(s) not placed, not costed", nullptr, int(report.unplaced));
    m_summary->setText(summary);

    auto *nodes = new QTreeWidgetItem(m_tree, {tr("Nodes"), QString(), money(report.total)});
    m_tree->setColumnCount(4);
    for (const CostReport::NodeLine &line : report.nodes) {
        const QString where = line.placed ? sv(line.provider) + u'/' + sv(line.region)
                                                + (line.size.empty() ? QString() : QStringLiteral(" · ") + sv(line.size))
                                          : tr("not placed");
        auto *item = new QTreeWidgetItem(nodes, {sv(line.id), where, line.placed ? money(line.total()) : QString()});
        item->setData(0, Qt::UserRole, sv(line.id));
        item->setToolTip(0, tr("compute %1, storage %2, internet %3, transfer %4%5")
                                .arg(money(line.compute), money(line.storage), money(line.internet),
                                     money(line.transfer), line.note.empty() ? QString() : QStringLiteral("; ") + toQString(line.note)));
    }
    auto *zones = new QTreeWidgetItem(m_tree, {tr("Zones")});
    for (const auto &[zone, amount] : report.zones)
        new QTreeWidgetItem(zones, {zone.empty() ? tr("(no zone)") : sv(zone), QString(), money(amount)});
    auto *byProvider = new QTreeWidgetItem(m_tree, {tr("Providers")});
    for (const auto &[provider, amount] : report.providers)
        new QTreeWidgetItem(byProvider, {sv(provider), QString(), money(amount)});
    if (report.transfer > 0)
        new QTreeWidgetItem(m_tree, {tr("Transfer between locations"), QString(), money(report.transfer)});
    zones->setExpanded(true);
    byProvider->setExpanded(true);
    nodes->setExpanded(report.nodes.size() <= 200);
    emit totalChanged(m_totalText);
}

} // namespace sky
