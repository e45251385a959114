#include "obstaclegrid.h"

#include <algorithm>
#include <cmath>

namespace sky {

bool clipSegment(QPointF &a, QPointF &b, const QRectF &r)
{
    // Most segments of a long link are nowhere near the rectangle.
    if (std::max(a.x(), b.x()) < r.left() || std::min(a.x(), b.x()) > r.right()
        || std::max(a.y(), b.y()) < r.top() || std::min(a.y(), b.y()) > r.bottom())
        return false;
    const qreal dx = b.x() - a.x();
    const qreal dy = b.y() - a.y();
    qreal t0 = 0;
    qreal t1 = 1;
    const qreal p[4] = {-dx, dx, -dy, dy};
    const qreal q[4] = {a.x() - r.left(), r.right() - a.x(), a.y() - r.top(), r.bottom() - a.y()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        const qreal t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    const QPointF start = a;
    a = start + t0 * QPointF(dx, dy);
    b = start + t1 * QPointF(dx, dy);
    return true;
}

std::uint64_t ObstacleGrid::cellKey(std::int32_t cx, std::int32_t cy)
{
    return (std::uint64_t(std::uint32_t(cx)) << 32) | std::uint32_t(cy);
}

template <typename Visit>
void ObstacleGrid::forCells(const QRectF &rect, Visit &&visit) const
{
    if (!std::isfinite(rect.left()) || !std::isfinite(rect.right()) || !std::isfinite(rect.top())
        || !std::isfinite(rect.bottom()))
        return;
    // Clamped, so that a node dragged absurdly far away still has a cell.
    const auto cell = [](qreal v, qreal size) {
        return std::int32_t(std::clamp(std::floor(v / size), -1e9, 1e9));
    };
    const std::int32_t x0 = cell(rect.left(), kCellWidth);
    const std::int32_t x1 = cell(rect.right(), kCellWidth);
    const std::int32_t y0 = cell(rect.top(), kCellHeight);
    const std::int32_t y1 = cell(rect.bottom(), kCellHeight);
    for (std::int32_t cx = x0; cx <= x1; ++cx)
        for (std::int32_t cy = y0; cy <= y1; ++cy)
            if (!visit(cellKey(cx, cy)))
                return;
}

namespace {
std::size_t cellHash(std::uint64_t key)
{
    return std::size_t((key * 0x9E3779B97F4A7C15ull) >> 17);
}
} // namespace

std::size_t ObstacleGrid::probe(std::uint64_t key) const
{
    const std::size_t mask = m_table.size() - 1;
    std::size_t i = cellHash(key) & mask;
    while (m_table[i].list != 0 && m_table[i].key != key)
        i = (i + 1) & mask;
    return i;
}

const std::vector<ObstacleGrid::Entry> *ObstacleGrid::findCell(std::uint64_t key) const
{
    if (m_table.empty())
        return nullptr;
    const Cell &c = m_table[probe(key)];
    return c.list == 0 ? nullptr : &m_lists[c.list - 1];
}

std::vector<ObstacleGrid::Entry> &ObstacleGrid::cell(std::uint64_t key)
{
    if (2 * (m_lists.size() + 1) > m_table.size()) { // grow, and place every cell again
        std::vector<Cell> table(std::max<std::size_t>(64, m_table.size() * 2));
        const std::size_t mask = table.size() - 1;
        for (const Cell &c : m_table)
            if (c.list != 0) {
                std::size_t i = cellHash(c.key) & mask;
                while (table[i].list != 0)
                    i = (i + 1) & mask;
                table[i] = c;
            }
        m_table = std::move(table);
    }
    Cell &c = m_table[probe(key)];
    if (c.list == 0) {
        m_lists.emplace_back();
        c = Cell{key, std::uint32_t(m_lists.size())};
    }
    return m_lists[c.list - 1];
}

void ObstacleGrid::clear()
{
    m_obstacles.clear();
    m_free.clear();
    m_slots.clear();
    m_table.clear();
    m_lists.clear();
    m_extent = QRectF();
}

void ObstacleGrid::unlink(std::uint32_t slot)
{
    // A cell left empty keeps its place in the table: few cells are ever
    // used, and a node dragged back finds its cells again.
    forCells(m_obstacles[slot].rect, [this, slot](std::uint64_t key) {
        if (m_table.empty())
            return true;
        if (const Cell &c = m_table[probe(key)]; c.list != 0)
            std::erase_if(m_lists[c.list - 1], [slot](const Entry &e) { return e.slot == slot; });
        return true;
    });
}

void ObstacleGrid::place(const std::string &id, const QRectF &rect)
{
    std::uint32_t slot;
    if (const auto it = m_slots.find(id); it != m_slots.end()) {
        slot = it->second;
        if (m_obstacles[slot].rect == rect)
            return;
        unlink(slot);
        m_obstacles[slot].rect = rect;
    } else if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
        m_obstacles[slot] = Obstacle{rect, id};
        m_slots.emplace(id, slot);
    } else {
        slot = std::uint32_t(m_obstacles.size());
        m_obstacles.push_back(Obstacle{rect, id});
        m_slots.emplace(id, slot);
    }
    forCells(rect, [this, slot, &rect](std::uint64_t key) {
        cell(key).push_back(Entry{rect, slot});
        return true;
    });
    m_extent = m_extent.isNull() ? rect : m_extent.united(rect);
}

QRectF ObstacleGrid::rect(const std::string &id) const
{
    const auto it = m_slots.find(id);
    return it == m_slots.end() ? QRectF() : m_obstacles[it->second].rect;
}

void ObstacleGrid::remove(const std::string &id)
{
    const auto it = m_slots.find(id);
    if (it == m_slots.end())
        return;
    unlink(it->second);
    m_obstacles[it->second].id.clear();
    m_free.push_back(it->second);
    m_slots.erase(it);
}

bool ObstacleGrid::crosses(QPointF a, QPointF b, const std::string &skipA, const std::string &skipB) const
{
    // Only the part of the segment where nodes are can meet one; a segment
    // running far out (a link to a node far away) is cut to that first.
    if (!clipSegment(a, b, m_extent))
        return false;
    const qreal across = std::abs(b.x() - a.x()) / kCellWidth + 1;
    const qreal down = std::abs(b.y() - a.y()) / kCellHeight + 1;
    // Nodes spread thinly over a huge area: fewer of them than cells on
    // the way, so each is asked directly.
    if (std::min(across * down, (across + down) * 8) > double(m_slots.size()) * 4 + 64) {
        for (const auto &[id, slot] : m_slots) {
            QPointF p = a;
            QPointF q = b;
            if (clipSegment(p, q, m_obstacles[slot].rect) && id != skipA && id != skipB)
                return true;
        }
        return false;
    }
    // A long slanted segment is split, so that the cells read follow it
    // rather than fill its bounding box.
    if (across > 2 && down > 2 && across * down > 64) {
        const QPointF middle = (a + b) / 2;
        return crosses(a, middle, skipA, skipB) || crosses(middle, b, skipA, skipB);
    }
    bool hit = false;
    forCells(QRectF(a, b).normalized(), [&](std::uint64_t key) {
        const std::vector<Entry> *entries = findCell(key);
        if (!entries)
            return true;
        for (const Entry &e : *entries) {
            QPointF p = a;
            QPointF q = b;
            if (!clipSegment(p, q, e.rect))
                continue;
            const std::string &id = m_obstacles[e.slot].id;
            if (id != skipA && id != skipB) {
                hit = true;
                return false;
            }
        }
        return true;
    });
    return hit;
}

} // namespace sky
