#pragma once

#include "catalog.h"
#include "topology.h"

#include <QObject>
#include <QString>

#include <map>
#include <string>

class QProcess;
class QTimer;

namespace sky {

// Lays a topology out with requests flowing left to right. Up to
// kDotLimit nodes it runs Graphviz `dot -Tplain` as a separate process
// (libgvc can be neither cancelled nor shared between threads), with a
// timeout and cancel; beyond that, or without Graphviz, a layered layout of
// our own on a worker thread (longest path from the entry points, columns
// ordered by the barycentre of their predecessors, a tall rank wrapped into
// sub-columns so the whole is about 16:9), which takes milliseconds where
// dot takes tens of seconds. dot's own tall ranks are wrapped the same way
// (a few hundred web servers side by side made a strip 1:20). Never blocks
// the UI.
//
// Tiers run left to right where the links leave room: a node no link
// reaches but that links on (a worker feeding a queue) stands just left of
// what it feeds, not beside the internet, and a node with no link at all
// goes to the column of its catalog tier (edge, security, network,
// compute, data, storage), below what stands there.
class AutoLayout : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDotLimit = 1500;
    static constexpr int kTimeoutMs = 60000;

    explicit AutoLayout(QObject *parent = nullptr);
    ~AutoLayout() override;

    void start(const Topology &topology, const Catalog &catalog = Catalog::builtin(), bool allowDot = true);
    void cancel();
    bool isRunning() const { return m_running; }
    // What the running (or last) layout uses: "Graphviz dot" or "layered layout".
    QString method() const { return m_method; }

    // The nodes with at least one link, as a dot graph (the others are
    // placed by placeUnlinked).
    static QByteArray dotInput(const Topology &topology);
    static std::map<std::string, Point> parsePlain(const QByteArray &plain);
    static std::map<std::string, Point> layered(const Topology &topology, const Catalog &catalog = Catalog::builtin());
    // Adds the nodes that have no link, each in the column of its tier (the
    // median column of the linked nodes of that tier, or beside the nearest
    // tier's), below the nodes already there.
    static void placeUnlinked(const Topology &topology, const Catalog &catalog, std::map<std::string, Point> &positions);
    // dot's ranks (rankdir=LR) taller than a 16:9 layout allows, wrapped into
    // sub-columns as the layered layout wraps its own, in dot's order; a
    // layout with no such rank is returned as it is.
    static std::map<std::string, Point> wrapTallRanks(const std::map<std::string, Point> &positions);

signals:
    void finished(const std::map<std::string, sky::Point> &positions, const QString &method);
    void failed(const QString &message);

private:
    void startLayered(const Topology &topology, const Catalog &catalog);
    static std::map<std::string, Point> layeredLinked(const Topology &topology, const Catalog &catalog);

    QProcess *m_process = nullptr;
    QTimer *m_timer;
    bool m_running = false;
    quint64 m_generation = 0;
    QString m_method;
};

} // namespace sky
