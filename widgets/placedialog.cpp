#include "placedialog.h"

#include "costreport.h"
#include "document.h"
#include "placement.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sky {

namespace {

// Everything a run reads, copied: the document may change (or go) while it runs.
struct RunInput
{
    Topology topology;
    Catalog catalog;
    ProviderSet providers;
    PlaceOptions options;
};

std::string locationText(const Placement &p)
{
    if (p.provider.empty())
        return {};
    return p.provider + "/" + p.region;
}

PlaceDialog::Outcome run(const RunInput &in)
{
    PlaceDialog::Outcome out;
    out.ran = true;
    const PlacementModel before(in.topology, in.catalog, in.providers, PlacementModel::Extent::CurrentOnly);
    out.before = costReport(before).total;
    const PlacementModel model(in.topology, in.catalog, in.providers);
    const PlaceResult result = place(model, in.options);
    out.feasible = result.feasible;
    out.method = result.method;
    out.conflicts = result.conflicts;
    if (!in.providers.profiles().empty())
        out.currency = in.providers.profiles().front()->currency;
    for (const auto &p : in.providers.profiles())
        out.providers.push_back(p->id);
    if (!result.feasible)
        return out;
    Topology placed = in.topology;
    applyPlacement(placed, model, result);
    for (const auto &[id, node] : placed.nodes) {
        const Node *old = in.topology.node(id);
        if (!old || old->placement == node.placement)
            continue;
        out.changed[id] = node.placement;
        const std::string from = locationText(old->placement), to = locationText(node.placement);
        if (from != to)
            out.moves[id] = {from, to};
    }
    const PlacementModel after(placed, in.catalog, in.providers, PlacementModel::Extent::CurrentOnly);
    out.after = costReport(after).total;
    return out;
}

} // namespace

PlaceDialog::PlaceDialog(Document *document, QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_keep(new QCheckBox(tr("Keep placed nodes where they may stay (move only what must move)"), this))
    , m_method(new QComboBox(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_cancel(new QPushButton(tr("Cancel Run"), this))
    , m_apply(new QPushButton(tr("Apply"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_table(new QTreeWidget(this))
    , m_generation(std::make_shared<int>(0))
{
    setWindowTitle(tr("Place"));
    setObjectName(QStringLiteral("placeDialog"));
    m_keep->setObjectName(QStringLiteral("keep"));
    m_keep->setChecked(true);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItem(tr("Automatic (exact up to 200 free nodes)"), int(PlaceOptions::Method::Auto));
    m_method->addItem(tr("Exact (GLPK)"), int(PlaceOptions::Method::Exact));
    m_method->addItem(tr("Alpha-expansion (large designs)"), int(PlaceOptions::Method::Expansion));
    m_run->setObjectName(QStringLiteral("run"));
    m_cancel->setObjectName(QStringLiteral("cancel"));
    m_apply->setObjectName(QStringLiteral("apply"));
    m_apply->setEnabled(false);
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setObjectName(QStringLiteral("proposal"));
    m_table->setHeaderLabels({tr("Node"), tr("Now"), tr("Proposed"), tr("Size")});
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *options = new QFormLayout;
    options->addRow(QString(), m_keep);
    options->addRow(tr("Method"), m_method);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_run);
    runRow->addWidget(m_cancel);
    runRow->addWidget(m_progress, 1);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_apply, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(options);
    layout->addLayout(runRow);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(720, 480);

    connect(m_run, &QPushButton::clicked, this, &PlaceDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &PlaceDialog::cancel);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (apply())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (document->providers().empty())
        m_status->setText(tr("The topology names no provider profiles: name them on the topology's page of the "
                             "inspector (Providers), e.g. aws, private-dc, or a profile file beside the design."));
    else
        m_status->setText(tr("Places the design on %1 at the least monthly cost under its policies, as "
                             "skyplan place does. Nothing changes until Apply.")
                              .arg(toQString(document->providers().ids())));
}

PlaceDialog::~PlaceDialog()
{
    ++*m_generation; // a run still going finds no one to tell
}

void PlaceDialog::start()
{
    if (m_running)
        return;
    if (m_document->providers().empty()) {
        m_outcome = {};
        m_outcome.error = tr("No provider profiles to place on.");
        m_status->setText(m_outcome.error);
        emit finishedRun();
        return;
    }
    auto input = std::make_shared<RunInput>(RunInput{m_document->topology(), m_document->catalog(),
                                                     m_document->providers(), {}});
    input->options.keep = m_keep->isChecked();
    input->options.method = PlaceOptions::Method(m_method->currentData().toInt());
    const quint64 revision = m_document->revision();
    const int generation = ++*m_generation;
    std::weak_ptr<int> alive = m_generation;
    QPointer<PlaceDialog> self(this);
    m_running = true;
    m_run->setEnabled(false);
    m_apply->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setRange(0, 0); // busy: the solvers report no fraction done
    m_status->setText(tr("Placing %n node(s)…", nullptr, int(m_document->topology().nodes.size())));
    m_table->clear();
    QThread *thread = QThread::create([input, revision, generation, alive, self] {
        Outcome outcome = run(*input);
        outcome.revision = revision;
        QMetaObject::invokeMethod(QCoreApplication::instance(), [outcome = std::move(outcome), generation, alive, self]() mutable {
            const auto current = alive.lock();
            if (!current || !self || *current != generation)
                return; // cancelled, or the dialog is gone
            self->m_running = false;
            self->showOutcome(outcome);
            emit self->finishedRun();
        }, Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void PlaceDialog::cancel()
{
    if (!m_running)
        return;
    ++*m_generation;
    m_running = false;
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->setText(tr("Cancelled. The design is unchanged."));
}

void PlaceDialog::showOutcome(const Outcome &o)
{
    m_outcome = o;
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    if (!o.feasible) {
        QStringList lines;
        for (const std::string &c : o.conflicts)
            lines << toQString(c);
        m_status->setText(tr("No feasible placement:\n%1").arg(lines.join(u'\n')));
        return;
    }
    const QString currency = toQString(o.currency);
    const double delta = o.after - o.before;
    m_status->setText(tr("By %1: %n node(s) change, %2 move.\nMonthly cost %3 → %4 %5 (%6%7).", nullptr,
                         int(o.changed.size()))
                          .arg(toQString(o.method))
                          .arg(o.moves.size())
                          .arg(toQString(formatMoney(o.before)), toQString(formatMoney(o.after)), currency,
                               delta >= 0 ? QStringLiteral("+") : QString(), toQString(formatMoney(delta))));
    for (const auto &[id, placement] : o.changed) {
        const Node *node = m_document->topology().node(id);
        const std::string now = node ? locationText(node->placement) : std::string();
        auto *item = new QTreeWidgetItem(m_table, {toQString(id), now.empty() ? tr("(not placed)") : toQString(now),
                                                   toQString(locationText(placement)), toQString(placement.size)});
        if (o.moves.count(id)) {
            QFont bold = item->font(2);
            bold.setBold(true);
            item->setFont(2, bold);
        }
    }
    m_apply->setEnabled(!o.changed.empty());
    if (o.changed.empty())
        m_status->setText(m_status->text() + u'\n' + tr("Every node is already where it would go."));
}

bool PlaceDialog::apply()
{
    if (!m_outcome.feasible || m_outcome.changed.empty())
        return false;
    if (m_document->revision() != m_outcome.revision) {
        m_status->setText(tr("The design changed since the run: run it again to place the design as it is now."));
        m_apply->setEnabled(false);
        return false;
    }
    m_document->applyPlacements(m_outcome.changed, m_outcome.providers,
                                tr("Place %n node(s)", nullptr, int(m_outcome.changed.size())));
    m_apply->setEnabled(false);
    return true;
}

} // namespace sky
