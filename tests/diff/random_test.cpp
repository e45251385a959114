// Random edit sequences on generated topologies: the diff must report
// exactly the edits applied, and merging two disjoint edit sets must equal
// applying both.
#include "difftest.h"

#include "catalog.h"
#include "generator.h"
#include "merge.h"

#include <functional>
#include <random>

using namespace sky;
using namespace sky::test;

namespace {

struct Edit
{
    std::function<void(Topology &)> apply;
    std::set<std::string> expected; // lines as summary() writes them
};

// Edits on distinct parts of the topology: each touches a node (and fences
// off its neighbours), a link, a zone, a policy or the top level once, so the
// edits are independent and their expected report is known in advance.
class EditMaker
{
public:
    EditMaker(const Topology &base, std::uint32_t seed)
        : m_base(base)
        , m_rng(seed)
    {
        for (const auto &[id, _] : base.nodes)
            m_free.push_back(id);
    }

    std::vector<Edit> make(int count)
    {
        std::vector<Edit> edits;
        for (int i = 0; i < count * 4 && int(edits.size()) < count; ++i)
            if (std::optional<Edit> e = one())
                edits.push_back(std::move(*e));
        return edits;
    }

private:
    std::optional<std::string> takeNode()
    {
        for (int tries = 0; tries < 50 && !m_free.empty(); ++tries) {
            const std::string id = m_free[pick(m_free.size())];
            if (m_fenced.count(id))
                continue;
            m_fenced.insert(id);
            for (const Link *l : m_base.linksOf(id)) {
                m_fenced.insert(l->from.node);
                m_fenced.insert(l->to.node);
            }
            return id;
        }
        return std::nullopt;
    }
    std::size_t pick(std::size_t n)
    {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng);
    }
    std::string fresh(const char *stem)
    {
        return std::string(stem) + "-" + std::to_string(++m_counter);
    }

    std::optional<Edit> one()
    {
        switch (pick(9)) {
        case 0: { // a property set to a new value
            const auto id = takeNode();
            if (!id)
                return std::nullopt;
            const std::string key = "p" + std::to_string(pick(3));
            const Value v(std::int64_t(1000 + m_counter++));
            const Node &n = *m_base.node(*id);
            const auto old = n.properties.find(key);
            return Edit{[=](Topology &t) { t.node(*id)->properties[key] = v; },
                        {"changed node " + *id + " properties." + key + ": " +
                         (old == n.properties.end() ? "-" : displayValue(old->second)) + " -> " +
                         displayValue(v)}};
        }
        case 1: { // a node removed, with its links and position
            const auto id = takeNode();
            if (!id)
                return std::nullopt;
            std::set<std::string> exp{"removed node " + *id};
            for (const Link *l : m_base.linksOf(*id))
                exp.insert("removed link " + l->key());
            if (const auto p = m_base.layout.nodes.find(*id); p != m_base.layout.nodes.end())
                exp.insert("move " + *id + " " + pointText(p->second) + " -> -");
            return Edit{[=](Topology &t) { t.removeNode(*id); }, exp};
        }
        case 2: { // a node renamed
            const auto id = takeNode();
            if (!id)
                return std::nullopt;
            const std::string to = fresh("renamed");
            return Edit{[=](Topology &t) { t.renameNode(*id, to); },
                        {"renamed node " + *id + " -> " + to}};
        }
        case 3: { // a node moved
            const auto id = takeNode();
            if (!id || !m_base.layout.nodes.count(*id))
                return std::nullopt;
            const Point p{double(pick(5000)), -1.0 - double(pick(100))};
            return Edit{[=](Topology &t) { t.layout.nodes[*id] = p; },
                        {"move " + *id + " " + pointText(m_base.layout.nodes.at(*id)) + " -> " +
                         pointText(p)}};
        }
        case 4: { // a node added, linked to a free node
            const auto peer = takeNode();
            if (!peer)
                return std::nullopt;
            const std::string id = fresh("added");
            Node n{id, "cache"};
            n.label = "unique " + id;
            n.zone = "data";
            const Point p{-100, double(m_counter)};
            const Link l{{*peer, "out"}, {id, "in"}, {}, {}, {}, {}};
            return Edit{[=](Topology &t) {
                            t.addNode(n, p);
                            t.addLink(l);
                        },
                        {"added node " + id, "added link " + l.key(),
                         "move " + id + " - -> " + pointText(p)}};
        }
        case 5: { // a link's port changed, or the link removed
            const auto a = takeNode();
            if (!a)
                return std::nullopt;
            const auto links = m_base.linksOf(*a);
            if (links.empty())
                return std::nullopt;
            const Link l = *links[pick(links.size())];
            if (pick(2) == 0)
                return Edit{[=](Topology &t) { t.removeLink(l.from, l.to); },
                            {"removed link " + l.key()}};
            const int port = 1 + int(pick(60000));
            return Edit{
                [=](Topology &t) { t.links[std::size_t(t.linkIndex(l.from, l.to))].port = port; },
                {"changed link " + l.key() + " port: " + (l.port ? std::to_string(*l.port) : "-") +
                 " -> " + std::to_string(port)}};
        }
        case 6: { // a zone relabelled
            for (const auto &[zoneId, z] : m_base.zones)
                if (m_zones.insert(zoneId).second) {
                    const std::string id = zoneId; // clang-14 cannot capture a structured binding
                    const std::string label = "label " + std::to_string(m_counter++);
                    return Edit{[=](Topology &t) { t.zones.at(id).label = label; },
                                {"changed zone " + id + " label: " + displayValue(Value(z.label)) +
                                 " -> " + displayValue(Value(label))}};
                }
            return std::nullopt;
        }
        case 7: { // a policy added
            const std::string id = fresh("policy");
            return Edit{[=](Topology &t) {
                            t.policies[id] = Policy{id, "exposure", {}};
                        },
                        {"added policy " + id}};
        }
        default: { // a node moved to another zone
            const auto id = takeNode();
            if (!id)
                return std::nullopt;
            const std::string from = m_base.node(*id)->zone;
            const std::string to = from == "storage" ? "app" : "storage";
            return Edit{[=](Topology &t) { t.node(*id)->zone = to; },
                        {"changed node " + *id +
                         " zone: " + (from.empty() ? "-" : displayValue(Value(from))) + " -> " +
                         displayValue(Value(to))}};
        }
        }
    }

    const Topology &m_base;
    std::mt19937 m_rng;
    std::vector<std::string> m_free;
    std::set<std::string> m_fenced;
    std::set<std::string> m_zones;
    int m_counter = 0;
};

// Generated nodes of one type can be identical twins (a rename would then be
// ambiguous); a unique label each keeps the expected report unique.
Topology generated(std::uint32_t seed, int nodes)
{
    GeneratorOptions o;
    o.nodes = nodes;
    o.seed = seed;
    Topology t = generateTopology(Catalog::builtin(), o);
    for (auto &[id, n] : t.nodes)
        n.label = "node " + id;
    return t;
}

} // namespace

class RandomEdits : public ::testing::TestWithParam<std::uint32_t>
{
};

TEST_P(RandomEdits, DiffReportsExactlyTheAppliedEdits)
{
    const Topology base = generated(GetParam(), 150);
    EditMaker maker(base, GetParam() * 7919u);
    const std::vector<Edit> edits = maker.make(12);
    ASSERT_GE(edits.size(), 6u);
    Topology edited = base;
    std::set<std::string> expected;
    for (const Edit &e : edits) {
        e.apply(edited);
        expected.insert(e.expected.begin(), e.expected.end());
    }
    const TopologyDiff d = checkedDiff(base, edited);
    EXPECT_EQ(summary(d), expected);
    // And backwards: the same facts, the other way round.
    const TopologyDiff back = checkedDiff(edited, base);
    EXPECT_EQ(summary(back).size(), expected.size());
}

TEST_P(RandomEdits, MergeOfDisjointEditSetsEqualsApplyingBoth)
{
    const Topology base = generated(GetParam() + 1000, 150);
    EditMaker maker(base, GetParam() * 104729u);
    const std::vector<Edit> edits = maker.make(16);
    ASSERT_GE(edits.size(), 8u);
    Topology ours = base, theirs = base, both = base;
    for (std::size_t i = 0; i < edits.size(); ++i) {
        edits[i].apply(i % 2 ? theirs : ours);
        edits[i].apply(both);
    }
    const MergeResult r = mergeTopologies(base, ours, theirs);
    EXPECT_TRUE(r.clean()) << (r.conflicts.empty()
                                   ? ""
                                   : r.conflicts[0].where() + ": " + r.conflicts[0].what);
    EXPECT_TRUE(r.merged == both) << ::testing::PrintToString(
        summary(diffTopologies(both, r.merged)));
    // The merge is symmetric when nothing conflicts.
    EXPECT_TRUE(mergeTopologies(base, theirs, ours).merged == both);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomEdits, ::testing::Range(1u, 31u));
