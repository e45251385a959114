#include "iconcache.h"

#include <QHash>
#include <QIcon>
#include <QIconEngine>
#include <QPainter>
#include <QSvgRenderer>

#include <algorithm>

namespace sky {

QPixmap IconCache::pixmap(const QString &icon, int pixelSize)
{
    static QHash<QString, QPixmap> cache;
    const QString key = icon + u'@' + QString::number(pixelSize);
    if (const auto it = cache.constFind(key); it != cache.constEnd())
        return *it;
    QPixmap pixmap(pixelSize, pixelSize);
    pixmap.fill(Qt::transparent);
    QSvgRenderer renderer(QStringLiteral(":/icons/%1.svg").arg(icon));
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    if (renderer.isValid()) {
        renderer.render(&painter, QRectF(0, 0, pixelSize, pixelSize));
    } else {
        painter.setBrush(QColor(0x6b, 0x72, 0x80));
        painter.setPen(Qt::NoPen);
        painter.drawRoundedRect(QRectF(0, 0, pixelSize, pixelSize), pixelSize / 5.0, pixelSize / 5.0);
    }
    painter.end();
    cache.insert(key, pixmap);
    return pixmap;
}

namespace {

// Draws the SVG at whatever size and device pixel ratio the icon is asked
// for (a palette on a 2x screen gets 56 crisp pixels for its 28-point icons,
// not a 64-pixel picture scaled down or a 32-pixel one scaled up).
class SvgIconEngine : public QIconEngine
{
public:
    explicit SvgIconEngine(QString icon) : m_icon(std::move(icon)) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        const int side = std::min(rect.width(), rect.height());
        QPixmap p = render(qRound(side * ratio), mode);
        p.setDevicePixelRatio(ratio);
        painter->drawPixmap(QRectF(rect.topLeft(), QSizeF(side, side)), p, QRectF(p.rect()));
    }
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }
    // Qt 6.4's QIcon::pixmap(size, ratio) asks for size × ratio: `size` is
    // in device pixels already.
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State, qreal scale) override
    {
        QPixmap p = render(std::min(size.width(), size.height()), mode);
        p.setDevicePixelRatio(scale);
        return p;
    }
    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override
    {
        const int side = std::min(size.width(), size.height());
        return {side, side};
    }
    QIconEngine *clone() const override { return new SvgIconEngine(m_icon); }
    QString key() const override { return QStringLiteral("skyplan-svg"); }

private:
    QPixmap render(int pixels, QIcon::Mode mode) const
    {
        QPixmap p = IconCache::pixmap(m_icon, std::max(1, pixels));
        if (mode != QIcon::Disabled)
            return p;
        QPixmap faded(p.size());
        faded.fill(Qt::transparent);
        QPainter painter(&faded);
        painter.setOpacity(0.4);
        painter.drawPixmap(0, 0, p);
        return faded;
    }

    QString m_icon;
};

} // namespace

QIcon IconCache::icon(const QString &icon)
{
    return QIcon(new SvgIconEngine(icon));
}

QColor IconCache::tierColor(int tier)
{
    static const QColor colors[] = {
        QColor(0x5f, 0x6b, 0x7a), // edge
        QColor(0xd9, 0x48, 0x0f), // security
        QColor(0x70, 0x48, 0xe8), // network
        QColor(0x2f, 0x74, 0xd0), // compute
        QColor(0x0c, 0xa6, 0x78), // data
        QColor(0xe6, 0x77, 0x00), // storage
    };
    return tier >= 0 && tier < 6 ? colors[tier] : colors[0];
}

} // namespace sky
