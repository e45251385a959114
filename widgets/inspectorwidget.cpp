#include "inspectorwidget.h"

#include "canvasscene.h"
#include "document.h"
#include "propertyeditor.h"
#include "quantity.h"
#include "yamlemit.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <functional>
#include <map>
#include <set>

namespace sky {

InspectorWidget::InspectorWidget(Document *document, CanvasScene *scene, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_scene(scene)
    , m_scroll(new QScrollArea(this))
{
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    // The page follows the dock's width: fields narrow (and rows wrap) rather
    // than run off to the right under a horizontal scroll bar.
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);
    connect(scene, &CanvasScene::selectionModelChanged, this, &InspectorWidget::scheduleRebuild);
    connect(document, &Document::changed, this, &InspectorWidget::onChanged);
    rebuild();
}

QWidget *InspectorWidget::editor(const QString &objectName) const
{
    return m_page ? m_page->findChild<QWidget *>(objectName) : nullptr;
}

void InspectorWidget::onChanged(const TopologyChange &change)
{
    bool touched = change.reset || change.zonesChanged || change.settingsChanged;
    // A zone's page counts the nodes it holds; the topology's page counts
    // nodes, links and zones.
    const bool counts = change.membershipChanged || !change.nodesAdded.empty() || !change.nodesRemoved.empty();
    if (!m_zone.empty())
        touched = touched || counts;
    else if (m_nodes.empty() && m_links.empty())
        touched = touched || counts || !change.linksAdded.empty() || !change.linksRemoved.empty();
    for (const std::string &id : m_nodes)
        touched = touched || change.touchesNode(id);
    for (const std::string &key : m_links)
        touched = touched || change.touchesLink(key);
    if (touched) {
        // An edit that went through ends the message of one refused before it.
        m_carriedError.clear();
        scheduleRebuild();
    }
}

void InspectorWidget::scheduleRebuild()
{
    // Deferred: the edit that caused this may come from an editor's own signal.
    if (m_rebuildPending)
        return;
    m_rebuildPending = true;
    QTimer::singleShot(0, this, &InspectorWidget::rebuild);
}

QFormLayout *InspectorWidget::newForm(const QString &title)
{
    auto *heading = new QLabel(title, m_page);
    QFont font = heading->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    heading->setFont(font);
    heading->setWordWrap(true);
    static_cast<QVBoxLayout *>(m_page->layout())->addWidget(heading);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    static_cast<QVBoxLayout *>(m_page->layout())->addLayout(form);
    return form;
}

void InspectorWidget::rebuild()
{
    m_rebuildPending = false;
    const QWidget *focused = focusWidget();
    const QString focusName = focused && isAncestorOf(focused) ? focused->objectName() : QString();
    const auto nodes = m_scene->selectedNodeIds();
    const auto links = m_scene->selectedLinkKeys();
    const std::string zone = m_scene->selectedZone();
    // A refused edit's message stays while the same thing is inspected.
    if (nodes != m_nodes || links != m_links || zone != m_zone)
        m_carriedError.clear();
    // The same thing inspected again after an edit: stay where the reader was.
    const bool same = nodes == m_nodes && links == m_links && zone == m_zone;
    const int scrolled = same ? m_scroll->verticalScrollBar()->value() : 0;
    m_nodes = nodes;
    m_links = links;
    m_zone = zone;
    if (m_page)
        m_page->deleteLater();
    m_page = new QWidget;
    auto *layout = new QVBoxLayout(m_page);
    m_error = new QLabel(m_page);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #e03131;"));
    m_error->setVisible(false);

    if (m_nodes.size() == 1 && m_links.empty())
        buildNode(m_nodes.front());
    else if (m_nodes.size() > 1)
        buildNodes(m_nodes);
    else if (m_links.size() == 1)
        buildLink(m_links.front());
    else if (!m_zone.empty())
        buildZone(m_zone);
    else
        buildTopology();
    layout->addWidget(m_error);
    layout->addStretch(1);
    for (QComboBox *combo : m_page->findChildren<QComboBox *>()) { // a long entry must not widen the page
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(6);
    }
    for (QLabel *label : m_page->findChildren<QLabel *>()) // nor a long sentence (a note, a warning)
        label->setWordWrap(true);
    m_scroll->setWidget(m_page);
    if (scrolled > 0) {
        m_page->adjustSize();
        m_scroll->verticalScrollBar()->setValue(scrolled);
        // The range is known once the layout has run.
        QTimer::singleShot(0, this, [this, scrolled, page = m_page] {
            if (m_page == page)
                m_scroll->verticalScrollBar()->setValue(scrolled);
        });
    }
    if (!focusName.isEmpty())
        if (QWidget *w = m_page->findChild<QWidget *>(focusName))
            w->setFocus();
    if (!m_carriedError.isEmpty()) {
        m_error->setText(m_carriedError);
        m_error->show();
    }
}

void InspectorWidget::showError(const QString &message)
{
    m_carriedError = message;
    m_error->setText(message);
    m_error->show();
}

void InspectorWidget::addIdAndLabel(QFormLayout *form, const std::string &id, const std::string &label,
                                    const Rename &rename, const std::function<void(const std::string &)> &select,
                                    const std::function<void(const std::string &, const std::string &)> &setLabel)
{
    auto *idEdit = new QLineEdit(toQString(id), m_page);
    idEdit->setObjectName(QStringLiteral("id"));
    connect(idEdit, &QLineEdit::editingFinished, this, [this, idEdit, id, rename, select] {
        QString why;
        const std::string newId = toStd(idEdit->text().trimmed());
        if (newId == id)
            return;
        if (rename(id, newId, &why)) {
            m_error->clear();
            select(newId);
        } else {
            showError(why);
            idEdit->setText(toQString(id));
        }
    });
    form->addRow(tr("Id"), idEdit);

    auto *labelEdit = new QLineEdit(toQString(label), m_page);
    labelEdit->setObjectName(QStringLiteral("label"));
    labelEdit->setPlaceholderText(toQString(id));
    connect(labelEdit, &QLineEdit::editingFinished, this,
            [labelEdit, id, setLabel] { setLabel(id, toStd(labelEdit->text().trimmed())); });
    form->addRow(tr("Label"), labelEdit);
}

void InspectorWidget::buildNode(const std::string &id)
{
    const Node *node = m_document->topology().node(id);
    if (!node)
        return;
    const ComponentType *type = m_document->catalog().type(node->type);
    QFormLayout *form = newForm(type ? toQString(type->name) : tr("Unknown type %1").arg(toQString(node->type)));
    Document *doc = m_document;

    addIdAndLabel(form, id, node->label, [doc](const std::string &from, const std::string &to, QString *why) {
        return doc->rename(from, to, why);
    }, [this](const std::string &newId) { m_scene->selectOnly({newId}, {}); },
        [doc](const std::string &nodeId, const std::string &text) { doc->setLabel(nodeId, text); });

    auto *zone = new QComboBox(m_page);
    zone->setObjectName(QStringLiteral("zone"));
    zone->addItem(tr("(none)"), QString());
    for (const auto &[zid, z] : m_document->topology().zones)
        zone->addItem(toQString(z.label.empty() ? zid : z.label + " (" + zid + ")"), toQString(zid));
    zone->setCurrentIndex(std::max(0, zone->findData(toQString(node->zone))));
    connect(zone, &QComboBox::currentIndexChanged, this,
            [doc, zone, id](int) { doc->setZone({id}, toStd(zone->currentData().toString())); });
    form->addRow(tr("Zone"), zone);

    auto *region = new QLineEdit(toQString(node->region), m_page);
    region->setObjectName(QStringLiteral("region"));
    region->setPlaceholderText(tr("e.g. eu-west"));
    connect(region, &QLineEdit::editingFinished, this,
            [doc, region, id] { doc->setRegion(id, toStd(region->text().trimmed())); });
    form->addRow(tr("Region"), region);

    auto *replicas = new QSpinBox(m_page);
    replicas->setObjectName(QStringLiteral("replicas"));
    replicas->setRange(1, 10000);
    replicas->setValue(node->replicas);
    replicas->setKeyboardTracking(false);
    connect(replicas, &QSpinBox::valueChanged, this, [doc, id](int value) { doc->setReplicas(id, value); });
    form->addRow(tr("Replicas"), replicas);
    addNodePlacement(id);

    // Resources: empty means the catalog default.
    QFormLayout *res = newForm(tr("Resources"));
    auto *cpu = new QDoubleSpinBox(m_page);
    cpu->setObjectName(QStringLiteral("cpu"));
    const double cpuMin = type && type->cpu.max > 0 ? type->cpu.min : 0.01;
    cpu->setRange(cpuMin - 0.01, type && type->cpu.max > 0 ? type->cpu.max : 1024);
    cpu->setSingleStep(0.25);
    cpu->setSpecialValueText(type ? tr("default (%1)").arg(type->cpu.defaultValue) : tr("default"));
    cpu->setValue(node->resources.cpu.value_or(cpu->minimum()));
    cpu->setKeyboardTracking(false);
    connect(cpu, &QDoubleSpinBox::valueChanged, this, [doc, cpu, id](double value) {
        const Node *n = doc->topology().node(id);
        if (!n)
            return;
        Resources r = n->resources;
        r.cpu = value <= cpu->minimum() ? std::nullopt : std::optional<double>(value);
        doc->setResources(id, r);
    });
    res->addRow(tr("CPU cores"), cpu);
    const auto quantityEdit = [&](const QString &name, std::optional<std::uint64_t> current, bool size,
                                  double defaultValue) {
        auto *edit = new QLineEdit(m_page);
        edit->setObjectName(name);
        if (current)
            edit->setText(toQString(size ? formatSize(*current) : formatBandwidth(*current)));
        if (type)
            edit->setPlaceholderText(tr("default (%1)").arg(toQString(
                size ? formatSize(std::uint64_t(defaultValue)) : formatBandwidth(std::uint64_t(defaultValue)))));
        connect(edit, &QLineEdit::editingFinished, this, [this, doc, edit, id, size] {
            const Node *n = doc->topology().node(id);
            if (!n)
                return;
            Resources r = n->resources;
            const std::string text = toStd(edit->text().trimmed());
            const auto parsed = text.empty() ? std::optional<std::uint64_t>()
                                             : size ? parseSize(text) : parseBandwidth(text);
            if (!text.empty() && !parsed) {
                showError(size ? tr("\"%1\" is not a size: write 4GiB or 512MiB.").arg(edit->text())
                               : tr("\"%1\" is not a bandwidth: write 250Mbps or 1Gbps.").arg(edit->text()));
                return;
            }
            (size ? r.memory : r.bandwidth) = parsed;
            doc->setResources(id, r);
        });
        return edit;
    };
    res->addRow(tr("Memory"), quantityEdit(QStringLiteral("memory"), node->resources.memory, true,
                                           type ? type->memory.defaultValue : 0));
    res->addRow(tr("Bandwidth"), quantityEdit(QStringLiteral("bandwidth"), node->resources.bandwidth, false,
                                              type ? type->bandwidth.defaultValue : 0));

    addKept(node->extra);
    if (!type || type->properties.empty())
        return;
    QFormLayout *props = newForm(tr("Properties"));
    for (const PropertySchema &schema : type->properties) {
        const auto it = node->properties.find(schema.name);
        const Value *current = it == node->properties.end() ? nullptr : &it->second;
        const std::string name = schema.name;
        QWidget *editor = createPropertyEditor(
            schema, current, [doc, id, name](std::optional<Value> v) { doc->setProperty(id, name, std::move(v)); },
            m_page);
        QString title = toQString(schema.name);
        if (schema.required)
            title += u'*';
        props->addRow(title, editor);
    }
}

void InspectorWidget::buildNodes(const std::vector<std::string> &ids)
{
    QFormLayout *form = newForm(tr("%n nodes selected", nullptr, int(ids.size())));
    auto *zone = new QComboBox(m_page);
    zone->setObjectName(QStringLiteral("zone"));
    zone->addItem(tr("(mixed)"), QStringLiteral("\x01"));
    zone->addItem(tr("(none)"), QString());
    for (const auto &[zid, z] : m_document->topology().zones)
        zone->addItem(toQString(z.label.empty() ? zid : z.label + " (" + zid + ")"), toQString(zid));
    // One zone for all of them: shown as that zone, not "(mixed)".
    std::set<std::string> zones;
    for (const std::string &id : ids)
        if (const Node *n = m_document->topology().node(id))
            zones.insert(n->zone);
    if (zones.size() == 1)
        zone->setCurrentIndex(std::max(0, zone->findData(toQString(*zones.begin()))));
    Document *doc = m_document;
    connect(zone, &QComboBox::currentIndexChanged, this, [doc, zone, ids](int index) {
        if (index > 0)
            doc->setZone(ids, toStd(zone->currentData().toString()));
    });
    form->addRow(tr("Zone"), zone);
}

void InspectorWidget::buildLink(const std::string &key)
{
    const auto link = m_document->findLink(key);
    if (!link)
        return;
    QFormLayout *form = newForm(tr("Link"));
    form->addRow(tr("From"), new QLabel(toQString(link->from.text()), m_page));
    form->addRow(tr("To"), new QLabel(toQString(link->to.text()), m_page));
    Document *doc = m_document;

    auto *protocol = new QComboBox(m_page);
    protocol->setObjectName(QStringLiteral("protocol"));
    protocol->setEditable(true);
    protocol->addItem(QString());
    const Topology &t = m_document->topology();
    const Node *target = t.node(link->to.node);
    const ComponentType *type = target ? m_document->catalog().type(target->type) : nullptr;
    const TerminalType *in = type ? (link->to.terminal.empty() ? type->defaultTerminal(Direction::In)
                                                               : type->terminal(link->to.terminal))
                                  : nullptr;
    // The protocols the target's terminal takes; one that takes any (or
    // says none) offers every protocol a terminal of the catalog names.
    std::set<std::string> offered;
    if (in)
        for (const std::string &p : in->protocols)
            if (p != "any")
                offered.insert(p);
    if (offered.empty())
        for (const auto &[_, componentType] : m_document->catalog().types())
            for (const TerminalType &terminal : componentType.terminals)
                for (const std::string &p : terminal.protocols)
                    if (p != "any")
                        offered.insert(p);
    for (const std::string &p : offered)
        protocol->addItem(toQString(p));
    protocol->setCurrentText(toQString(link->protocol));
    connect(protocol, &QComboBox::activated, this,
            [doc, protocol, key](int) { doc->setLinkProtocol(key, toStd(protocol->currentText().trimmed())); });
    connect(protocol->lineEdit(), &QLineEdit::editingFinished, this,
            [doc, protocol, key] { doc->setLinkProtocol(key, toStd(protocol->currentText().trimmed())); });
    form->addRow(tr("Protocol"), protocol);

    auto *port = new QSpinBox(m_page);
    port->setObjectName(QStringLiteral("port"));
    port->setRange(0, 65535);
    port->setSpecialValueText(tr("not set"));
    port->setValue(link->port.value_or(0));
    port->setKeyboardTracking(false);
    connect(port, &QSpinBox::valueChanged, this, [doc, key](int value) {
        doc->setLinkPort(key, value == 0 ? std::nullopt : std::optional<int>(value));
    });
    form->addRow(tr("Port"), port);
    addKept(link->extra);
}

void InspectorWidget::addKept(const sky::ValueMap &extra)
{
    static const std::pair<const char *, const char *> formats[] = {
        {"compose", QT_TR_NOOP("Kept from Compose")},
        {"tosca", QT_TR_NOOP("Kept from TOSCA")},
        {"terraform", QT_TR_NOOP("Kept from Terraform")},
        {"kubernetes", QT_TR_NOOP("Kept from Kubernetes")},
    };
    for (const auto &[key, title] : formats) {
        const auto it = extra.find(key);
        if (it == extra.end() || !it->second.isMap() || it->second.toMap().empty())
            continue;
        QFormLayout *form = newForm(tr(title));
        for (const auto &[field, value] : it->second.toMap()) {
            if (field.rfind("x-skyplan", 0) == 0) // Skyplan's own bookkeeping, not the file's
                continue;
            // The value as YAML, on as few lines as it fits: read only, to copy from.
            std::string text = sky::emitYaml(sky::YamlOut::map().set(field, sky::YamlOut::from(value)), 60);
            text = text.substr(text.find(':') + 1);
            while (!text.empty() && (text.front() == ' ' || text.front() == '\n'))
                text.erase(0, 1);
            while (!text.empty() && text.back() == '\n')
                text.pop_back();
            for (std::size_t at = text.find("\n  "); at != std::string::npos; at = text.find("\n  ", at + 1))
                text.erase(at + 1, 2); // a block under the key: one level less deep on its own
            auto *label = new QLabel(toQString(text), m_page);
            label->setTextFormat(Qt::PlainText);
            label->setWordWrap(true);
            label->setTextInteractionFlags(Qt::TextSelectableByMouse);
            label->setToolTip(tr("Kept as the file wrote it and written back unchanged; edit it in the file"));
            form->addRow(toQString(field), label);
        }
    }
}

void InspectorWidget::buildTopology()
{
    const Topology &t = m_document->topology();
    auto *hint = new QLabel(tr("<b>%1</b><br>%2 nodes, %3 links, %4 zones.<br><br>"
                               "Select a node, a link or a zone (click its title) to edit it.")
                                .arg(toQString(t.name.empty() ? toStd(m_document->displayName()) : t.name).toHtmlEscaped())
                                .arg(t.nodes.size())
                                .arg(t.links.size())
                                .arg(t.zones.size()),
                            m_page);
    hint->setWordWrap(true);
    m_page->layout()->addWidget(hint);
    addRequirements();
    if (t.zones.empty())
        return;
    // Every zone, the empty ones too (they have no area to click on the canvas).
    std::map<std::string, int> members;
    for (const auto &[_, n] : t.nodes)
        if (!n.zone.empty())
            ++members[n.zone];
    QFormLayout *form = newForm(tr("Zones"));
    for (const auto &[zid, z] : t.zones) {
        const int count = members.count(zid) ? members[zid] : 0;
        auto *entry = new QLabel(QStringLiteral("<a href=\"%1\">%2</a>")
                                     .arg(toQString(zid).toHtmlEscaped(),
                                          toQString(z.label.empty() ? zid : z.label).toHtmlEscaped()),
                                 m_page);
        entry->setObjectName(QStringLiteral("zone:") + toQString(zid));
        entry->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
        connect(entry, &QLabel::linkActivated, this,
                [this](const QString &link) { m_scene->selectZone(toStd(link)); });
        form->addRow(entry, new QLabel(count == 0 ? tr("empty") : tr("%n node(s)", nullptr, count), m_page));
    }
}

void InspectorWidget::buildZone(const std::string &id)
{
    const Topology &t = m_document->topology();
    const Zone *zone = t.zone(id);
    if (!zone)
        return;
    QFormLayout *form = newForm(tr("Zone"));
    Document *doc = m_document;

    addIdAndLabel(form, id, zone->label, [doc](const std::string &from, const std::string &to, QString *why) {
        return doc->renameZone(from, to, why);
    }, [this](const std::string &newId) { m_scene->selectZone(newId); },
        [doc](const std::string &zoneId, const std::string &text) { doc->setZoneLabel(zoneId, text); });

    auto *parent = new QComboBox(m_page);
    parent->setObjectName(QStringLiteral("parent"));
    parent->addItem(tr("(none)"), QString());
    // Only the zones it may go into: not itself, nor one inside it.
    for (const auto &[zid, z] : t.zones)
        if (!t.zoneWithin(zid, id))
            parent->addItem(toQString(z.label.empty() ? zid : z.label + " (" + zid + ")"), toQString(zid));
    if (const int at = parent->findData(toQString(zone->parent)); at >= 0 || zone->parent.empty())
        parent->setCurrentIndex(std::max(0, at));
    else { // a nesting loop or an unknown zone, read from a file: shown as it is
        parent->insertItem(1, toQString(zone->parent), toQString(zone->parent));
        parent->setCurrentIndex(1);
    }
    connect(parent, &QComboBox::currentIndexChanged, this, [this, doc, parent, id](int) {
        QString why;
        if (!doc->setZoneParent(id, toStd(parent->currentData().toString()), &why)) {
            showError(why);
            scheduleRebuild(); // back to the parent it has
        }
    });
    form->addRow(tr("Inside"), parent);

    int members = 0;
    for (const auto &[_, n] : t.nodes)
        members += n.zone == id;
    int children = 0;
    for (const auto &[zid, z] : t.zones)
        children += z.parent == id && zid != id;
    QString what = members == 0 ? tr("No nodes") : tr("%n node(s)", nullptr, members);
    if (children > 0)
        what += tr(", %n zone(s)", nullptr, children);
    auto *holds = new QLabel(what, m_page);
    holds->setObjectName(QStringLiteral("holds"));
    form->addRow(tr("Holds"), holds);
    addZonePlacement(id);

    auto *remove = new QPushButton(tr("Delete Zone"), m_page);
    remove->setObjectName(QStringLiteral("deleteZone"));
    remove->setToolTip(tr("Deletes the zone; its nodes and zones stay, in the zone around it."));
    connect(remove, &QPushButton::clicked, this, [doc, id] { doc->removeZone(id); });
    form->addRow(QString(), remove);
}

} // namespace sky
