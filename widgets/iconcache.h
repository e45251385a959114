#pragma once

#include <QPixmap>
#include <QString>

namespace sky {

// The catalog's SVG icons (:/icons/<name>.svg), rendered once per size.
namespace IconCache {
QPixmap pixmap(const QString &icon, int pixelSize);
QIcon icon(const QString &icon);
QColor tierColor(int tier);
} // namespace IconCache

} // namespace sky
