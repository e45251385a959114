#include "merge.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <vector>

namespace sky {

std::string MergeConflict::where() const
{
    std::string s(entityName(entity));
    if (!id.empty())
        s += ' ' + id;
    if (field)
        s += ", " + field->text(entity);
    return s;
}

namespace {

Value fieldsValue(const FieldMap &m, Entity e)
{
    ValueMap out;
    for (const auto &[k, v] : m)
        out[k.text(e)] = v;
    return Value(std::move(out));
}

// Calls f(b, o, t) once for every key of three sorted ranges, with a null
// pointer where a range lacks the key: linear, no copies.
template<typename Range, typename Less, typename F>
void join3(const Range &b, const Range &o, const Range &t, Less less, F f)
{
    auto ib = b.begin(), io = o.begin(), it = t.begin();
    while (ib != b.end() || io != o.end() || it != t.end()) {
        const auto *m = ib != b.end() ? &*ib : nullptr;
        if (io != o.end() && (!m || less(*io, *m)))
            m = &*io;
        if (it != t.end() && (!m || less(*it, *m)))
            m = &*it;
        const auto *pb = ib != b.end() && !less(*m, *ib) ? &*ib : nullptr;
        const auto *po = io != o.end() && !less(*m, *io) ? &*io : nullptr;
        const auto *pt = it != t.end() && !less(*m, *it) ? &*it : nullptr;
        f(pb, po, pt);
        if (pb)
            ++ib;
        if (po)
            ++io;
        if (pt)
            ++it;
    }
}

const auto byKey = [](const auto &a, const auto &b) { return a.first < b.first; };

class Merger
{
public:
    Merger(Topology base, Topology ours, Topology theirs)
        : m_base(std::move(base))
        , m_ours(std::move(ours))
        , m_theirs(std::move(theirs))
    {}

    MergeResult run();

private:
    void followRenames();
    FieldMap mergeFields(Entity e,
                         const std::string &id,
                         const std::string &type,
                         const FieldMap &b,
                         const FieldMap &o,
                         const FieldMap &t);
    template<typename T>
    std::optional<T>
    mergeEntity(Entity e, const std::string &id, const T *b, const T *o, const T *t);
    template<typename T>
    void mergeMap(Entity e,
                  const std::map<std::string, T> &b,
                  const std::map<std::string, T> &o,
                  const std::map<std::string, T> &t,
                  std::map<std::string, T> &out);
    void mergeLinks();
    void mergeLayout();
    void restoreReferences();
    void breakZoneLoops();
    bool touchesRenamedRemoved(const Link &l) const
    {
        return m_renamedRemoved.count(l.from.node) || m_renamedRemoved.count(l.to.node);
    }
    void fail(const std::string &message) { m_result.notes.push_back("internal: " + message); }

    Topology m_base, m_ours, m_theirs;
    MergeResult m_result;
    // Nodes one side renamed and the other removed (by their new id): a
    // conflict, as git's own merge treats a rename against a delete.
    std::map<std::string, std::string> m_renamedRemoved;
};

// Renames nodes of `t` in one pass over links and layout (Topology::renameNode
// sorts the links each time). The plan's targets are free by construction.
void renameAll(Topology &t, const std::map<std::string, std::string> &plan)
{
    if (plan.empty())
        return;
    for (const auto &[from, to] : plan) {
        auto node = t.nodes.extract(from);
        if (node.empty())
            continue;
        node.key() = to;
        node.mapped().id = to;
        t.nodes.insert(std::move(node));
        if (auto pos = t.layout.nodes.extract(from); !pos.empty()) {
            pos.key() = to;
            t.layout.nodes.insert(std::move(pos));
        }
    }
    bool touched = false;
    for (Link &l : t.links)
        for (Endpoint *e : {&l.from, &l.to})
            if (const auto it = plan.find(e->node); it != plan.end()) {
                e->node = it->second;
                touched = true;
            }
    if (touched)
        t.sortLinks();
}

void Merger::followRenames()
{
    const auto ro = detectRenames(m_base, m_ours);
    const auto rt = detectRenames(m_base, m_theirs);
    if (ro.empty() && rt.empty())
        return;
    std::map<std::string, std::string> base, ours, theirs;
    std::set<std::string> targets; // no two renames to one id
    auto free = [&](const Topology &side, const std::string &to) {
        return !side.nodes.count(to) && !targets.count(to);
    };
    std::set<std::string> olds;
    for (const auto &[from, _] : ro)
        olds.insert(from);
    for (const auto &[from, _] : rt)
        olds.insert(from);
    for (const std::string &from : olds) {
        const auto o = ro.find(from);
        const auto t = rt.find(from);
        if (o != ro.end() && t != rt.end()) {
            if (o->second == t->second) {
                base[from] = o->second;
            } else if (free(m_theirs, o->second)) {
                // Both renamed, differently: ours' name wins, both are recorded.
                MergeConflict c;
                c.entity = Entity::Node;
                c.id = o->second;
                c.field = FieldKey{FieldKey::Group::Field, "id"};
                c.base = Value(from);
                c.ours = Value(o->second);
                c.theirs = Value(t->second);
                c.what = "both renamed";
                c.kept = "ours";
                m_result.conflicts.push_back(std::move(c));
                theirs[t->second] = o->second;
                base[from] = o->second;
            }
            targets.insert(o->second);
        } else if (o != ro.end()) {
            if (free(m_theirs, o->second) && free(m_base, o->second)) {
                if (m_theirs.nodes.count(from))
                    theirs[from] = o->second;
                else
                    m_renamedRemoved[o->second] = "ours renamed (from " + from + "), theirs removed";
                base[from] = o->second;
                targets.insert(o->second);
            }
        } else if (free(m_ours, t->second) && free(m_base, t->second)) {
            if (m_ours.nodes.count(from))
                ours[from] = t->second;
            else
                m_renamedRemoved[t->second] = "theirs renamed (from " + from + "), ours removed";
            base[from] = t->second;
            targets.insert(t->second);
        }
    }
    renameAll(m_base, base);
    renameAll(m_ours, ours);
    renameAll(m_theirs, theirs);
}

FieldMap Merger::mergeFields(Entity e,
                             const std::string &id,
                             const std::string &type,
                             const FieldMap &b,
                             const FieldMap &o,
                             const FieldMap &t)
{
    std::set<FieldKey> keys;
    for (const FieldMap *m : {&b, &o, &t})
        for (const auto &[k, _] : *m)
            keys.insert(k);
    FieldMap out;
    auto get = [](const FieldMap &m, const FieldKey &k) {
        const auto it = m.find(k);
        return it == m.end() ? std::nullopt : std::optional<Value>(it->second);
    };
    for (const FieldKey &k : keys) {
        const auto bv = get(b, k), ov = get(o, k), tv = get(t, k);
        std::optional<Value> v;
        if (ov == tv || tv == bv) {
            v = ov;
        } else if (ov == bv) {
            v = tv;
        } else {
            v = ov;
            m_result.conflicts.push_back({e, id, k, bv, ov, tv,
                                          !ov   ? "ours removed, theirs changed"
                                          : !tv ? "ours changed, theirs removed"
                                                : "both changed",
                                          "ours", type});
        }
        if (v)
            out.emplace(k, std::move(*v));
    }
    return out;
}

template<typename T>
std::optional<T>
Merger::mergeEntity(Entity e, const std::string &id, const T *b, const T *o, const T *t)
{
    auto eq = [](const T *x, const T *y) { return x == y || (x && y && *x == *y); };
    std::string renamedRemoved;
    if constexpr (std::is_same_v<T, Node>)
        if (const auto r = m_renamedRemoved.find(id); r != m_renamedRemoved.end() && !o != !t)
            renamedRemoved = r->second;
    if (renamedRemoved.empty() && (eq(o, t) || eq(t, b)))
        return o ? std::optional<T>(*o) : std::nullopt;
    if (renamedRemoved.empty() && eq(o, b))
        return t ? std::optional<T>(*t) : std::nullopt;
    if (o && t) {
        T merged = *o;
        std::string type;
        if constexpr (std::is_same_v<T, Node>)
            type = o->type == t->type ? o->type : (b ? b->type : o->type);
        const FieldMap fields =
            mergeFields(e, id, type, b ? fieldsOf(*b) : FieldMap{}, fieldsOf(*o), fieldsOf(*t));
        std::string error;
        if (!applyFields(merged, fields, error))
            fail(error);
        return merged;
    }
    // Changed on one side, removed on the other: keep the changed one.
    MergeConflict c;
    c.entity = e;
    c.id = id;
    if (b)
        c.base = fieldsValue(fieldsOf(*b), e);
    if (o)
        c.ours = fieldsValue(fieldsOf(*o), e);
    if (t)
        c.theirs = fieldsValue(fieldsOf(*t), e);
    c.what = !renamedRemoved.empty() ? renamedRemoved
             : o                     ? "ours changed, theirs removed"
                                     : "theirs changed, ours removed";
    c.kept = o ? "ours" : "theirs";
    if constexpr (std::is_same_v<T, Node>)
        c.nodeType = (o ? o : t)->type;
    m_result.conflicts.push_back(std::move(c));
    return o ? *o : *t;
}

template<typename T>
void Merger::mergeMap(Entity e,
                      const std::map<std::string, T> &b,
                      const std::map<std::string, T> &o,
                      const std::map<std::string, T> &t,
                      std::map<std::string, T> &out)
{
    out.clear();
    join3(b, o, t, byKey, [&](const auto *pb, const auto *po, const auto *pt) {
        const std::string &id = (pb ? pb : po ? po : pt)->first;
        // Fast path: untouched on both sides.
        if (pb && po && pt && pb->second == po->second && po->second == pt->second) {
            out.emplace_hint(out.end(), id, po->second);
            return;
        }
        if (auto v = mergeEntity<T>(e, id, pb ? &pb->second : nullptr, po ? &po->second : nullptr,
                                    pt ? &pt->second : nullptr))
            out.emplace_hint(out.end(), id, std::move(*v));
    });
}

void Merger::mergeLinks()
{
    for (Topology *side : {&m_base, &m_ours, &m_theirs})
        if (!std::is_sorted(side->links.begin(), side->links.end(), linkLess))
            side->sortLinks();
    Topology &out = m_result.merged;
    out.links.clear();
    out.links.reserve(m_ours.links.size());
    join3(m_base.links, m_ours.links, m_theirs.links, linkLess,
          [&](const Link *b, const Link *o, const Link *t) {
              if (b && o && t && *b == *o && *o == *t) {
                  out.links.push_back(*o);
                  return;
              }
              const Link *any = b ? b : o ? o : t;
              // The links of a node renamed on one side and removed on the
              // other stay with the node (its conflict says so).
              if (b && !o != !t && touchesRenamedRemoved(*any)) {
                  out.links.push_back(o ? *o : *t);
                  return;
              }
              if (auto v = mergeEntity<Link>(Entity::Link, any->key(), b, o, t))
                  out.links.push_back(std::move(*v));
          });
}

void Merger::mergeLayout()
{
    Layout &out = m_result.merged.layout;
    out.nodes.clear();
    const auto &nodes = m_result.merged.nodes;
    join3(m_base.layout.nodes, m_ours.layout.nodes, m_theirs.layout.nodes, byKey,
          [&](const auto *pb, const auto *po, const auto *pt) {
              const std::string &id = (pb ? pb : po ? po : pt)->first;
              if (!nodes.count(id))
                  return;
              // A side that removed the node says nothing about its position.
              const std::optional<Point> b = pb ? std::optional<Point>(pb->second) : std::nullopt;
              const std::optional<Point> o =
                  m_ours.nodes.count(id) ? (po ? std::optional<Point>(po->second) : std::nullopt)
                                         : b;
              const std::optional<Point> t =
                  m_theirs.nodes.count(id) ? (pt ? std::optional<Point>(pt->second) : std::nullopt)
                                           : b;
              std::optional<Point> v;
              if (o == t || t == b) {
                  v = o;
              } else if (o == b) {
                  v = t;
              } else {
                  v = o ? o : t;
                  m_result.notes.push_back("node " + id + " was moved on both sides: kept " +
                                           (o ? "ours" : "theirs") + " position");
              }
              if (v)
                  out.nodes.emplace_hint(out.nodes.end(), id, *v);
          });
    const FieldMap fields =
        mergeFields(Entity::Topology, "layout", {}, layoutFieldsOf(m_base.layout),
                    layoutFieldsOf(m_ours.layout), layoutFieldsOf(m_theirs.layout));
    applyLayoutFields(out, fields);
}

// Two clean edits can nest zones inside each other (ours puts a in b,
// theirs b in a): each zone on such a loop whose parent came from theirs
// gets ours' parent back, as a conflict, until no loop is left (ours alone
// had none).
void Merger::breakZoneLoops()
{
    auto &zones = m_result.merged.zones;
    for (std::size_t round = 0; round <= zones.size(); ++round) {
        std::map<std::string_view, char> state; // 1 on the current path, 2 done
        std::vector<std::string_view> cycle;
        for (const auto &[id, z] : zones) {
            std::vector<std::string_view> path;
            std::string_view at = id;
            while (!at.empty() && cycle.empty()) {
                char &st = state[at];
                if (st == 2)
                    break;
                if (st == 1) {
                    cycle.assign(std::find(path.begin(), path.end(), at), path.end());
                    break;
                }
                st = 1;
                path.push_back(at);
                const auto p = zones.find(std::string(at));
                at = p == zones.end() ? std::string_view() : std::string_view(p->second.parent);
            }
            for (std::string_view walked : path)
                state[walked] = 2;
            if (!cycle.empty())
                break;
        }
        if (cycle.empty())
            return;
        bool broken = false;
        // Names copied: a view may be of a parent that changes below.
        const std::vector<std::string> ids(cycle.begin(), cycle.end());
        for (const std::string &id : ids) {
            Zone &z = zones.at(id);
            const Zone *oz = m_ours.zone(id);
            if (!oz || oz->parent == z.parent)
                continue;
            const Zone *bz = m_base.zone(id);
            const FieldKey key{FieldKey::Group::Field, "parent"};
            MergeConflict c;
            c.entity = Entity::Zone;
            c.id = id;
            c.field = key;
            if (bz)
                c.base = Value(bz->parent);
            c.ours = Value(oz->parent);
            c.theirs = Value(z.parent);
            c.what = "the merged zones nest inside each other";
            c.kept = "ours";
            m_result.conflicts.push_back(std::move(c));
            z.parent = oz->parent;
            broken = true;
        }
        if (!broken) {
            fail("a zone loop neither side's parents explain");
            return;
        }
    }
}

// A link to a node, or a node in a zone, that the other side removed: bring
// the removed thing back so the result reads, and say so.
void Merger::restoreReferences()
{
    Topology &out = m_result.merged;
    auto bring = [&](const std::string &id, const std::string &why, bool zone) {
        for (const Topology *side : {&m_ours, &m_theirs}) {
            const bool present = zone ? side->zones.count(id) > 0 : side->nodes.count(id) > 0;
            if (!present)
                continue;
            const bool ours = side == &m_ours;
            MergeConflict c;
            c.entity = zone ? Entity::Zone : Entity::Node;
            c.id = id;
            if (zone) {
                out.zones.emplace(id, side->zones.at(id));
                const FieldMap f = fieldsOf(side->zones.at(id));
                (ours ? c.ours : c.theirs) = fieldsValue(f, c.entity);
                if (const Zone *bz = m_base.zone(id))
                    c.base = fieldsValue(fieldsOf(*bz), c.entity);
            } else {
                const Node &n = side->nodes.at(id);
                out.nodes.emplace(id, n);
                if (const auto p = side->layout.nodes.find(id); p != side->layout.nodes.end())
                    out.layout.nodes.emplace(id, p->second);
                (ours ? c.ours : c.theirs) = fieldsValue(fieldsOf(n), c.entity);
                if (const Node *bn = m_base.node(id))
                    c.base = fieldsValue(fieldsOf(*bn), c.entity);
                c.nodeType = n.type;
            }
            c.what = std::string(ours ? "theirs" : "ours") + " removed it, " + why;
            c.kept = ours ? "ours" : "theirs";
            m_result.conflicts.push_back(std::move(c));
            return true;
        }
        return false;
    };
    for (bool changed = true; changed;) {
        changed = false;
        for (const Link &l : out.links)
            for (const Endpoint *e : {&l.from, &l.to})
                if (!out.nodes.count(e->node) &&
                    bring(e->node, "but link " + l.key() + " uses it", false))
                    changed = true;
        for (const auto &[id, n] : out.nodes)
            if (!n.zone.empty() && !out.zones.count(n.zone) &&
                bring(n.zone, "but node " + id + " is in it", true)) {
                changed = true;
                break;
            }
        for (const auto &[id, z] : out.zones)
            if (!z.parent.empty() && !out.zones.count(z.parent) &&
                bring(z.parent, "but zone " + id + " is inside it", true)) {
                changed = true;
                break;
            }
    }
}

MergeResult Merger::run()
{
    followRenames();
    Topology &out = m_result.merged;
    std::string error;
    const FieldMap top = mergeFields(Entity::Topology, {}, {}, fieldsOf(m_base), fieldsOf(m_ours),
                                     fieldsOf(m_theirs));
    if (!applyTopologyFields(out, top, error))
        fail(error);
    mergeMap(Entity::Zone, m_base.zones, m_ours.zones, m_theirs.zones, out.zones);
    breakZoneLoops();
    mergeMap(Entity::Node, m_base.nodes, m_ours.nodes, m_theirs.nodes, out.nodes);
    mergeMap(Entity::Policy, m_base.policies, m_ours.policies, m_theirs.policies, out.policies);
    mergeLinks();
    mergeLayout();
    restoreReferences();
    out.sortLinks();
    if (!m_result.conflicts.empty()) {
        Value record = conflictsValue(m_result.conflicts);
        // Conflicts left unresolved by an earlier merge stay listed.
        if (const auto it = out.extra.find(kConflictsKey);
            it != out.extra.end() && it->second.isList())
            for (const Value &v : it->second.toList())
                record.list().push_back(v);
        out.extra[kConflictsKey] = std::move(record);
    }
    return std::move(m_result);
}

} // namespace

MergeResult mergeTopologies(const Topology &base, const Topology &ours, const Topology &theirs)
{
    return Merger(base, ours, theirs).run();
}

Value conflictsValue(const std::vector<MergeConflict> &conflicts)
{
    ValueList list;
    for (const MergeConflict &c : conflicts) {
        ValueMap m;
        m[std::string(entityName(c.entity))] = Value(c.id);
        if (c.field)
            m["field"] = Value(c.field->text(c.entity));
        m["conflict"] = Value(c.what);
        ValueList absent;
        for (const auto &[name, v] :
             {std::pair{"base", &c.base}, {"ours", &c.ours}, {"theirs", &c.theirs}}) {
            if (*v)
                m[name] = **v;
            else
                absent.push_back(Value(name));
        }
        if (!absent.empty())
            m["absent"] = Value(std::move(absent));
        m["kept"] = Value(c.kept);
        list.push_back(Value(std::move(m)));
    }
    return Value(std::move(list));
}

} // namespace sky
