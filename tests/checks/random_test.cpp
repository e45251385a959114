// Random topologies of up to 12 nodes, each checked against brute-force
// references written here from the rules' definitions (docs/RULES.md):
// reachability by fixpoint, cycles by transitive closure, single points of
// failure by removing every node and every link in turn and recomputing,
// bandwidth by a plain Edmonds–Karp maximum flow.
#include "checkstest.h"
#include "quantity.h"

#include <limits>
#include <random>
#include <set>

using namespace sky;
using namespace sky::test;

namespace {

struct Kind
{
    const char *type;
    bool entry, external, barrier, data;
};

const Kind kKinds[] = {
    {"internet", true, true, false, false},     {"vpn_gateway", true, false, true, false},
    {"firewall", false, false, true, false},    {"router", false, false, false, false},
    {"load_balancer", false, false, false, false}, {"app_server", false, false, false, false},
    {"database", false, false, false, true},    {"object_storage", false, false, false, true},
};

struct Case
{
    Topology topology;
    std::vector<const Kind *> kind;
    std::vector<std::string> id;
    std::vector<int> replicas;
    std::vector<std::pair<int, int>> links; // in Topology::links order
    int n = 0;
};

Case randomCase(std::uint32_t seed)
{
    std::mt19937 rng(seed);
    Case c;
    c.n = std::uniform_int_distribution<int>(1, 12)(rng);
    for (int i = 0; i < c.n; ++i) {
        // Node 0 is usually the internet; a few cases have no entry point at all.
        const Kind *k = i == 0 && rng() % 10 != 0 ? &kKinds[0]
                                                 : &kKinds[1 + std::uniform_int_distribution<std::size_t>(0, 6)(rng)];
        Node node;
        node.id = "n" + std::to_string(i);
        node.type = k->type;
        node.replicas = rng() % 4 == 0 ? 2 : 1;
        c.topology.addNode(node);
    }
    // Topology keeps nodes by id ("n10" < "n2"): index the reference the same way.
    for (const auto &[id, node] : c.topology.nodes) {
        c.id.push_back(id);
        c.replicas.push_back(node.replicas);
        for (const Kind &k : kKinds)
            if (node.type == k.type)
                c.kind.push_back(&k);
    }
    const double density = std::uniform_real_distribution<double>(0.05, 0.35)(rng);
    for (int a = 0; a < c.n; ++a)
        for (int b = 0; b < c.n; ++b)
            if (std::bernoulli_distribution(a == b ? density / 4 : density)(rng))
                c.topology.addLink({{c.id[std::size_t(a)], ""}, {c.id[std::size_t(b)], ""}});
    for (const Link &l : c.topology.links) {
        const auto index = [&](const std::string &id) { return int(std::find(c.id.begin(), c.id.end(), id) - c.id.begin()); };
        c.links.emplace_back(index(l.from.node), index(l.to.node));
    }
    return c;
}

// Nodes reachable from the entry points, by fixpoint; `removedNode` and
// `removedLink` (-1: none) are left out, `allowed` (if given) limits the nodes.
std::vector<char> reach(const Case &c, int removedNode, int removedLink, const std::vector<char> *allowed = nullptr)
{
    std::vector<char> r(std::size_t(c.n), 0);
    for (int i = 0; i < c.n; ++i)
        r[std::size_t(i)] = c.kind[std::size_t(i)]->entry && i != removedNode && (!allowed || (*allowed)[std::size_t(i)]);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t k = 0; k < c.links.size(); ++k) {
            const auto [a, b] = c.links[k];
            if (int(k) == removedLink || b == removedNode || !r[std::size_t(a)] || r[std::size_t(b)]
                || (allowed && !(*allowed)[std::size_t(b)]))
                continue;
            r[std::size_t(b)] = 1;
            changed = true;
        }
    }
    return r;
}

std::set<int> preds(const Case &c, int v)
{
    std::set<int> p;
    for (const auto &[a, b] : c.links)
        if (b == v)
            p.insert(a);
    return p;
}

std::set<std::vector<std::string>> expectedSpof(const Case &c)
{
    const auto service = [&](int v) { return !c.kind[std::size_t(v)]->external; };
    // peers: same type, P(v)\{u} == P(u)\{v}, not empty.
    std::vector<std::vector<int>> peers(std::size_t(c.n));
    for (int v = 0; v < c.n; ++v)
        for (int u = 0; u < c.n; ++u) {
            if (u == v || !service(u) || !service(v) || c.kind[std::size_t(u)] != c.kind[std::size_t(v)])
                continue;
            std::set<int> pv = preds(c, v), pu = preds(c, u);
            pv.erase(u);
            pu.erase(v);
            if (pv == pu && !pv.empty())
                peers[std::size_t(v)].push_back(u);
        }
    const std::vector<char> base = reach(c, -1, -1);
    const auto loses = [&](const std::vector<char> &after) {
        for (int w = 0; w < c.n; ++w) {
            if (!service(w) || !base[std::size_t(w)] || after[std::size_t(w)])
                continue;
            const auto &p = peers[std::size_t(w)];
            if (std::none_of(p.begin(), p.end(), [&](int u) { return after[std::size_t(u)] != 0; }))
                return true;
        }
        return false;
    };
    std::set<std::vector<std::string>> out;
    for (int x = 0; x < c.n; ++x)
        if (service(x) && base[std::size_t(x)] && c.replicas[std::size_t(x)] < 2 && loses(reach(c, x, -1)))
            out.insert({c.id[std::size_t(x)]});
    const auto replicated = [&](int v) { return c.kind[std::size_t(v)]->external || c.replicas[std::size_t(v)] >= 2; };
    for (std::size_t k = 0; k < c.links.size(); ++k) {
        const auto [a, b] = c.links[k];
        if (!(replicated(a) && replicated(b)) && loses(reach(c, -1, int(k))))
            out.insert({c.topology.links[k].key()});
    }
    return out;
}

std::set<std::vector<std::string>> expectedCycles(const Case &c)
{
    std::vector<std::vector<char>> path(std::size_t(c.n), std::vector<char>(std::size_t(c.n), 0));
    for (const auto &[a, b] : c.links)
        path[std::size_t(a)][std::size_t(b)] = 1;
    for (int k = 0; k < c.n; ++k)
        for (int i = 0; i < c.n; ++i)
            for (int j = 0; j < c.n; ++j)
                if (path[std::size_t(i)][std::size_t(k)] && path[std::size_t(k)][std::size_t(j)])
                    path[std::size_t(i)][std::size_t(j)] = 1;
    std::set<std::vector<std::string>> out;
    for (int i = 0; i < c.n; ++i) {
        if (!path[std::size_t(i)][std::size_t(i)])
            continue;
        std::vector<std::string> group;
        for (int j = 0; j < c.n; ++j)
            if (i == j || (path[std::size_t(i)][std::size_t(j)] && path[std::size_t(j)][std::size_t(i)]))
                group.push_back(c.id[std::size_t(j)]);
        out.insert(group);
    }
    return out;
}

std::set<std::vector<std::string>> asSet(const std::vector<Diagnostic> &found, const char *rule)
{
    std::set<std::vector<std::string>> out;
    for (const Diagnostic &d : only(found, rule))
        EXPECT_TRUE(out.insert(d.subjects.toVector()).second) << "reported twice: " << d.format();
    return out;
}

constexpr std::uint32_t kCases = 4000;

} // namespace

TEST(RandomTopologies, ReachabilityMatchesFixpoint)
{
    for (std::uint32_t seed = 1; seed <= kCases; ++seed) {
        const Case c = randomCase(seed);
        const std::vector<char> r = reach(c, -1, -1);
        std::set<std::vector<std::string>> expected;
        for (int v = 0; v < c.n; ++v) {
            const bool linked = std::any_of(c.links.begin(), c.links.end(),
                                            [&](const auto &l) { return l.first == v || l.second == v; });
            if (!r[std::size_t(v)] && linked)
                expected.insert({c.id[std::size_t(v)]});
        }
        ASSERT_EQ(asSet(check(c.topology), "SP-UNREACHABLE"), expected) << "seed " << seed;
    }
}

TEST(RandomTopologies, ExposureMatchesFixpointAndPathsAreReal)
{
    for (std::uint32_t seed = 1; seed <= kCases; ++seed) {
        const Case c = randomCase(seed);
        std::vector<char> open(std::size_t(c.n));
        for (int v = 0; v < c.n; ++v)
            open[std::size_t(v)] = !c.kind[std::size_t(v)]->barrier;
        const std::vector<char> r = reach(c, -1, -1, &open);
        std::set<std::string> expected;
        for (int v = 0; v < c.n; ++v)
            if (r[std::size_t(v)] && c.kind[std::size_t(v)]->data)
                expected.insert(c.id[std::size_t(v)]);
        std::set<std::string> actual;
        for (const Diagnostic &d : only(check(c.topology), "SP-EXPOSED-DATA")) {
            const std::vector<std::string> subjects = d.subjects.toVector();
            ASSERT_FALSE(subjects.empty());
            actual.insert(subjects[0]);
            // The path: links from an open entry point to the data node, no barrier on the way.
            std::string at;
            for (std::size_t k = 1; k < subjects.size(); ++k) {
                const int li = c.topology.linkIndex(Endpoint::parse(subjects[k].substr(0, subjects[k].find(" -> "))),
                                                    Endpoint::parse(subjects[k].substr(subjects[k].find(" -> ") + 4)));
                ASSERT_GE(li, 0) << subjects[k];
                const auto [a, b] = c.links[std::size_t(li)];
                ASSERT_TRUE(open[std::size_t(a)] && open[std::size_t(b)]) << "seed " << seed;
                if (k == 1) {
                    ASSERT_TRUE(c.kind[std::size_t(a)]->entry) << "seed " << seed;
                } else {
                    ASSERT_EQ(c.id[std::size_t(a)], at) << "seed " << seed;
                }
                at = c.id[std::size_t(b)];
            }
            if (subjects.size() > 1) {
                ASSERT_EQ(at, subjects[0]) << "seed " << seed;
            }
        }
        ASSERT_EQ(actual, expected) << "seed " << seed;
    }
}

TEST(RandomTopologies, SinglePointsOfFailureMatchRemovingEachNodeAndLink)
{
    int found = 0;
    for (std::uint32_t seed = 1; seed <= kCases; ++seed) {
        const Case c = randomCase(seed);
        const auto expected = expectedSpof(c);
        found += int(expected.size());
        ASSERT_EQ(asSet(check(c.topology), "SP-SPOF"), expected) << "seed " << seed;
    }
    EXPECT_GT(found, int(kCases)); // the cases exercise the rule
}

TEST(RandomTopologies, CyclesMatchTransitiveClosure)
{
    int found = 0;
    for (std::uint32_t seed = 1; seed <= kCases; ++seed) {
        const Case c = randomCase(seed);
        const auto expected = expectedCycles(c);
        found += int(expected.size());
        ASSERT_EQ(asSet(check(c.topology), "SP-CYCLE"), expected) << "seed " << seed;
    }
    EXPECT_GT(found, int(kCases) / 4);
}

namespace {

// Maximum flow by Edmonds–Karp (shortest augmenting paths) on the network
// the rule describes: each node split into in → out with its bandwidth times
// its replicas, each link out → in with its bandwidth (unlimited when it has
// none), the entry points fed from a source, the data tier drained into a
// sink. Returns the flow and the rule's subjects on the minimum cut nearest
// the source: the node and link edges leaving the vertices the source still
// reaches in the residual network.
struct FlowResult
{
    long long flow = 0;
    std::set<std::string> cut;
};

FlowResult referenceFlow(const Case &c)
{
    constexpr long long kInf = std::numeric_limits<long long>::max() / 8;
    const int n = c.n, source = 2 * n, sink = 2 * n + 1, vertices = 2 * n + 2;
    const auto size = std::size_t(vertices);
    std::vector<std::vector<long long>> cap(size, std::vector<long long>(size, 0));
    std::vector<std::vector<std::string>> name(size, std::vector<std::string>(size));
    const auto add = [&](int a, int b, long long capacity, const std::string &subject) {
        long long &slot = cap[std::size_t(a)][std::size_t(b)];
        slot = std::min(kInf, slot + capacity); // parallel links add up
        if (!subject.empty())
            name[std::size_t(a)][std::size_t(b)] = subject;
    };
    for (int v = 0; v < n; ++v) {
        const Node &node = c.topology.nodes.at(c.id[std::size_t(v)]);
        add(2 * v, 2 * v + 1, (long long)*node.resources.bandwidth * std::max(1, node.replicas), node.id);
        if (c.kind[std::size_t(v)]->entry)
            add(source, 2 * v, kInf, {});
        if (c.kind[std::size_t(v)]->data)
            add(2 * v + 1, sink, kInf, {});
    }
    for (const Link &l : c.topology.links) {
        const int a = int(std::find(c.id.begin(), c.id.end(), l.from.node) - c.id.begin());
        const int b = int(std::find(c.id.begin(), c.id.end(), l.to.node) - c.id.begin());
        if (a != b)
            add(2 * a + 1, 2 * b, l.bandwidth ? (long long)*l.bandwidth : kInf, l.key());
    }
    const auto original = cap;
    FlowResult r;
    std::vector<int> from(size);
    for (;;) {
        std::fill(from.begin(), from.end(), -1);
        from[std::size_t(source)] = source;
        std::vector<int> queue{source};
        for (std::size_t q = 0; q < queue.size() && from[std::size_t(sink)] < 0; ++q)
            for (int w = 0; w < vertices; ++w)
                if (from[std::size_t(w)] < 0 && cap[std::size_t(queue[q])][std::size_t(w)] > 0) {
                    from[std::size_t(w)] = queue[q];
                    queue.push_back(w);
                }
        if (from[std::size_t(sink)] < 0)
            break;
        long long push = kInf;
        for (int w = sink; w != source; w = from[std::size_t(w)])
            push = std::min(push, cap[std::size_t(from[std::size_t(w)])][std::size_t(w)]);
        if (push >= kInf)
            return {kInf, {}}; // unlimited
        for (int w = sink; w != source; w = from[std::size_t(w)]) {
            cap[std::size_t(from[std::size_t(w)])][std::size_t(w)] -= push;
            cap[std::size_t(w)][std::size_t(from[std::size_t(w)])] += push;
        }
        r.flow += push;
    }
    // `from` now marks what the source reaches in the residual network.
    for (int a = 0; a < vertices; ++a)
        for (int b = 0; b < vertices; ++b)
            if (from[std::size_t(a)] >= 0 && from[std::size_t(b)] < 0 && original[std::size_t(a)][std::size_t(b)] > 0
                && !name[std::size_t(a)][std::size_t(b)].empty())
                r.cut.insert(name[std::size_t(a)][std::size_t(b)]);
    return r;
}

} // namespace

// Bandwidths in steps of 100 Mbps so that parallel paths tie and a
// requirement lands on, just under and just over the maximum flow.
TEST(RandomTopologies, BandwidthMatchesEdmondsKarpAndItsMinimumCut)
{
    int shortfalls = 0, met = 0;
    for (std::uint32_t seed = 1; seed <= kCases; ++seed) {
        Case c = randomCase(seed);
        std::mt19937 rng(seed * 7919u);
        const auto step = [&](int most) { return std::uint64_t(std::uniform_int_distribution<int>(1, most)(rng)) * 100'000'000u; };
        for (auto &[id, node] : c.topology.nodes)
            node.resources.bandwidth = step(30);
        for (Link &l : c.topology.links)
            if (rng() % 2)
                l.bandwidth = step(20);
        const FlowResult expected = referenceFlow(c);
        const bool anyData = std::any_of(c.kind.begin(), c.kind.end(), [](const Kind *k) { return k->data; });
        // Around the true figure: one step under it and exactly it (met), one step over (short).
        const long long base = expected.flow >= std::numeric_limits<long long>::max() / 8 ? 1'000'000'000 : expected.flow;
        const long long required = std::max<long long>(100'000'000, base + (static_cast<long long>(rng() % 3) - 1) * 100'000'000);
        c.topology.requirements["throughput"] = Value(std::int64_t(required));
        const auto found = only(check(c.topology), "SP-BANDWIDTH");
        if (!anyData || expected.flow >= required) {
            ASSERT_TRUE(found.empty()) << "seed " << seed << ": " << found[0].format();
            met += anyData;
            continue;
        }
        ++shortfalls;
        ASSERT_EQ(found.size(), 1u) << "seed " << seed;
        EXPECT_NE(found[0].message.find("at most " + formatBandwidth(std::uint64_t(expected.flow)) + " but"),
                  std::string::npos)
            << "seed " << seed << ": " << found[0].message;
        EXPECT_EQ([&] { const auto v = found[0].subjects.toVector(); return std::set<std::string>(v.begin(), v.end()); }(), expected.cut)
            << "seed " << seed << ": " << found[0].message;
    }
    // Both outcomes occur often.
    EXPECT_GT(shortfalls, int(kCases) / 10);
    EXPECT_GT(met, int(kCases) / 10);
}
