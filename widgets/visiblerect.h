#pragma once

#include <QPaintDevice>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace sky {

// The part of an item a paint call can show, in item coordinates: the
// exposed rectangle cut down to the device and the clip. QGraphicsScene::render
// (exports, benchmarks) passes the whole bounding rectangle as exposed, which
// for a scene-sized item means painting all of it.
inline QRectF visibleRect(const QPainter *painter, const QStyleOptionGraphicsItem *option)
{
    QRectF rect = option->exposedRect;
    const QTransform inverse = painter->worldTransform().inverted();
    if (const QPaintDevice *device = painter->device())
        rect = rect.intersected(inverse.mapRect(QRectF(0, 0, device->width(), device->height())));
    if (painter->hasClipping())
        rect = rect.intersected(painter->clipBoundingRect());
    return rect;
}

} // namespace sky
