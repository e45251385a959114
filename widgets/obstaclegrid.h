#pragma once

#include <QPointF>
#include <QRectF>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace sky {

// The nodes' rectangles, bucketed in a uniform grid, so that the links can
// be routed around them. A segment's question ("does it cross a node other
// than its two ends?") reads only the cells under the segment: no scene
// index query, no list of every node. The link layer keeps it in step with
// the nodes (place on add and move, remove on delete).
class ObstacleGrid
{
public:
    static constexpr qreal kCellWidth = 256;
    static constexpr qreal kCellHeight = 128;

    void clear();
    void place(const std::string &id, const QRectF &rect); // add, or move to rect
    void remove(const std::string &id);
    std::size_t size() const { return m_slots.size(); }
    QRectF rect(const std::string &id) const; // null when not placed

    // Whether the segment a–b runs through the rectangle of a node other
    // than `skipA` and `skipB` (a link's own two ends).
    bool crosses(QPointF a, QPointF b, const std::string &skipA, const std::string &skipB) const;

private:
    struct Obstacle
    {
        QRectF rect;
        std::string id;
    };
    static std::uint64_t cellKey(std::int32_t cx, std::int32_t cy);
    template <typename Visit>
    void forCells(const QRectF &rect, Visit &&visit) const;
    void unlink(std::uint32_t slot);

    // A cell's obstacles with their rectangles: a segment is tested against
    // a cell without fetching each obstacle from wherever it is kept.
    struct Entry
    {
        QRectF rect;
        std::uint32_t slot;
    };
    // The cells that ever held an obstacle, in an open-addressing table
    // (linear probing, at most half full): a lane routed square crosses
    // dozens of cells, most of them empty, and a node-based hash map
    // fetched a node from memory for each. Opening 20,000 nodes spent a
    // third of its time routing, most of it here.
    struct Cell
    {
        std::uint64_t key = 0;
        std::uint32_t list = 0; // index into m_lists + 1; 0: an empty slot
    };
    // The table slot holding `key`, or the empty one where it would go.
    std::size_t probe(std::uint64_t key) const;
    const std::vector<Entry> *findCell(std::uint64_t key) const; // null when absent
    std::vector<Entry> &cell(std::uint64_t key);                 // created when absent

    std::vector<Obstacle> m_obstacles;
    std::vector<std::uint32_t> m_free;                           // slots of removed obstacles
    std::unordered_map<std::string, std::uint32_t> m_slots;      // node id -> slot
    std::vector<Cell> m_table;                                   // size a power of two
    std::vector<std::vector<Entry>> m_lists;                     // by Cell::list - 1
    QRectF m_extent; // around every rectangle placed since clear()
};

// Liang–Barsky: the part of the segment a–b inside r, if any (a and b are
// moved to its ends).
bool clipSegment(QPointF &a, QPointF &b, const QRectF &r);

} // namespace sky
