// NodeItem: the region tag, a small pill on the node's top edge naming the
// provider region it runs in (its own placement, else its zone's, drawn in
// italics), red when the provider's profile says the region is closing or
// closed.
#include "nodeitem.h"

#include "canvasscene.h"
#include "document.h"
#include "policyscope.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>

namespace sky {

void NodeItem::syncRegionTag(const Node &node)
{
    const Document *doc = m_scene->document();
    const Topology &t = doc->topology();
    // As the placement model reads it: a pinned node where it is pinned,
    // else where its zone is pinned, else where `place` put it.
    std::string zoneId;
    const Placement fromZone = node.placement.pinned ? Placement{} : zonePlacementOf(t, node, &zoneId);
    const bool inherited = !fromZone.provider.empty();
    const Placement where = inherited ? fromZone : node.placement;
    const QString before = m_regionTag;
    m_regionTag = where.provider.empty() ? QString()
                  : where.region.empty() ? toQString(where.provider)
                                         : toQString(where.region);
    m_regionInherited = inherited;
    m_regionClosing = false;
    m_regionTip.clear();
    if (!where.provider.empty()) {
        m_regionTip = QObject::tr("Runs on %1/%2%3").arg(toQString(where.provider), toQString(where.region),
                                                          where.size.empty() ? QString() : QStringLiteral(" · ") + toQString(where.size));
        if (inherited)
            m_regionTip += QObject::tr(", as its zone %1").arg(toQString(zoneId));
        if (const ProviderProfile *profile = doc->providers().find(where.provider))
            if (const Region *r = profile->region(where.region); r && r->status != RegionStatus::Active) {
                m_regionClosing = true;
                m_regionTip += QObject::tr(" — region %1 is %2 (%3)")
                                   .arg(toQString(r->id), toQString(std::string(regionStatusName(r->status))),
                                        toQString(r->closes));
            }
    }
    updateToolTip(); // the node's, the region's, and its problems

    if (before != m_regionTag)
        update();
}

void NodeItem::syncRegionTag()
{
    if (const Node *node = m_scene->document()->topology().node(m_id))
        syncRegionTag(*node);
}

void CanvasScene::syncRegionTags(bool all)
{
    for (const auto &[id, node] : m_document->topology().nodes)
        if (all || !node.zone.empty())
            if (NodeItem *item = nodeItem(id))
                item->syncRegionTag();
}

void NodeItem::paintRegionTag(QPainter *painter) const
{
    if (m_regionTag.isEmpty())
        return;
    QFont font = painter->font();
    font.setPointSizeF(7);
    font.setBold(m_regionClosing);
    font.setItalic(m_regionInherited);
    painter->setFont(font);
    const QFontMetricsF metrics(font);
    const QString text = (m_regionClosing ? QStringLiteral("⚠ ") : QString()) + m_regionTag;
    // Between the problem badge (top left) and the replica badge (top right).
    const qreal right = m_replicas > 1 ? kWidth - 38 : kWidth - 6;
    const qreal maxWidth = right - 36;
    const QString shown = metrics.elidedText(text, Qt::ElideRight, maxWidth - 10);
    const qreal w = std::min(maxWidth, metrics.horizontalAdvance(shown) + 10);
    const QRectF tag(right - w, -7, w, 14);
    const QPalette palette = QApplication::palette();
    painter->setPen(QPen(m_regionClosing ? QColor(0xe0, 0x31, 0x31) : palette.color(QPalette::Mid), 1));
    painter->setBrush(m_regionClosing ? QColor(0xe0, 0x31, 0x31) : palette.color(QPalette::Base));
    painter->drawRoundedRect(tag, 7, 7);
    painter->setPen(m_regionClosing ? QColor(Qt::white) : palette.color(QPalette::Text));
    painter->drawText(tag, Qt::AlignCenter, shown);
}

} // namespace sky
