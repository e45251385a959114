// InspectorWidget: placement of nodes and zones (provider, region, size,
// pin), and the topology's requirements, budget and provider profiles.
#include "inspectorwidget.h"

#include "canvasscene.h"
#include "document.h"
#include "policyscope.h"
#include "quantity.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <functional>

namespace sky {

namespace {

QString regionText(const Region &r)
{
    QString text = toQString(r.id);
    if (!r.label.empty())
        text += QStringLiteral(" — ") + toQString(r.label);
    if (r.status != RegionStatus::Active)
        text += QStringLiteral(" (%1 %2)").arg(toQString(std::string(regionStatusName(r.status))), toQString(r.closes));
    return text;
}

// Provider, region, size and pin editors for `current`, writing through `set`.
void placementRows(QWidget *page, QFormLayout *form, const ProviderSet &providers, const Placement &current,
                   const QString &providerNone, const std::function<void(const Placement &)> &set)
{
    auto *provider = new QComboBox(page);
    provider->setObjectName(QStringLiteral("placement:provider"));
    provider->addItem(providerNone, QString());
    for (const auto &profile : providers.profiles())
        provider->addItem(toQString(profile->label.empty() ? profile->id : profile->label + " (" + profile->id + ")"),
                          toQString(profile->id));
    if (!current.provider.empty() && provider->findData(toQString(current.provider)) < 0)
        provider->addItem(QObject::tr("%1 (not loaded)").arg(toQString(current.provider)), toQString(current.provider));
    provider->setCurrentIndex(std::max(0, provider->findData(toQString(current.provider))));
    form->addRow(QObject::tr("Provider"), provider);

    auto *region = new QComboBox(page);
    region->setObjectName(QStringLiteral("placement:region"));
    const ProviderProfile *profile = providers.find(current.provider);
    region->addItem(current.provider.empty() ? QString() : QObject::tr("(choose a region)"), QString());
    if (profile)
        for (const Region &r : profile->regions) {
            region->addItem(regionText(r), toQString(r.id));
            if (r.status != RegionStatus::Active)
                region->setItemData(region->count() - 1, QColor(0xe0, 0x31, 0x31), Qt::ForegroundRole);
        }
    if (!current.region.empty() && region->findData(toQString(current.region)) < 0)
        region->addItem(QObject::tr("%1 (unknown)").arg(toQString(current.region)), toQString(current.region));
    region->setCurrentIndex(std::max(0, region->findData(toQString(current.region))));
    region->setEnabled(!current.provider.empty());
    form->addRow(QObject::tr("Region"), region);

    auto *size = new QLineEdit(toQString(current.size), page);
    size->setObjectName(QStringLiteral("placement:size"));
    size->setPlaceholderText(QObject::tr("the cheapest that fits"));
    size->setEnabled(!current.provider.empty());
    form->addRow(QObject::tr("Size"), size);

    auto *pinned = new QCheckBox(QObject::tr("Pinned"), page);
    pinned->setToolTip(QObject::tr("Place never moves a pinned node"));
    pinned->setObjectName(QStringLiteral("placement:pinned"));
    pinned->setChecked(current.pinned);
    pinned->setEnabled(!current.provider.empty());
    form->addRow(QString(), pinned);

    if (profile)
        if (const Region *r = profile->region(current.region); r && r->status != RegionStatus::Active) {
            auto *warning = new QLabel(QObject::tr("Region %1 is %2 (%3): move what runs there.")
                                           .arg(toQString(r->id), toQString(std::string(regionStatusName(r->status))),
                                                toQString(r->closes)),
                                       page);
            warning->setObjectName(QStringLiteral("placement:closing"));
            warning->setWordWrap(true);
            warning->setStyleSheet(QStringLiteral("color: #e03131;"));
            form->addRow(QString(), warning);
        }

    QObject::connect(provider, &QComboBox::currentIndexChanged, page, [provider, current, set](int) {
        Placement p;
        p.provider = toStd(provider->currentData().toString());
        if (!p.provider.empty()) {
            p.pinned = current.provider.empty() ? true : current.pinned; // a choice made by hand is the user's
            if (p.provider == current.provider)
                p = current;
        }
        set(p);
    });
    QObject::connect(region, &QComboBox::currentIndexChanged, page, [region, current, set](int) {
        Placement p = current;
        p.region = toStd(region->currentData().toString());
        set(p);
    });
    QObject::connect(size, &QLineEdit::editingFinished, page, [size, current, set] {
        Placement p = current;
        p.size = toStd(size->text().trimmed());
        if (!(p == current))
            set(p);
    });
    QObject::connect(pinned, &QCheckBox::toggled, page, [current, set](bool on) {
        Placement p = current;
        p.pinned = on;
        set(p);
    });
}

} // namespace

void InspectorWidget::addNodePlacement(const std::string &id)
{
    const Topology &t = m_document->topology();
    const Node *node = t.node(id);
    if (!node)
        return;
    QFormLayout *form = newForm(tr("Placement"));
    std::string zone;
    const Placement inherited = zonePlacementOf(t, *node, &zone);
    if (!inherited.provider.empty()) {
        const Zone *z = t.zone(zone);
        auto *from = new QLabel(tr("Inherited from zone %1: %2/%3%4%5")
                                    .arg(toQString(z && !z->label.empty() ? z->label : zone),
                                         toQString(inherited.provider), toQString(inherited.region),
                                         inherited.size.empty() ? QString() : QStringLiteral(" · ") + toQString(inherited.size),
                                         node->placement.pinned ? tr(" — its own pin below wins")
                                         : node->placement.provider.empty()
                                             ? QString()
                                             : tr(" — this wins over its own unpinned placement below")),
                                m_page);
        from->setObjectName(QStringLiteral("placement:inherited"));
        from->setWordWrap(true);
        QFont italic = from->font();
        italic.setItalic(true);
        from->setFont(italic);
        form->addRow(tr("Zone"), from);
    }
    Document *doc = m_document;
    placementRows(m_page, form, doc->providers(), node->placement,
                  inherited.provider.empty() ? tr("(not placed)") : tr("(as its zone)"),
                  [doc, id](const Placement &p) { doc->setNodePlacement(id, p); });
    if (doc->providers().empty())
        form->addRow(QString(), new QLabel(tr("Name provider profiles on the topology's page to choose from them."), m_page));
}

void InspectorWidget::addZonePlacement(const std::string &id)
{
    const Zone *zone = m_document->topology().zone(id);
    if (!zone)
        return;
    QFormLayout *form = newForm(tr("Placement of its nodes"));
    Document *doc = m_document;
    placementRows(m_page, form, doc->providers(), zone->placement, tr("(none)"),
                  [doc, id](const Placement &p) { doc->setZonePlacement(id, p); });
}

void InspectorWidget::addRequirements()
{
    const Topology &t = m_document->topology();
    Document *doc = m_document;
    QFormLayout *form = newForm(tr("Requirements"));

    QStringList names;
    for (const std::string &p : t.providers)
        names << toQString(p);
    auto *providers = new QLineEdit(names.join(QStringLiteral(", ")), m_page);
    providers->setObjectName(QStringLiteral("providers"));
    QStringList builtins;
    for (const std::string &id : builtinProviderIds())
        builtins << toQString(id);
    providers->setPlaceholderText(builtins.join(QStringLiteral(", ")));
    providers->setToolTip(tr("Provider profiles the design may use: built-in ids (%1) or .yaml files beside the "
                             "design. Comma-separated.")
                              .arg(builtins.join(QStringLiteral(", "))));
    connect(providers, &QLineEdit::editingFinished, this, [doc, providers] {
        std::vector<std::string> list;
        for (const QString &part : providers->text().split(u',', Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty())
                list.push_back(toStd(part.trimmed()));
        if (list != doc->topology().providers)
            doc->setProviders(list);
    });
    form->addRow(tr("Providers"), providers);
    for (const Diagnostic &d : doc->providerProblems()) {
        auto *problem = new QLabel(toQString(d.message.str()), m_page);
        problem->setWordWrap(true);
        problem->setStyleSheet(QStringLiteral("color: #e03131;"));
        form->addRow(QString(), problem);
    }

    // Throughput: a rate for the whole design; per entry point it is a map, kept and shown.
    const auto throughputIt = t.requirements.find("throughput");
    if (throughputIt == t.requirements.end() || throughputIt->second.isScalar()) {
        auto *throughput = new QLineEdit(throughputIt == t.requirements.end() ? QString()
                                                                              : toQString(throughputIt->second.display()),
                                         m_page);
        throughput->setObjectName(QStringLiteral("throughput"));
        throughput->setPlaceholderText(tr("e.g. 2Gbps"));
        connect(throughput, &QLineEdit::editingFinished, this, [this, doc, throughput] {
            const std::string text = toStd(throughput->text().trimmed());
            ValueMap requirements = doc->topology().requirements;
            if (text.empty()) {
                requirements.erase("throughput");
            } else if (!parseBandwidth(text)) {
                showError(tr("\"%1\" is not a bandwidth: write 250Mbps or 2Gbps.").arg(throughput->text()));
                return;
            } else {
                requirements["throughput"] = Value(text);
            }
            if (requirements != doc->topology().requirements)
                doc->setRequirements(requirements);
        });
        form->addRow(tr("Throughput"), throughput);
    } else {
        form->addRow(tr("Throughput"), new QLabel(toQString(throughputIt->second.display()), m_page));
    }

    const auto monthlyIt = t.budget.extra.find("monthly");
    auto *monthly = new QLineEdit(monthlyIt == t.budget.extra.end() ? QString() : toQString(monthlyIt->second.display()),
                                  m_page);
    monthly->setObjectName(QStringLiteral("budgetMonthly"));
    monthly->setPlaceholderText(tr("e.g. 12000 USD"));
    connect(monthly, &QLineEdit::editingFinished, this, [this, doc, monthly] {
        const std::string text = toStd(monthly->text().trimmed());
        Resources budget = doc->topology().budget;
        if (text.empty()) {
            budget.extra.erase("monthly");
        } else if (!parseMoney(text)) {
            showError(tr("\"%1\" is not an amount: write 12000 USD.").arg(monthly->text()));
            return;
        } else {
            budget.extra["monthly"] = Value(text);
        }
        if (!(budget == doc->topology().budget))
            doc->setBudget(budget);
    });
    form->addRow(tr("Budget a month"), monthly);

    auto *cpu = new QLineEdit(t.budget.cpu ? toQString(formatNumber(*t.budget.cpu)) : QString(), m_page);
    cpu->setObjectName(QStringLiteral("budgetCpu"));
    cpu->setPlaceholderText(tr("cores, e.g. 64"));
    connect(cpu, &QLineEdit::editingFinished, this, [this, doc, cpu] {
        Resources budget = doc->topology().budget;
        bool ok = true;
        const double value = cpu->text().trimmed().toDouble(&ok);
        if (cpu->text().trimmed().isEmpty())
            budget.cpu.reset();
        else if (!ok || value <= 0) {
            showError(tr("\"%1\" is not a number of cores.").arg(cpu->text()));
            return;
        } else
            budget.cpu = value;
        if (!(budget == doc->topology().budget))
            doc->setBudget(budget);
    });
    form->addRow(tr("Budget CPU"), cpu);

    auto *memory = new QLineEdit(t.budget.memory ? toQString(formatSize(*t.budget.memory)) : QString(), m_page);
    memory->setObjectName(QStringLiteral("budgetMemory"));
    memory->setPlaceholderText(tr("e.g. 256GiB"));
    connect(memory, &QLineEdit::editingFinished, this, [this, doc, memory] {
        Resources budget = doc->topology().budget;
        const std::string text = toStd(memory->text().trimmed());
        const auto bytes = parseSize(text);
        if (text.empty())
            budget.memory.reset();
        else if (!bytes) {
            showError(tr("\"%1\" is not a size: write 256GiB.").arg(memory->text()));
            return;
        } else
            budget.memory = *bytes;
        if (!(budget == doc->topology().budget))
            doc->setBudget(budget);
    });
    form->addRow(tr("Budget memory"), memory);
}

} // namespace sky
