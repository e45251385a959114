#include "document.h"

#include "descriptor.h"
#include "editcommand.h"
#include "scenerender.h"
#include "topologydelta.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QUndoStack>

#include <algorithm>
#include <map>
#include <cctype>
#include <cstring>
#include <set>

namespace sky {

QString toQString(const std::string &text)
{
    return QString::fromStdString(text);
}

std::string toStd(const QString &text)
{
    return text.toStdString();
}

namespace {

QString joined(const std::vector<std::string> &items)
{
    QStringList list;
    for (const std::string &s : items)
        list << toQString(s);
    return list.join(QLatin1String(", "));
}

// The terminal a link end names, or the type's default one in `direction`.
const TerminalType *resolveTerminal(const Catalog &catalog, const Topology &t, const Endpoint &e,
                                    Direction direction)
{
    const Node *n = t.node(e.node);
    const ComponentType *type = n ? catalog.type(n->type) : nullptr;
    if (!type)
        return nullptr;
    return e.terminal.empty() ? type->defaultTerminal(direction) : type->terminal(e.terminal);
}

} // namespace

Document::Document(QObject *parent)
    : QObject(parent)
    , m_catalog(Catalog::builtin())
    , m_undoStack(new QUndoStack(this))
{
    QObject::connect(m_undoStack, &QUndoStack::cleanChanged, this,
                     [this](bool clean) { emit modifiedChanged(!clean); });
}

Document::~Document()
{
    // The commands refer to this document: drop them while it still exists.
    m_undoStack->clear();
}

QString Document::displayName() const
{
    if (m_filePath.isEmpty())
        return tr("Untitled");
    return QFileInfo(m_filePath).fileName();
}

bool Document::isModified() const
{
    return !m_undoStack->isClean();
}

void Document::markModified()
{
    m_undoStack->resetClean(); // cleanChanged(false): modifiedChanged(true)
}

bool Document::load(const QString &path, QString *error)
{
    ReadResult result = readDescriptorFile(toStd(path));
    if (!result.readable) {
        if (error) {
            QStringList lines;
            for (const Diagnostic &d : result.diagnostics)
                lines << toQString(d.format());
            *error = lines.isEmpty() ? tr("%1 could not be read.").arg(path) : lines.join(u'\n');
        }
        return false;
    }
    m_sources = std::move(result.sources);
    m_readDiagnostics = std::move(result.diagnostics);
    const std::size_t placedBefore = result.topology.layout.nodes.size();
    placeUnplacedNodes(result.topology);
    m_placedOnLoad = result.topology.layout.nodes.size() - placedBefore;
    reset(std::move(result.topology), path);
    return true;
}

void Document::reset(Topology topology, const QString &path)
{
    m_undoStack->clear();
    m_topology = std::move(topology);
    if (path != m_filePath) {
        m_filePath = path;
        emit filePathChanged(path);
    }
    if (path.isEmpty())
        m_sources = {};
    reloadCatalog();
    m_undoStack->setClean();
    TopologyChange change;
    change.reset = true;
    ++m_revision;
    emit changed(change);
}

void Document::resetRecovered(Topology topology, const QString &path)
{
    reset(std::move(topology), path);
    m_undoStack->resetClean();
    emit modifiedChanged(true);
}

bool Document::save(const QString &path, QString *error)
{
    // An untitled design saved for the first time is named after its file
    // (shop.sky.yaml: "shop"): exports, the compare view and the CLI show the
    // name. A file opened without one is written back as it was.
    if (m_topology.name.empty() && m_filePath.isEmpty()) {
        QString stem = QFileInfo(path).fileName();
        for (const char *ending : {".sky.yaml", ".sky.yml", ".yaml", ".yml"})
            if (stem.endsWith(QLatin1String(ending), Qt::CaseInsensitive)) {
                stem.chop(qsizetype(std::strlen(ending)));
                break;
            }
        m_topology.name = toStd(stem);
    }
    std::string message;
    if (!saveDescriptor(m_topology, toStd(path), message)) {
        if (error)
            *error = toQString(message);
        return false;
    }
    if (path != m_filePath) {
        m_filePath = path;
        reloadCatalog();
        emit filePathChanged(path);
    }
    m_undoStack->setClean();
    return true;
}

void Document::reloadCatalog()
{
    std::vector<Diagnostic> diagnostics;
    m_catalog = catalogFor(m_topology, toStd(m_filePath), diagnostics);
    m_readDiagnostics.insert(m_readDiagnostics.end(), diagnostics.begin(), diagnostics.end());
    reloadProviders();
}

void Document::editPolicies(TopologyDelta &delta, const std::function<bool(Policy &)> &edit) const
{
    for (const auto &[policyId, p] : m_topology.policies) {
        Policy edited = p;
        if (edit(edited))
            delta.policy(m_topology, policyId).after = std::move(edited);
    }
}

void Document::push(const QString &text, TopologyDelta delta, int mergeId)
{
    if (delta.empty() || delta.isNoOp())
        return;
    m_undoStack->push(new EditCommand(this, text, std::move(delta), MergeId(mergeId)));
}

void Document::applyDelta(const TopologyDelta &delta, bool forward)
{
    const TopologyChange change = delta.apply(m_topology, forward);
    if (change.settingsChanged)
        reloadProviders();
    ++m_revision;
    emit changed(change);
}

std::string Document::uniqueNodeId(const std::string &base) const
{
    std::string stem = base.empty() ? std::string("node") : base;
    if (!isValidId(stem))
        stem = "node";
    if (!m_topology.nodes.count(stem))
        return stem;
    // web-2, web-3, … : strip an existing numeric suffix first.
    const auto dash = stem.rfind('-');
    if (dash != std::string::npos && dash + 1 < stem.size()
        && std::all_of(stem.begin() + long(dash) + 1, stem.end(), [](char c) { return c >= '0' && c <= '9'; }))
        stem.resize(dash);
    for (int i = 2;; ++i) {
        const std::string id = stem + '-' + std::to_string(i);
        if (!m_topology.nodes.count(id))
            return id;
    }
}

std::string Document::addNode(const std::string &type, QPointF position, const std::string &zone)
{
    const ComponentType *componentType = m_catalog.type(type);
    if (!componentType)
        return {};
    Node node;
    node.id = uniqueNodeId(type);
    node.type = type;
    if (!zone.empty() && m_topology.zone(zone))
        node.zone = zone;
    TopologyDelta delta;
    delta.node(m_topology, node.id).after = node;
    delta.position(m_topology, node.id).after = Point{position.x(), position.y()};
    push(tr("Add %1").arg(toQString(componentType->name)), std::move(delta));
    return node.id;
}

std::vector<std::string> Document::paste(const Topology &fragment, QPointF offset, const QString &what)
{
    TopologyDelta delta;
    std::map<std::string, std::string> ids;
    std::set<std::string> taken;
    for (const auto &[id, _] : m_topology.nodes)
        taken.insert(id);
    for (const auto &[id, node] : fragment.nodes) {
        // A taken id gets the next free number: web -> web-2, and web-2 ->
        // web-3 rather than web-2-2.
        std::string base = isValidId(id) ? id : std::string("node");
        int first = 2;
        if (const std::size_t dash = base.find_last_of('-');
            dash != std::string::npos && dash > 0 && dash + 1 < base.size() && base.size() - dash <= 7
            && base.find_first_not_of("0123456789", dash + 1) == std::string::npos) {
            first = std::stoi(base.substr(dash + 1)) + 1;
            base.resize(dash);
        }
        std::string newId = id;
        for (int i = first; taken.count(newId) || !isValidId(newId); ++i)
            newId = base + '-' + std::to_string(i);
        taken.insert(newId);
        ids[id] = newId;
    }
    // Zones the fragment names but this topology lacks come along.
    for (const auto &[id, zone] : fragment.zones) {
        if (!m_topology.zone(id))
            delta.zone(m_topology, id).after = zone;
    }
    int index = 0;
    std::vector<std::string> added;
    for (const auto &[id, node] : fragment.nodes) {
        Node copy = node;
        copy.id = ids[id];
        if (!copy.zone.empty() && !m_topology.zone(copy.zone) && !fragment.zone(copy.zone))
            copy.zone.clear();
        delta.node(m_topology, copy.id).after = copy;
        Point p{index * 2 * kGrid, index * 2 * kGrid};
        if (const auto it = fragment.layout.nodes.find(id); it != fragment.layout.nodes.end())
            p = it->second;
        delta.position(m_topology, copy.id).after = Point{p.x + offset.x(), p.y + offset.y()};
        added.push_back(copy.id);
        ++index;
    }
    for (const Link &link : fragment.links) {
        if (!ids.count(link.from.node) || !ids.count(link.to.node))
            continue;
        Link copy = link;
        copy.from.node = ids[link.from.node];
        copy.to.node = ids[link.to.node];
        delta.link(m_topology, copy).after = copy;
    }
    push(what.isEmpty() ? tr("Paste %n node(s)", nullptr, int(added.size()))
                        : tr("%1 %n node(s)", nullptr, int(added.size())).arg(what),
         std::move(delta));
    return added;
}

QString Document::linkRefusal(const Endpoint &from, const Endpoint &to) const
{
    const Node *source = m_topology.node(from.node);
    const Node *target = m_topology.node(to.node);
    if (!source || !target)
        return tr("Both ends of a link must be nodes of this topology.");
    if (from.node == to.node)
        return tr("A node cannot be linked to itself.");
    const TerminalType *out = resolveTerminal(m_catalog, m_topology, from, Direction::Out);
    const TerminalType *in = resolveTerminal(m_catalog, m_topology, to, Direction::In);
    if (!out || out->direction != Direction::Out)
        return tr("%1 is not an output terminal: a link starts at an \"out\" terminal.")
            .arg(toQString(from.text()));
    if (!in || in->direction != Direction::In)
        return tr("%1 is not an input terminal: a link ends at an \"in\" terminal.")
            .arg(toQString(to.text()));
    if (!protocolsCompatible(*out, *in))
        return tr("%1 speaks %2 but %3 accepts %4: no protocol in common.")
            .arg(toQString(from.text()), joined(out->protocols), toQString(to.text()),
                 joined(in->protocols));
    const Endpoint outEnd{from.node, out->name};
    const Endpoint inEnd{to.node, in->name};
    int outCount = 0;
    int inCount = 0;
    for (const Link &l : m_topology.links) {
        const TerminalType *lo = resolveTerminal(m_catalog, m_topology, l.from, Direction::Out);
        const TerminalType *li = resolveTerminal(m_catalog, m_topology, l.to, Direction::In);
        const bool sameOut = l.from.node == from.node && lo && lo->name == out->name;
        const bool sameIn = l.to.node == to.node && li && li->name == in->name;
        if (sameOut && sameIn)
            return tr("%1 is already linked to %2.").arg(toQString(outEnd.text()), toQString(inEnd.text()));
        outCount += sameOut;
        inCount += sameIn;
    }
    if (out->maxLinks > 0 && outCount >= out->maxLinks)
        return tr("%1 takes at most %n link(s) and has them all.", nullptr, out->maxLinks)
            .arg(toQString(outEnd.text()));
    if (in->maxLinks > 0 && inCount >= in->maxLinks)
        return tr("%1 takes at most %n link(s) and has them all.", nullptr, in->maxLinks)
            .arg(toQString(inEnd.text()));
    return {};
}

Document::LinkLimits Document::linkLimits(const Endpoint &from) const
{
    LinkLimits limits;
    const TerminalType *out = resolveTerminal(m_catalog, m_topology, from, Direction::Out);
    if (!out)
        return limits;
    std::map<std::pair<std::string, std::string>, int> onIn;
    int outCount = 0;
    for (const Link &l : m_topology.links) {
        const TerminalType *li = resolveTerminal(m_catalog, m_topology, l.to, Direction::In);
        if (!li)
            continue;
        std::pair<std::string, std::string> end{l.to.node, li->name};
        const TerminalType *lo = l.from.node == from.node
            ? resolveTerminal(m_catalog, m_topology, l.from, Direction::Out) : nullptr;
        if (lo && lo->name == out->name) {
            ++outCount;
            limits.closed.insert(end); // already linked from here
        }
        if (li->maxLinks > 0 && ++onIn[end] >= li->maxLinks)
            limits.closed.insert(std::move(end));
    }
    limits.sourceFull = out->maxLinks > 0 && outCount >= out->maxLinks;
    return limits;
}

bool Document::connect(const Endpoint &from, const Endpoint &to, QString *why)
{
    const QString refusal = linkRefusal(from, to);
    if (!refusal.isEmpty()) {
        if (why)
            *why = refusal;
        return false;
    }
    Link link;
    link.from = {from.node, resolveTerminal(m_catalog, m_topology, from, Direction::Out)->name};
    link.to = {to.node, resolveTerminal(m_catalog, m_topology, to, Direction::In)->name};
    // A protocol both ends share, when there is exactly one obvious choice.
    const TerminalType *out = resolveTerminal(m_catalog, m_topology, link.from, Direction::Out);
    const TerminalType *in = resolveTerminal(m_catalog, m_topology, link.to, Direction::In);
    std::vector<std::string> shared;
    for (const std::string &p : in->protocols)
        if (p != "any" && out->accepts(p))
            shared.push_back(p);
    if (shared.size() == 1)
        link.protocol = shared.front();
    TopologyDelta delta;
    delta.link(m_topology, link).after = link;
    push(tr("Link %1 to %2").arg(toQString(link.from.text()), toQString(link.to.text())),
         std::move(delta));
    return true;
}

void Document::moveNodes(const std::map<std::string, Point> &positions,
                         const std::map<std::string, std::string> &zones, bool nudge)
{
    TopologyDelta delta;
    for (const auto &[id, p] : positions)
        if (m_topology.node(id))
            delta.position(m_topology, id).after = p;
    for (const auto &[id, zone] : zones)
        if (m_topology.node(id) && (zone.empty() || m_topology.zone(zone)))
            delta.node(m_topology, id).after->zone = zone;
    const int count = int(positions.size());
    push(tr("Move %n node(s)", nullptr, count), std::move(delta),
         nudge ? int(MergeId::Nudge) : int(MergeId::None));
}

void Document::applyLayout(const std::map<std::string, Point> &positions, const QString &text)
{
    TopologyDelta delta;
    for (const auto &[id, p] : positions)
        if (m_topology.node(id))
            delta.position(m_topology, id).after = p;
    push(text, std::move(delta));
}

void Document::remove(const std::vector<std::string> &nodes, const std::vector<std::string> &linkKeys,
                      PolicyNames names)
{
    TopologyDelta delta;
    const std::set<std::string> doomed(nodes.begin(), nodes.end());
    for (const Link &l : m_topology.links) {
        const bool touches = doomed.count(l.from.node) || doomed.count(l.to.node);
        if (touches || std::find(linkKeys.begin(), linkKeys.end(), l.key()) != linkKeys.end())
            delta.link(m_topology, l).after.reset();
    }
    for (const std::string &id : doomed) {
        if (!m_topology.node(id))
            continue;
        delta.node(m_topology, id).after.reset();
        delta.position(m_topology, id).after.reset();
    }
    // The policies that name them, in the same step: undo brings both back.
    std::set<std::string> dropped; // the deleted ids some policy named
    if (names == PolicyNames::Drop)
        editPolicies(delta, [&](Policy &p) {
            bool changed = false;
            for (const std::string &id : doomed)
                if (m_topology.node(id) && removeNodeFromPolicy(p, id)) {
                    dropped.insert(id);
                    changed = true;
                }
            return changed;
        });
    QStringList edited, ids;
    for (const auto &[policyId, _] : delta.policies)
        edited << toQString(policyId);
    for (const std::string &id : dropped)
        ids << toQString(id);
    QString text;
    if (doomed.empty())
        text = tr("Delete %n link(s)", nullptr, int(delta.links.size()));
    else
        text = tr("Delete %n node(s)", nullptr, int(delta.nodes.size()));
    push(text, std::move(delta));
    const QString comma = QStringLiteral(", ");
    if (edited.size() == 1)
        emit notice(tr("Dropped %1 from policy %2.").arg(ids.join(comma), edited.front()));
    else if (edited.size() > 1)
        emit notice(tr("Dropped %1 from policies %2.").arg(ids.join(comma), edited.join(comma)));
}

bool Document::rename(const std::string &id, const std::string &newId, QString *why)
{
    const auto fail = [why](const QString &message) {
        if (why)
            *why = message;
        return false;
    };
    if (id == newId)
        return true;
    if (!m_topology.node(id))
        return fail(tr("There is no node %1.").arg(toQString(id)));
    if (!isValidId(newId))
        return fail(tr("\"%1\" is not a valid id: use letters, digits, '_' and '-'.").arg(toQString(newId)));
    if (m_topology.node(newId))
        return fail(tr("A node with id %1 already exists.").arg(toQString(newId)));
    TopologyDelta delta;
    Node node = *m_topology.node(id);
    node.id = newId;
    delta.node(m_topology, id).after.reset();
    delta.node(m_topology, newId).after = node;
    if (const auto p = m_topology.layout.nodes.find(id); p != m_topology.layout.nodes.end()) {
        delta.position(m_topology, id).after.reset();
        delta.position(m_topology, newId).after = p->second;
    }
    for (const Link *l : m_topology.linksOf(id)) {
        Link copy = *l;
        delta.link(m_topology, copy).after.reset();
        if (copy.from.node == id)
            copy.from.node = newId;
        if (copy.to.node == id)
            copy.to.node = newId;
        delta.link(m_topology, copy).after = copy;
    }
    // The policies that name it: `applies-to: {nodes: [...]}`.
    editPolicies(delta, [&](Policy &p) { return renameNodeInPolicy(p, id, newId); });
    push(tr("Rename %1 to %2").arg(toQString(id), toQString(newId)), std::move(delta));
    return true;
}

} // namespace sky
