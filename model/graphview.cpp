#include "checkcontext_p.h"

#include <boost/graph/breadth_first_search.hpp>

#include <algorithm>
#include <cassert>
#include <functional>
#include <unordered_map>

namespace sky::detail {

namespace {

// Records, for each vertex the search discovers, the link that reached it.
// Holds its state by reference (Boost copies visitors).
struct TreeRecorder : boost::default_bfs_visitor
{
    std::vector<int> &predLink;
    void tree_edge(Edge e, const Graph &g) const { predLink[boost::target(e, g)] = g[e].link; }
};

// Numbers the distinct names given to it, "" first, in the order first seen.
// The views point into the topology.
class Interner
{
public:
    explicit Interner(std::vector<std::string_view> &names) : m_names(names) { m_names.assign(1, {}); }

    int operator()(std::string_view name)
    {
        // Neighbours in id order tend to share their zone and region.
        if (name == m_names[std::size_t(m_last)])
            return m_last;
        const auto [it, added] = m_known.try_emplace(name, int(m_names.size()));
        if (added)
            m_names.push_back(name);
        m_last = it->second;
        return m_last;
    }

private:
    std::vector<std::string_view> &m_names;
    std::unordered_map<std::string_view, int> m_known{{std::string_view(), 0}};
    int m_last = 0;
};

} // namespace

void TopologyIndex::build(const Topology &topology, const Catalog &catalog, Visitor *visitor)
{
    assert(nodes.empty() && m_idStart.empty()); // an index is built once
    const std::size_t n = topology.nodes.size();
    nodes.reserve(n);
    types.reserve(n);
    replicas.reserve(n);
    zone.reserve(n);
    region.reserve(n);
    cpu.reserve(n);
    memory.reserve(n);
    bandwidth.reserve(n);
    Interner zoneId(zoneNames), regionId(regionNames);
    std::size_t capacity = 16;
    while (capacity < 2 * n)
        capacity *= 2;
    m_slots.assign(capacity, Slot{});
    m_ids.reserve(n * 16);
    m_idStart.reserve(n + 1);
    m_idStart.push_back(0);
    const std::size_t mask = capacity - 1;
    const std::string *lastType = nullptr;
    const ComponentType *type = nullptr;
    // The ids come in sorted order but land in the table at random: at
    // 100,000 nodes the 4 MB table no longer fits in the cache, so each
    // node's slot is fetched kAhead nodes before it is filled.
    constexpr std::size_t kAhead = 8;
    auto ahead = topology.nodes.begin();
    for (std::size_t k = 0; k < kAhead && ahead != topology.nodes.end(); ++k, ++ahead)
        __builtin_prefetch(&m_slots[std::hash<std::string_view>{}(ahead->first) & mask], 1);
    for (const auto &[id, node] : topology.nodes) {
        if (ahead != topology.nodes.end()) {
            __builtin_prefetch(&m_slots[std::hash<std::string_view>{}(ahead->first) & mask], 1);
            // The rest of that node, and the first of its properties, which
            // the schema checks read when it comes up.
            const char *body = reinterpret_cast<const char *>(&ahead->second);
            for (std::size_t line = 64; line < sizeof(Node); line += 64)
                __builtin_prefetch(body + line);
            if (!ahead->second.properties.empty())
                __builtin_prefetch(&*ahead->second.properties.begin());
            ++ahead;
        }
        // Nodes of one type tend to follow each other in id order: one catalog lookup per run.
        if (!lastType || node.type != *lastType) {
            type = catalog.type(node.type);
            lastType = &node.type;
        }
        const auto index = std::uint32_t(nodes.size());
        nodes.push_back(&node);
        types.push_back(type);
        replicas.push_back(node.replicas);
        zone.push_back(zoneId(node.zone));
        region.push_back(regionId(node.region));
        const Resources &r = node.resources;
        cpu.push_back(r.cpu ? *r.cpu : type ? type->cpu.defaultValue : 0.0);
        memory.push_back(r.memory ? double(*r.memory) : type ? type->memory.defaultValue : 0.0);
        bandwidth.push_back(r.bandwidth ? double(*r.bandwidth) : type ? type->bandwidth.defaultValue : 0.0);
        m_ids += id;
        m_idStart.push_back(std::uint32_t(m_ids.size())); // the end of this id: id(index) reads it
        const std::size_t hash = std::hash<std::string_view>{}(id);
        std::size_t i = hash & mask;
        while (m_slots[i].index != 0)
            i = (i + 1) & mask;
        m_slots[i] = {std::uint32_t(hash), index + 1, std::uint32_t(m_ids.size() - id.size()), std::uint32_t(id.size())};
        if (visitor)
            visitor->node(index);
    }
    if (visitor)
        visitor->nodesDone();
    // One pass over the links: at 100,000 nodes they no longer fit in the
    // cache, and each further pass would fetch every link again. Links are
    // sorted by their start, so `from` is the same node as the link before
    // most of the time. Their ends are in no order, and looking one up waits
    // on up to three misses in turn: the end's characters (a long id lives
    // apart from its link), the table slot, then the id the slot points at.
    // So the pass works on three links ahead at once, a stage each: it fetches
    // the characters of link k + kChars, hashes link k + kHash and fetches its
    // slot, fetches the id for link k + kId, and looks up link k. The misses
    // of a dozen links overlap instead of following each other.
    const std::vector<Link> &links = topology.links;
    const std::size_t count = links.size();
    linkFrom.resize(count);
    linkTo.resize(count);
    linkBandwidth.resize(count);
    constexpr std::size_t kLink = 40, kChars = 24, kHash = 12, kId = 6, kRing = 16; // kRing > kHash, a power of two
    static_assert(kRing > kHash && kId < kHash && kHash < kChars && kChars < kLink
                  && (kRing & (kRing - 1)) == 0);
    std::size_t hashes[kRing]; // of the `to` ends of links k .. k + kHash
    // The links lie side by side, but at a quarter-kilobyte each the
    // hardware's own fetching falls behind: each is fetched whole at kLink,
    // before kChars reads where its ends' characters are.
    const auto fetchLink = [&](std::size_t k) {
        const char *at = reinterpret_cast<const char *>(&links[k]);
        for (std::size_t line = 0; line < sizeof(Link); line += 64)
            __builtin_prefetch(at + line);
        __builtin_prefetch(at + sizeof(Link) - 1);
    };
    const auto fetchChars = [&](std::size_t k) {
        __builtin_prefetch(links[k].to.node.data());
        __builtin_prefetch(links[k].from.node.data());
    };
    const auto hash = [&](std::size_t k) {
        const std::size_t h = std::hash<std::string_view>{}(links[k].to.node);
        hashes[k % kRing] = h;
        __builtin_prefetch(&m_slots[h & mask]);
    };
    for (std::size_t k = 0; k < count && k < kLink; ++k)
        fetchLink(k);
    for (std::size_t k = 0; k < count && k < kChars; ++k)
        fetchChars(k);
    for (std::size_t k = 0; k < count && k < kHash; ++k)
        hash(k);
    for (std::size_t k = 0; k < count; ++k) {
        if (k + kLink < count)
            fetchLink(k + kLink);
        if (k + kChars < count)
            fetchChars(k + kChars);
        if (k + kHash < count)
            hash(k + kHash);
        if (k + kId < count)
            if (const Slot &slot = m_slots[hashes[(k + kId) % kRing] & mask]; slot.index)
                __builtin_prefetch(m_ids.data() + slot.start);
        const Link &link = links[k];
        linkFrom[k] = startOf(link, k > 0 ? linkFrom[k - 1] : -1, k > 0 ? &links[k - 1] : nullptr);
        linkTo[k] = find(link.to.node, hashes[k % kRing]);
        linkBandwidth[k] = link.bandwidth ? *link.bandwidth : kNoBandwidth;
        if (visitor) {
            visitor->linkAhead(k);
            if (k >= kVisitDelay)
                visitor->link(k - kVisitDelay);
        }
    }
    if (visitor)
        for (std::size_t k = count > kVisitDelay ? count - kVisitDelay : 0; k < count; ++k)
            visitor->link(k);
}

// The node index of the link's `from` end, given the link before it and its
// `from` index. Links are sorted by their start and nodes by id, so `from` is
// either the previous link's or, most of the time, one of the next few nodes:
// read side by side, with no lookup in the table. Any other order (a
// topology built through the API and never sorted) falls back to the table.
int TopologyIndex::startOf(const Link &link, int previous, const Link *before) const
{
    const std::string_view id = link.from.node;
    if (before && previous >= 0 && before->from.node == id)
        return previous;
    constexpr int kScan = 4;
    const int first = previous + 1; // node 0 when there is no link before
    const int last = std::min(int(nodes.size()), first + kScan);
    for (int i = first; i < last; ++i)
        if (this->id(std::size_t(i)) == id)
            return i;
    return indexOf(id);
}

int TopologyIndex::indexOf(std::string_view id) const
{
    return find(id, std::hash<std::string_view>{}(id));
}

int TopologyIndex::find(std::string_view id, std::size_t hash) const
{
    if (m_slots.empty())
        return -1;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash & mask; m_slots[i].index != 0; i = (i + 1) & mask) {
        const Slot &slot = m_slots[i];
        if (slot.hash == std::uint32_t(hash) && std::string_view(m_ids).substr(slot.start, slot.size) == id)
            return int(slot.index - 1);
    }
    return -1;
}

GraphView buildGraphView(TopologyIndex index)
{
    GraphView v;
    static_cast<TopologyIndex &>(v) = std::move(index);
    const std::size_t n = v.nodes.size();
    v.nodeCount = n;
    v.root = Vertex(n);
    v.tierOf.assign(n, {});
    v.entry.assign(n + 1, 0);
    v.external.assign(n + 1, 0);
    v.barrier.assign(n + 1, 0);
    v.dataTier.assign(n + 1, 0);
    v.linked.assign(n + 1, 0);
    std::vector<std::pair<Vertex, Vertex>> edges;
    std::vector<EdgeData> data;
    edges.reserve(v.linkFrom.size() + 16);
    data.reserve(v.linkFrom.size() + 16);
    for (std::size_t i = 0; i < n; ++i) {
        const ComponentType *t = v.types[i];
        if (!t)
            continue;
        v.tierOf[i] = tierName(t->tier);
        v.entry[i] = t->entry;
        v.external[i] = t->entry && t->tier == Tier::Edge;
        v.barrier[i] = t->tier == Tier::Security;
        v.dataTier[i] = t->tier == Tier::Data || t->tier == Tier::Storage;
        if (t->entry) {
            edges.emplace_back(v.root, Vertex(i));
            data.push_back(EdgeData{-1});
        }
    }
    for (std::size_t k = 0; k < v.linkFrom.size(); ++k) {
        if (v.linkFrom[k] < 0 || v.linkTo[k] < 0) {
            v.linkFrom[k] = v.linkTo[k] = -1; // a dangling reference, reported by the reader
            continue;
        }
        const auto a = Vertex(v.linkFrom[k]), b = Vertex(v.linkTo[k]);
        v.linked[a] = v.linked[b] = 1;
        edges.emplace_back(a, b);
        data.push_back(EdgeData{int(k)});
    }
    // The construction sorts the edges by source stably: each vertex keeps its
    // out-edges in the order above.
    v.graph = Graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), data.begin(), n + 1);

    v.predLink.assign(n + 1, -1);
    std::vector<boost::default_color_type> color(n + 1, boost::white_color);
    boost::breadth_first_search(
        v.graph, v.root,
        boost::visitor(TreeRecorder{{}, v.predLink})
            .color_map(boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, v.graph))));
    v.reachable.resize(n + 1);
    for (std::size_t i = 0; i <= n; ++i)
        v.reachable[i] = color[i] != boost::white_color;
    return v;
}

Vertex GraphView::vertexOf(const std::string &id) const
{
    const int i = indexOf(id);
    return i < 0 ? root : Vertex(i);
}

std::string pathOf(const GraphView &view, const std::vector<int> &predLink, Vertex v,
                   Subjects *linkKeys, const Topology &t)
{
    std::vector<int> links;
    for (Vertex at = v; predLink[at] >= 0 && links.size() <= view.nodeCount;
         at = Vertex(view.linkFrom[std::size_t(predLink[at])]))
        links.push_back(predLink[at]);
    std::reverse(links.begin(), links.end());
    // The ids from the index's copies: the nodes themselves lie anywhere
    // in the topology, a cache miss each at 100,000 nodes.
    std::string s(view.id(links.empty() ? v : std::size_t(view.linkFrom[std::size_t(links[0])])));
    for (int l : links) {
        s += " → ";
        s += view.id(std::size_t(view.linkTo[std::size_t(l)]));
        if (linkKeys)
            linkKeys->push_back(linkKey(t, l));
    }
    return s;
}

bool CheckContext::enabled(std::string_view rule) const
{
    const auto it = topology.rules.find(std::string(rule));
    return it == topology.rules.end() || it->second != "off";
}

void CheckContext::push(std::string_view rule, SharedText message, Subjects subjects, const std::string &sourcePath)
{
    if (!m_rule || m_rule->id != rule)
        m_rule = findRule(rule);
    const RuleInfo *info = m_rule;
    m_out.push_back({info ? info->severity : Severity::Error, std::string(rule), std::move(message),
                     info ? info->hint : StaticText(), std::move(subjects), m_file,
                     m_sources.find(sourcePath)});
}

void CheckContext::report(std::string_view rule, std::string_view message, const Subjects &subjects,
                          const std::string &sourcePath)
{
    push(rule, m_texts.text(message), m_texts.subjects(subjects), sourcePath);
}

void CheckContext::report(std::string_view rule, std::string_view message, const Subjects &subjects,
                          std::string_view pathPrefix, std::string_view pathRest)
{
    m_path.assign(pathPrefix);
    m_path += pathRest;
    report(rule, message, subjects, m_path);
}

void CheckContext::reportSubject(std::string_view rule, std::string_view message, std::string_view subject,
                                 std::string_view pathPrefix, std::string_view pathRest)
{
    m_path.assign(pathPrefix);
    m_path += pathRest;
    push(rule, m_texts.text(message), m_texts.subjects(subject), m_path);
}

std::string linkKey(const Topology &t, int link)
{
    return t.links[std::size_t(link)].key();
}


std::string joinIds(const std::vector<std::string> &ids, std::size_t max)
{
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < max; ++i)
        s += (i ? ", '" : "'") + ids[i] + "'";
    if (ids.size() > max)
        s += " and " + std::to_string(ids.size() - max) + " more";
    return s;
}

} // namespace sky::detail
