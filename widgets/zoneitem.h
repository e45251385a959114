#pragma once

#include "comparison.h"

#include <QGraphicsItem>

#include <string>

namespace sky {

// A zone: a labelled translucent area behind its member nodes (and its
// child zones). The scene computes its rectangle from the members.
class ZoneItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    ZoneItem(std::string id, QString label, int depth);

    const std::string &id() const { return m_id; }
    int depth() const { return m_depth; }
    void setLabel(const QString &label);
    void setArea(const QRectF &rect);
    void setMark(Mark mark);
    QRectF area() const { return m_rect; }
    // The band along the top that carries the label: where a click selects
    // the zone (the rest of its area belongs to the nodes and the rubber band).
    QRectF labelBand() const;
    void setChosen(bool chosen); // drawn as selected
    bool isChosen() const { return m_chosen; }

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_rect.adjusted(-1, -1, 1, 1); }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    std::string m_id;
    QString m_label;
    int m_depth;
    QColor m_color;
    QRectF m_rect;
    Mark m_mark = Mark::None;
    bool m_chosen = false;
};

} // namespace sky
