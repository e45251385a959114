#include "comparison.h"

namespace sky {

QColor markColor(Mark mark)
{
    switch (mark) {
    case Mark::Added:
        return QColor(0x2e, 0x9d, 0x3a);
    case Mark::Removed:
        return QColor(0xd9, 0x30, 0x25);
    case Mark::Changed:
        return QColor(0xf0, 0x9a, 0x00);
    case Mark::Moved:
        return QColor(0x5c, 0x6b, 0xc0);
    case Mark::None:
        break;
    }
    return {};
}

QString markText(Mark mark)
{
    switch (mark) {
    case Mark::Added:
        return QStringLiteral("added");
    case Mark::Removed:
        return QStringLiteral("removed");
    case Mark::Changed:
        return QStringLiteral("changed");
    case Mark::Moved:
        return QStringLiteral("moved");
    case Mark::None:
        break;
    }
    return {};
}

Comparison compareTopologies(const Topology &before, const Topology &after)
{
    Comparison c;
    c.diff = diffTopologies(before, after);
    c.shown = after;
    for (const Change &change : c.diff.changes)
        if (change.kind == Change::Kind::Renamed && change.entity == Entity::Node)
            c.renames[change.oldId] = change.id;

    // Ghost zones first, so ghost nodes can sit in them.
    for (const Change &change : c.diff.changes) {
        if (change.entity != Entity::Zone)
            continue;
        if (change.kind == Change::Kind::Removed) {
            if (const Zone *z = before.zone(change.id)) {
                Zone ghost = *z;
                if (!c.shown.zone(ghost.parent))
                    ghost.parent.clear();
                c.shown.zones[ghost.id] = ghost;
            }
        }
        c.marks.zones[change.id] = change.kind == Change::Kind::Added     ? Mark::Added
                                   : change.kind == Change::Kind::Removed ? Mark::Removed
                                                                          : Mark::Changed;
    }
    for (const Change &change : c.diff.changes) {
        if (change.entity != Entity::Node)
            continue;
        if (change.kind == Change::Kind::Removed) {
            if (const Node *n = before.node(change.id)) {
                Node ghost = *n;
                if (!c.shown.zone(ghost.zone))
                    ghost.zone.clear();
                std::optional<Point> at;
                if (const auto p = before.layout.nodes.find(change.id); p != before.layout.nodes.end())
                    at = p->second;
                c.shown.addNode(std::move(ghost), at);
            }
        }
        c.marks.nodes[change.id] = change.kind == Change::Kind::Added     ? Mark::Added
                                   : change.kind == Change::Kind::Removed ? Mark::Removed
                                                                          : Mark::Changed;
    }
    for (const Change &change : c.diff.changes) {
        if (change.entity != Entity::Link)
            continue;
        if (change.kind == Change::Kind::Removed) {
            // Endpoints come in the new naming; the fields are the old values.
            Link ghost = change.link;
            FieldMap fields;
            for (const FieldChange &f : change.fields)
                if (f.before)
                    fields[f.key] = *f.before;
            std::string error;
            applyFields(ghost, fields, error);
            if (c.shown.node(ghost.from.node) && c.shown.node(ghost.to.node)) {
                c.marks.links[ghost.key()] = Mark::Removed;
                c.shown.addLink(std::move(ghost));
            }
            continue;
        }
        c.marks.links[change.id] = change.kind == Change::Kind::Added ? Mark::Added : Mark::Changed;
    }
    for (const Move &move : c.diff.moves)
        if (c.shown.node(move.node) && !c.marks.nodes.count(move.node))
            c.marks.nodes[move.node] = Mark::Moved;
    return c;
}

std::vector<std::string> changeSubjects(const Change &change)
{
    switch (change.entity) {
    case Entity::Node:
    case Entity::Zone:
        return {change.id};
    case Entity::Link:
        return {change.link.key(), change.link.from.node, change.link.to.node};
    case Entity::Policy:
    case Entity::Topology:
        break;
    }
    return {};
}

} // namespace sky
