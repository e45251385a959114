#include "autolayout.h"

#include "document.h"
#include "nodeitem.h"
#include "rankgrid.h"

#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <optional>
#include <unordered_map>

namespace sky {

using rankgrid::maxRows;
using rankgrid::placeRank;

AutoLayout::AutoLayout(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_process)
            m_process->kill();
        m_running = false;
        emit failed(tr("Graphviz took longer than %1 s and was stopped.").arg(kTimeoutMs / 1000));
    });
}

AutoLayout::~AutoLayout()
{
    cancel();
}

namespace {

// The nodes some link touches (a link to itself counts).
std::unordered_map<std::string, bool> linkedNodes(const Topology &topology)
{
    std::unordered_map<std::string, bool> linked;
    for (const Link &l : topology.links) {
        linked[l.from.node] = true;
        linked[l.to.node] = true;
    }
    return linked;
}

int tierIndex(const Catalog &catalog, const Node &node)
{
    const ComponentType *type = catalog.type(node.type);
    return int(type ? type->tier : Tier::Compute); // an unknown type sits with the compute tier
}

} // namespace

void AutoLayout::placeUnlinked(const Topology &topology, const Catalog &catalog, std::map<std::string, Point> &positions)
{
    const auto linked = linkedNodes(topology);
    std::map<int, std::vector<std::string>> unlinked; // tier -> ids, in id order
    std::map<int, std::vector<double>> columns;       // tier -> x of its linked nodes
    for (const auto &[id, node] : topology.nodes) {
        const int tier = tierIndex(catalog, node);
        if (!linked.count(id))
            unlinked[tier].push_back(id);
        else if (const auto p = positions.find(id); p != positions.end())
            columns[tier].push_back(p->second.x);
    }
    if (unlinked.empty())
        return;
    std::map<int, double> column;
    for (auto &[tier, xs] : columns) {
        std::nth_element(xs.begin(), xs.begin() + std::ptrdiff_t(xs.size() / 2), xs.end());
        column[tier] = xs[xs.size() / 2];
    }
    const double g = Document::kGrid;
    const std::size_t rows = maxRows(topology.nodes.size());
    double nextFree = 0; // for tiers with no column and none before them
    for (const auto &[tier, ids] : unlinked) {
        double x;
        if (const auto it = column.find(tier); it != column.end()) {
            x = it->second;
        } else {
            // Right of the nearest tier before it, else left of the nearest after it.
            const auto after = column.upper_bound(tier);
            if (after != column.begin())
                x = std::prev(after)->second + rankgrid::kColumn;
            else if (after != column.end())
                x = after->second - rankgrid::kColumn;
            else
                x = nextFree;
            column[tier] = x;
        }
        std::map<std::string, Point> placed;
        nextFree = placeRank(ids, x, rows, nullptr, placed);
        // Below whatever already stands in the columns they take.
        double left = x, right = x, top = 0;
        for (const auto &[id, p] : placed) {
            right = std::max(right, p.x);
            top = std::min(top, p.y);
        }
        std::optional<double> bottom;
        for (const auto &[id, p] : positions)
            if (p.x > left - NodeItem::kWidth && p.x < right + NodeItem::kWidth)
                bottom = std::max(bottom.value_or(p.y), p.y);
        const double dy = bottom ? *bottom + rankgrid::kRow - top : 0;
        for (const auto &[id, p] : placed)
            positions[id] = Point{std::round(p.x / g) * g, std::round((p.y + dy) / g) * g};
    }
}

QByteArray AutoLayout::dotInput(const Topology &topology)
{
    const auto linked = linkedNodes(topology);
    QByteArray dot = "digraph skyplan {\n  rankdir=LR; nodesep=0.45; ranksep=1.4; splines=false;\n"
                     "  node [shape=box, fixedsize=true, label=\"\"";
    dot += ", width=" + QByteArray::number(NodeItem::kWidth / 72.0, 'f', 3);
    dot += ", height=" + QByteArray::number(NodeItem::kHeight / 72.0, 'f', 3) + "];\n";
    for (const auto &[id, node] : topology.nodes)
        if (linked.count(id))
            dot += "  \"" + QByteArray::fromStdString(id) + "\";\n";
    for (const Link &l : topology.links)
        dot += "  \"" + QByteArray::fromStdString(l.from.node) + "\" -> \"" + QByteArray::fromStdString(l.to.node)
               + "\";\n";
    dot += "}\n";
    return dot;
}

std::map<std::string, Point> AutoLayout::parsePlain(const QByteArray &plain)
{
    std::map<std::string, Point> result;
    double height = 0;
    const auto lines = plain.split('\n');
    for (const QByteArray &line : lines) {
        const auto parts = line.simplified().split(' ');
        if (parts.size() >= 4 && parts[0] == "graph")
            height = parts[3].toDouble();
        if (parts.size() < 4 || parts[0] != "node")
            continue;
        QByteArray name = parts[1];
        if (name.startsWith('"') && name.endsWith('"'))
            name = name.mid(1, name.size() - 2);
        const double x = parts[2].toDouble() * 72 - NodeItem::kWidth / 2;
        const double y = (height - parts[3].toDouble()) * 72 - NodeItem::kHeight / 2;
        const double g = Document::kGrid;
        result[name.toStdString()] = Point{std::round(x / g) * g, std::round(y / g) * g};
    }
    return result;
}

std::map<std::string, Point> AutoLayout::layered(const Topology &topology, const Catalog &catalog)
{
    Topology linkedOnly;
    const auto linked = linkedNodes(topology);
    if (linked.size() < topology.nodes.size()) {
        for (const auto &[id, node] : topology.nodes)
            if (linked.count(id))
                linkedOnly.nodes.emplace(id, node);
        linkedOnly.links = topology.links;
    }
    const Topology &graph = linked.size() < topology.nodes.size() ? linkedOnly : topology;
    auto result = layeredLinked(graph, catalog);
    placeUnlinked(topology, catalog, result);
    return result;
}

std::map<std::string, Point> AutoLayout::layeredLinked(const Topology &topology, const Catalog &catalog)
{
    // Ranks: longest path from the sources along links, back edges ignored
    // (a node's rank is settled once all its non-cyclic predecessors are).
    std::unordered_map<std::string, std::vector<std::string>> next;
    std::unordered_map<std::string, std::vector<std::string>> previous;
    std::unordered_map<std::string, int> indegree;
    for (const auto &[id, n] : topology.nodes)
        indegree[id] = 0;
    for (const Link &l : topology.links) {
        if (!indegree.count(l.from.node) || !indegree.count(l.to.node) || l.from.node == l.to.node)
            continue;
        next[l.from.node].push_back(l.to.node);
        previous[l.to.node].push_back(l.from.node);
        indegree[l.to.node]++;
    }
    std::unordered_map<std::string, int> rank;
    std::deque<std::string> queue;
    for (const auto &[id, n] : topology.nodes)
        if (indegree[id] == 0)
            queue.push_back(id);
    std::size_t settled = 0;
    while (settled < topology.nodes.size()) {
        if (queue.empty()) { // a cycle: break it at the lowest remaining id
            for (const auto &[id, n] : topology.nodes)
                if (indegree[id] > 0) {
                    indegree[id] = 0;
                    queue.push_back(id);
                    break;
                }
        }
        const std::string id = queue.front();
        queue.pop_front();
        ++settled;
        for (const std::string &to : next[id]) {
            rank[to] = std::max(rank[to], rank[id] + 1);
            if (--indegree[to] == 0)
                queue.push_back(to);
        }
    }
    // A node nothing links to stands just left of the first node it feeds
    // (a worker beside its queue), as dot's shortest-links ranking puts it;
    // the entry points (and the edge tier) keep column 0.
    for (const auto &[id, n] : topology.nodes) {
        if (previous.count(id) || !next.count(id))
            continue;
        if (const ComponentType *type = catalog.type(n.type); type && (type->entry || type->tier == Tier::Edge))
            continue;
        int nearest = std::numeric_limits<int>::max();
        for (const std::string &to : next[id])
            nearest = std::min(nearest, rank[to]);
        rank[id] = std::max(0, nearest - 1);
    }
    std::map<int, std::vector<std::string>> columns;
    for (const auto &[id, n] : topology.nodes)
        columns[rank[id]].push_back(id);
    // A rank taller than the layout is wide is wrapped into several
    // sub-columns, so that a large topology fills a landscape screen rather
    // than a strip thousands of rows tall (placeRank). Each rank is ordered
    // by the mean row of its predecessors.
    const std::size_t rows = maxRows(topology.nodes.size());
    std::unordered_map<std::string, double> row;
    std::map<std::string, Point> result;
    double x = 0;
    for (auto &[r, ids] : columns) {
        std::vector<std::pair<double, std::string>> order;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            double sum = 0;
            int count = 0;
            for (const std::string &p : previous[ids[i]])
                if (const auto it = row.find(p); it != row.end()) {
                    sum += it->second;
                    ++count;
                }
            order.emplace_back(count ? sum / count : double(i), ids[i]);
        }
        std::stable_sort(order.begin(), order.end());
        std::vector<std::string> ordered;
        ordered.reserve(order.size());
        for (auto &[mean, id] : order)
            ordered.push_back(std::move(id));
        x = placeRank(ordered, x, rows, &row, result);
    }
    return result;
}

std::map<std::string, Point> AutoLayout::wrapTallRanks(const std::map<std::string, Point> &positions)
{
    // dot puts the nodes of a rank at one x (rankdir=LR), ordered top to
    // bottom so that few links cross: that order is kept.
    std::map<double, std::vector<std::pair<double, std::string>>> ranks;
    for (const auto &[id, p] : positions)
        ranks[p.x].emplace_back(p.y, id);
    const std::size_t rows = maxRows(positions.size());
    if (std::all_of(ranks.begin(), ranks.end(), [rows](const auto &rank) { return rank.second.size() <= rows; }))
        return positions;
    std::map<std::string, Point> result;
    double x = ranks.begin()->first;
    for (auto &[rankX, nodes] : ranks) {
        std::sort(nodes.begin(), nodes.end());
        std::vector<std::string> ordered;
        ordered.reserve(nodes.size());
        for (auto &[y, id] : nodes)
            ordered.push_back(std::move(id));
        x = placeRank(ordered, x, rows, nullptr, result);
    }
    return result;
}

void AutoLayout::startLayered(const Topology &topology, const Catalog &catalog)
{
    const quint64 generation = m_generation;
    QPointer<AutoLayout> self(this);
    auto *thread = QThread::create([self, generation, topology, catalog] {
        auto positions = layered(topology, catalog);
        QMetaObject::invokeMethod(self.data(), [self, generation, positions = std::move(positions)] {
            if (!self || generation != self->m_generation)
                return;
            self->m_running = false;
            emit self->finished(positions, tr("layered layout"));
        }, Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void AutoLayout::start(const Topology &topology, const Catalog &catalog, bool allowDot)
{
    cancel();
    m_running = true;
    ++m_generation;
    const QString dot = QStandardPaths::findExecutable(QStringLiteral("dot"));
    if (!allowDot || dot.isEmpty() || topology.nodes.size() > std::size_t(kDotLimit)) {
        m_method = tr("layered layout");
        startLayered(topology, catalog);
        return;
    }
    m_method = tr("Graphviz dot");
    m_process = new QProcess(this);
    QProcess *process = m_process;
    connect(process, &QProcess::finished, this, [this, process, topology, catalog](int code, QProcess::ExitStatus status) {
        m_timer->stop();
        if (process != m_process)
            return;
        m_process = nullptr;
        process->deleteLater();
        if (!m_running)
            return;
        m_running = false;
        if (status != QProcess::NormalExit || code != 0) {
            emit failed(tr("Graphviz failed: %1").arg(QString::fromLocal8Bit(process->readAllStandardError())));
            return;
        }
        auto positions = wrapTallRanks(parsePlain(process->readAllStandardOutput()));
        placeUnlinked(topology, catalog, positions);
        emit finished(positions, tr("Graphviz dot"));
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || process != m_process)
            return;
        m_timer->stop();
        m_running = false;
        m_process = nullptr;
        process->deleteLater();
        emit failed(tr("Graphviz could not be started: %1").arg(process->errorString()));
    });
    process->start(dot, {QStringLiteral("-Tplain")});
    process->write(dotInput(topology));
    process->closeWriteChannel();
    m_timer->start(kTimeoutMs);
}

void AutoLayout::cancel()
{
    ++m_generation;
    m_timer->stop();
    m_running = false;
    if (m_process) {
        QProcess *process = m_process;
        m_process = nullptr;
        process->disconnect(this);
        process->kill();
        process->waitForFinished(1000);
        process->deleteLater();
    }
}

} // namespace sky
