#include "iconcache.h"

#include <QHash>
#include <QIcon>
#include <QPainter>
#include <QSvgRenderer>

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

QIcon IconCache::icon(const QString &icon)
{
    QIcon result;
    for (int size : {16, 24, 32, 48, 64})
        result.addPixmap(pixmap(icon, size));
    return result;
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
