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

QByteArray AutoLayout::dotInput(const Topology &topology)
{
    QByteArray dot = "digraph skyplan {\n  rankdir=LR; nodesep=0.45; ranksep=1.4; splines=false;\n"
                     "  node [shape=box, fixedsize=true, label=\"\"";
    dot += ", width=" + QByteArray::number(NodeItem::kWidth / 72.0, 'f', 3);
    dot += ", height=" + QByteArray::number(NodeItem::kHeight / 72.0, 'f', 3) + "];\n";
    for (const auto &[id, node] : topology.nodes)
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

std::map<std::string, Point> AutoLayout::layered(const Topology &topology)
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

void AutoLayout::startLayered(const Topology &topology)
{
    const quint64 generation = m_generation;
    QPointer<AutoLayout> self(this);
    auto *thread = QThread::create([self, generation, topology] {
        auto positions = layered(topology);
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

void AutoLayout::start(const Topology &topology, bool allowDot)
{
    cancel();
    m_running = true;
    ++m_generation;
    const QString dot = QStandardPaths::findExecutable(QStringLiteral("dot"));
    if (!allowDot || dot.isEmpty() || topology.nodes.size() > std::size_t(kDotLimit)) {
        m_method = tr("layered layout");
        startLayered(topology);
        return;
    }
    m_method = tr("Graphviz dot");
    m_process = new QProcess(this);
    QProcess *process = m_process;
    connect(process, &QProcess::finished, this, [this, process](int code, QProcess::ExitStatus status) {
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
        emit finished(wrapTallRanks(parsePlain(process->readAllStandardOutput())), tr("Graphviz dot"));
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
