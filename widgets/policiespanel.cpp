#include "policiespanel.h"

#include "catalog.h"
#include "document.h"
#include "policyscope.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>
#include <utility>

namespace sky {

namespace {

QString kindTitle(const std::string &kind)
{
    if (kind == "data-residency")
        return PoliciesPanel::tr("Data residency");
    if (kind == "segmentation")
        return PoliciesPanel::tr("Segmentation");
    if (kind == "compliance")
        return PoliciesPanel::tr("Compliance");
    if (kind == "platform")
        return PoliciesPanel::tr("Platform");
    if (kind == "provider")
        return PoliciesPanel::tr("Provider");
    if (kind == "spread")
        return PoliciesPanel::tr("Spread");
    return toQString(kind);
}

// The fields each kind's editor shows; any other field is kept and listed.
const std::set<std::string> &knownFields(const std::string &kind)
{
    static const std::map<std::string, std::set<std::string>> fields = {
        {"data-residency", {"regions", "applies-to"}},
        {"segmentation", {"zone", "allow-from"}},
        {"compliance", {"certifications", "applies-to"}},
        {"platform", {"platforms", "exclude", "applies-to"}},
        {"provider", {"allow", "exclude", "applies-to"}},
        {"spread", {"across", "at-least", "applies-to"}},
    };
    static const std::set<std::string> none;
    const auto it = fields.find(kind);
    return it == fields.end() ? none : it->second;
}

std::vector<std::string> splitList(const QString &text)
{
    std::vector<std::string> out;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        if (const QString s = part.trimmed(); !s.isEmpty())
            out.push_back(toStd(s));
    return out;
}

QString joinList(const std::vector<std::string> &items)
{
    QStringList list;
    for (const std::string &s : items)
        list << toQString(s);
    return list.join(QStringLiteral(", "));
}

QListWidget *checkList(QWidget *parent, const QString &name, const std::vector<std::pair<std::string, QString>> &items,
                       const std::vector<std::string> &checked)
{
    auto *list = new QListWidget(parent);
    list->setObjectName(name);
    std::set<std::string> on(checked.begin(), checked.end());
    for (const auto &item : items) {
        auto *row = new QListWidgetItem(item.second, list);
        row->setData(Qt::UserRole, toQString(item.first));
        row->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        row->setCheckState(on.erase(item.first) ? Qt::Checked : Qt::Unchecked);
    }
    for (const std::string &unknown : on) { // named by the policy, not in the design: shown, so it can be unchecked
        auto *row = new QListWidgetItem(PoliciesPanel::tr("%1 (not in the design)").arg(toQString(unknown)), list);
        row->setData(Qt::UserRole, toQString(unknown));
        row->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        row->setCheckState(Qt::Checked);
    }
    list->setMinimumHeight(90);
    return list;
}

std::vector<std::string> checkedOf(const QListWidget *list)
{
    std::vector<std::string> out;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            out.push_back(toStd(list->item(i)->data(Qt::UserRole).toString()));
    return out;
}

} // namespace

QString policySummary(const Policy &p)
{
    // Lists as plain names ("EU, CH"), not as YAML with quotes.
    const auto text = [](const Value &value) {
        Policy holder;
        holder.fields["x"] = value;
        return value.isMap() ? toQString(value.display()) : joinList(fieldTexts(holder, "x"));
    };
    QStringList parts;
    for (const auto &[key, value] : p.fields) {
        if (key == "applies-to") {
            if (!value.isMap())
                continue;
            QStringList scope;
            for (const auto &[what, names] : value.toMap())
                scope << toQString(what) + QStringLiteral(": ") + text(names);
            parts << scope.join(QStringLiteral("; "));
        } else {
            parts << toQString(key) + QStringLiteral(": ") + text(value);
        }
    }
    if (p.kind != "segmentation" && !p.fields.count("applies-to"))
        parts << PoliciesPanel::tr("every node");
    return parts.join(QStringLiteral(" · "));
}

const std::vector<std::string> &PoliciesPanel::kinds()
{
    static const std::vector<std::string> all{"data-residency", "segmentation", "compliance", "platform", "provider",
                                              "spread"};
    return all;
}

PoliciesPanel::PoliciesPanel(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_list(new QTreeWidget(this))
    , m_add(new QToolButton(this))
    , m_delete(new QPushButton(tr("Delete"), this))
    , m_scroll(new QScrollArea(this))
{
    m_list->setObjectName(QStringLiteral("policies"));
    m_list->setHeaderLabels({tr("Policy"), tr("Kind"), tr("Fields")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    m_list->setMinimumHeight(80);
    m_add->setText(tr("Add Policy"));
    m_add->setObjectName(QStringLiteral("addPolicy"));
    m_add->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_add);
    for (const std::string &kind : kinds()) {
        const std::string k = kind;
        menu->addAction(kindTitle(kind), this, [this, k] { addPolicy(k); });
    }
    m_add->setMenu(menu);
    m_delete->setObjectName(QStringLiteral("deletePolicy"));
    connect(m_delete, &QPushButton::clicked, this, &PoliciesPanel::deleteCurrent);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_scroll, 2);

    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (m_filling)
            return;
        m_current = item ? toStd(item->data(0, Qt::UserRole).toString()) : std::string();
        buildEditor();
        announceScope();
    });
    connect(document, &Document::changed, this, &PoliciesPanel::onChanged);
    refresh();
}

QWidget *PoliciesPanel::editor(const QString &objectName) const
{
    return m_page ? m_page->findChild<QWidget *>(objectName) : nullptr;
}

void PoliciesPanel::onChanged(const TopologyChange &change)
{
    // The scope follows nodes, zones and policies; the pick lists too.
    if (change.reset || change.policiesChanged || change.zonesChanged || change.membershipChanged
        || !change.nodesAdded.empty() || !change.nodesRemoved.empty() || !change.nodesChanged.empty())
        scheduleRefresh();
}

void PoliciesPanel::scheduleRefresh()
{
    if (m_refreshPending)
        return;
    m_refreshPending = true;
    QTimer::singleShot(0, this, &PoliciesPanel::refresh);
}

void PoliciesPanel::refresh()
{
    m_refreshPending = false;
    const bool selfEdit = std::exchange(m_selfEdit, false);
    if (!m_current.empty() && !m_document->topology().policies.count(m_current))
        m_current.clear();
    fillList();
    if (!selfEdit || m_editorPolicy != m_current || !m_page)
        buildEditor();
    announceScope();
}

void PoliciesPanel::fillList()
{
    m_filling = true;
    m_list->clear();
    QTreeWidgetItem *current = nullptr;
    for (const auto &[id, p] : m_document->topology().policies) {
        auto *item = new QTreeWidgetItem(m_list, {toQString(id), kindTitle(p.kind), policySummary(p)});
        item->setData(0, Qt::UserRole, toQString(id));
        item->setToolTip(2, item->text(2));
        if (id == m_current)
            current = item;
    }
    m_list->setCurrentItem(current);
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(1);
    m_delete->setEnabled(current != nullptr);
    m_filling = false;
}

void PoliciesPanel::selectPolicy(const std::string &id)
{
    m_current = m_document->topology().policies.count(id) ? id : std::string();
    fillList();
    buildEditor();
    announceScope();
}

std::string PoliciesPanel::addPolicy(const std::string &kind)
{
    Policy p;
    p.kind = kind;
    p.id = m_document->uniquePolicyId(kind == "data-residency" ? std::string("residency") : kind);
    // What each kind needs to be checked at all, where there is a safe
    // choice; the rest is left for the user (SP-POLICY says what is missing).
    if (kind == "segmentation" && !m_document->topology().zones.empty())
        p.fields["zone"] = Value(m_document->topology().zones.begin()->first);
    if (kind == "spread") {
        p.fields["across"] = Value("regions");
        p.fields["at-least"] = Value(2);
    }
    QString why;
    if (!m_document->setPolicy({}, p, &why)) {
        showError(why);
        return {};
    }
    selectPolicy(p.id);
    return p.id;
}

void PoliciesPanel::deleteCurrent()
{
    if (m_current.empty())
        return;
    const std::string id = m_current;
    m_current.clear();
    m_document->removePolicy(id);
    refresh();
}

void PoliciesPanel::showError(const QString &message)
{
    if (m_error) {
        m_error->setText(message);
        m_error->setVisible(!message.isEmpty());
    }
}

void PoliciesPanel::commit(const Policy &edited)
{
    QString why;
    const std::string old = m_current;
    if (!m_document->setPolicy(old, edited, &why)) {
        showError(why);
        return;
    }
    m_current = edited.id;
    m_selfEdit = true;
    scheduleRefresh();
}

void PoliciesPanel::addListField(QFormLayout *form, const Policy &p, const std::string &key, const QString &title,
                                 const QString &placeholder, const QStringList &suggestions)
{
    auto *edit = new QLineEdit(joinList(fieldTexts(p, key)), m_page);
    edit->setObjectName(QStringLiteral("field:") + toQString(key));
    edit->setPlaceholderText(placeholder);
    if (!suggestions.isEmpty())
        edit->setToolTip(tr("Comma-separated. Known to the loaded profiles: %1").arg(suggestions.join(QStringLiteral(", "))));
    else
        edit->setToolTip(tr("Comma-separated."));
    const std::string k = key;
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, k] {
        const auto it = m_document->topology().policies.find(m_current);
        if (it == m_document->topology().policies.end())
            return;
        Policy edited = it->second;
        setFieldTexts(edited, k, splitList(edit->text()));
        if (!(edited == it->second))
            commit(edited);
    });
    form->addRow(title, edit);
}

void PoliciesPanel::buildEditor()
{
    if (m_page)
        m_page->deleteLater();
    m_page = new QWidget;
    auto *layout = new QVBoxLayout(m_page);
    layout->setContentsMargins(0, 4, 0, 0);
    m_error = new QLabel(m_page);
    m_error->setObjectName(QStringLiteral("policyError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #e03131;"));
    m_error->setVisible(false);
    const Topology &t = m_document->topology();
    const auto it = t.policies.find(m_current);
    m_editorPolicy = it == t.policies.end() ? std::string() : m_current;
    m_delete->setEnabled(it != t.policies.end());
    if (it == t.policies.end()) {
        auto *hint = new QLabel(t.policies.empty()
                                    ? tr("No policies yet. Add one to say where data may live, which zones may "
                                         "reach which, or where the design may run.")
                                    : tr("Select a policy to edit it."),
                                m_page);
        hint->setWordWrap(true);
        layout->addWidget(hint);
        layout->addWidget(m_error);
        layout->addStretch(1);
        m_scroll->setWidget(m_page);
        return;
    }
    const Policy &p = it->second;
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);

    auto *id = new QLineEdit(toQString(p.id), m_page);
    id->setObjectName(QStringLiteral("policyId"));
    connect(id, &QLineEdit::editingFinished, this, [this, id] {
        const auto found = m_document->topology().policies.find(m_current);
        if (found == m_document->topology().policies.end() || toStd(id->text().trimmed()) == m_current)
            return;
        Policy edited = found->second;
        edited.id = toStd(id->text().trimmed());
        commit(edited);
    });
    form->addRow(tr("Id"), id);
    auto *kind = new QLabel(kindTitle(p.kind) + QStringLiteral(" (") + toQString(p.kind) + u')', m_page);
    kind->setObjectName(QStringLiteral("policyKind"));
    form->addRow(tr("Kind"), kind);

    // Names the loaded profiles know, as suggestions.
    QStringList regions, certifications, platforms, providers;
    for (const auto &profile : m_document->providers().profiles()) {
        providers << toQString(profile->id);
        for (const Region &r : profile->regions) {
            for (const std::string *s : {&r.id, &r.country, &r.jurisdiction})
                if (!s->empty() && !regions.contains(toQString(*s)))
                    regions << toQString(*s);
            for (const std::string &c : r.certifications)
                if (!certifications.contains(toQString(c)))
                    certifications << toQString(c);
            for (const std::string &pl : r.platforms)
                if (!platforms.contains(toQString(pl)))
                    platforms << toQString(pl);
        }
    }

    if (p.kind == "data-residency") {
        addListField(form, p, "regions", tr("Regions"), tr("e.g. EU, CH, eu-west-1"), regions);
    } else if (p.kind == "compliance") {
        addListField(form, p, "certifications", tr("Certifications"), tr("e.g. PCI DSS, ISO 27001"), certifications);
    } else if (p.kind == "platform") {
        addListField(form, p, "platforms", tr("Any of"), tr("e.g. VMware, KVM"), platforms);
        addListField(form, p, "exclude", tr("None of"), tr("e.g. Hyper-V"), platforms);
    } else if (p.kind == "provider") {
        addListField(form, p, "allow", tr("Allow"), tr("e.g. aws, private-dc"), providers);
        addListField(form, p, "exclude", tr("Exclude"), tr("e.g. private-dc"), providers);
    } else if (p.kind == "spread") {
        auto *across = new QComboBox(m_page);
        across->setObjectName(QStringLiteral("field:across"));
        across->addItem(tr("regions"), QStringLiteral("regions"));
        across->addItem(tr("providers"), QStringLiteral("providers"));
        const auto now = fieldTexts(p, "across");
        across->setCurrentIndex(now.empty() ? 0 : std::max(0, across->findData(toQString(now.front()))));
        connect(across, &QComboBox::currentIndexChanged, this, [this, across](int) {
            const auto found = m_document->topology().policies.find(m_current);
            if (found == m_document->topology().policies.end())
                return;
            Policy edited = found->second;
            edited.fields["across"] = Value(toStd(across->currentData().toString()));
            commit(edited);
        });
        form->addRow(tr("Across"), across);
        auto *atLeast = new QSpinBox(m_page);
        atLeast->setObjectName(QStringLiteral("field:at-least"));
        atLeast->setRange(1, 100);
        atLeast->setKeyboardTracking(false);
        const auto n = p.fields.find("at-least");
        atLeast->setValue(n != p.fields.end() && n->second.isInt() ? int(n->second.toInt()) : 2);
        connect(atLeast, &QSpinBox::valueChanged, this, [this](int value) {
            const auto found = m_document->topology().policies.find(m_current);
            if (found == m_document->topology().policies.end())
                return;
            Policy edited = found->second;
            edited.fields["at-least"] = Value(value);
            commit(edited);
        });
        form->addRow(tr("At least"), atLeast);
    } else if (p.kind == "segmentation") {
        auto *zone = new QComboBox(m_page);
        zone->setObjectName(QStringLiteral("field:zone"));
        const auto now = fieldTexts(p, "zone");
        if (now.empty())
            zone->addItem(tr("(choose a zone)"), QString());
        for (const auto &[zid, z] : t.zones)
            zone->addItem(toQString(z.label.empty() ? zid : z.label + " (" + zid + ")"), toQString(zid));
        if (!now.empty() && zone->findData(toQString(now.front())) < 0)
            zone->addItem(tr("%1 (not in the design)").arg(toQString(now.front())), toQString(now.front()));
        zone->setCurrentIndex(now.empty() ? 0 : zone->findData(toQString(now.front())));
        connect(zone, &QComboBox::currentIndexChanged, this, [this, zone](int) {
            const auto found = m_document->topology().policies.find(m_current);
            const QString chosen = zone->currentData().toString();
            if (found == m_document->topology().policies.end() || chosen.isEmpty())
                return;
            Policy edited = found->second;
            edited.fields["zone"] = Value(toStd(chosen));
            commit(edited);
        });
        form->addRow(tr("Zone"), zone);
        std::vector<std::pair<std::string, QString>> zones;
        for (const auto &[zid, z] : t.zones)
            zones.emplace_back(zid, toQString(z.label.empty() ? zid : z.label + " (" + zid + ")"));
        QListWidget *allow = checkList(m_page, QStringLiteral("field:allow-from"), zones, fieldTexts(p, "allow-from"));
        connect(allow, &QListWidget::itemChanged, this, [this, allow] {
            const auto found = m_document->topology().policies.find(m_current);
            if (found == m_document->topology().policies.end())
                return;
            Policy edited = found->second;
            setFieldTexts(edited, "allow-from", checkedOf(allow));
            commit(edited);
        });
        form->addRow(tr("May be reached from"), allow);
    }

    // Fields the editor does not know: kept as they are, and shown.
    const std::set<std::string> &known = knownFields(p.kind);
    for (const auto &[key, value] : p.fields)
        if (!known.count(key)) {
            auto *kept = new QLabel(toQString(value.display()), m_page);
            kept->setWordWrap(true);
            kept->setToolTip(tr("Kept as written; edit it in the file."));
            form->addRow(toQString(key), kept);
        }

    layout->addWidget(m_error);
    if (p.kind != "segmentation")
        addScope(p);
    layout->addStretch(1);
    m_scroll->setWidget(m_page);
}

void PoliciesPanel::addScope(const Policy &p)
{
    const Topology &t = m_document->topology();
    const auto scope = p.fields.find("applies-to");
    const bool everything = scope == p.fields.end();
    const auto names = [&](const char *key) {
        std::vector<std::string> out;
        if (!everything && scope->second.isMap())
            if (const Value *v = scope->second.find(key)) {
                Policy holder;
                holder.fields["x"] = *v;
                out = fieldTexts(holder, "x");
            }
        return out;
    };
    auto *heading = new QLabel(tr("<b>Applies to</b>"), m_page);
    m_page->layout()->addWidget(heading);
    auto *every = new QCheckBox(tr("Every node"), m_page);
    every->setObjectName(QStringLiteral("scope:every"));
    every->setChecked(everything);
    m_page->layout()->addWidget(every);
    auto *tabs = new QTabWidget(m_page);
    tabs->setObjectName(QStringLiteral("scope"));
    tabs->setEnabled(!everything);

    std::vector<std::pair<std::string, QString>> tiers, zones, nodes, types;
    for (Tier tier : allTiers())
        tiers.emplace_back(std::string(tierName(tier)), toQString(std::string(tierName(tier))));
    for (const auto &[zid, z] : t.zones)
        zones.emplace_back(zid, toQString(z.label.empty() ? zid : z.label + " (" + zid + ")"));
    for (const auto &[nid, n] : t.nodes)
        nodes.emplace_back(nid, toQString(n.label.empty() ? nid : n.label + " (" + nid + ")"));
    for (const auto &[tid, type] : m_document->catalog().types())
        types.emplace_back(tid, toQString(type.name.empty() ? tid : type.name + " (" + tid + ")"));
    struct Pick
    {
        const char *key;
        QString title;
        const std::vector<std::pair<std::string, QString>> *items;
    };
    const Pick picks[] = {{"tiers", tr("Tiers"), &tiers}, {"zones", tr("Zones"), &zones},
                          {"nodes", tr("Nodes"), &nodes}, {"types", tr("Types"), &types}};
    std::vector<QListWidget *> lists;
    for (const Pick &pick : picks) {
        const std::vector<std::string> on = names(pick.key);
        QListWidget *list = checkList(tabs, QStringLiteral("scope:") + QLatin1String(pick.key), *pick.items, on);
        tabs->addTab(list, on.empty() ? pick.title : QStringLiteral("%1 (%2)").arg(pick.title).arg(on.size()));
        lists.push_back(list);
    }
    m_page->layout()->addWidget(tabs);

    std::vector<QString> titles;
    for (const Pick &pick : picks)
        titles.push_back(pick.title);
    const auto write = [this, lists, every, tabs, titles] {
        // The tabs count what is picked (the editor is kept across its own edits).
        for (std::size_t i = 0; i < lists.size(); ++i) {
            const std::size_t n = checkedOf(lists[i]).size();
            tabs->setTabText(int(i), n == 0 ? titles[i] : QStringLiteral("%1 (%2)").arg(titles[i]).arg(n));
        }
        const auto found = m_document->topology().policies.find(m_current);
        if (found == m_document->topology().policies.end())
            return;
        Policy edited = found->second;
        if (every->isChecked()) {
            edited.fields.erase("applies-to");
        } else {
            // Other keys of `applies-to` (none the checks know) are kept.
            ValueMap map;
            if (const auto old = edited.fields.find("applies-to"); old != edited.fields.end() && old->second.isMap())
                map = old->second.toMap();
            static const char *const keys[] = {"tiers", "zones", "nodes", "types"};
            for (std::size_t i = 0; i < lists.size(); ++i) {
                ValueList chosen;
                for (const std::string &s : checkedOf(lists[i]))
                    chosen.emplace_back(s);
                if (chosen.empty())
                    map.erase(keys[i]);
                else
                    map[keys[i]] = Value(std::move(chosen));
            }
            edited.fields["applies-to"] = Value(std::move(map));
        }
        commit(edited);
    };
    connect(every, &QCheckBox::toggled, this, [write, tabs](bool on) {
        tabs->setEnabled(!on);
        write();
    });
    for (QListWidget *list : lists)
        connect(list, &QListWidget::itemChanged, this, write);
}

void PoliciesPanel::announceScope()
{
    const auto it = m_document->topology().policies.find(m_current);
    if (it == m_document->topology().policies.end()) {
        emit scopeChanged({});
        return;
    }
    emit scopeChanged(nodesInScope(m_document->topology(), m_document->catalog(), it->second));
}

} // namespace sky
