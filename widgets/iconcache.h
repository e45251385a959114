#pragma once

#include <QPixmap>
#include <QString>

namespace sky {

// The catalog's SVG icons (:/icons/<name>.svg), rendered once per pixel
// size; icon() draws at the size and device pixel ratio asked for.
namespace IconCache {
QPixmap pixmap(const QString &icon, int pixelSize);
QIcon icon(const QString &icon);
QColor tierColor(int tier);
} // namespace IconCache

} // namespace sky
