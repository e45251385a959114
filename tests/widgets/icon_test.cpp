// The catalog's icons are drawn from their SVG at the size and device pixel
// ratio they are shown at (HiDPI), not scaled from a few fixed pictures.
#include "iconcache.h"
#include "palettewidget.h"

#include <QIcon>
#include <QImage>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace sky;

TEST(Icons, AreDrawnFromTheSvgAtTheSizeAndRatioTheyAreShownAt)
{
    const QIcon icon = IconCache::icon(QStringLiteral("database"));
    for (const qreal ratio : {1.0, 1.5, 2.0, 3.0}) {
        const QPixmap p = icon.pixmap(QSize(28, 28), ratio);
        const int pixels = qRound(28 * ratio);
        EXPECT_EQ(p.size(), QSize(pixels, pixels)) << ratio;
        EXPECT_EQ(p.devicePixelRatio(), ratio);
        // The very picture the SVG gives at that many pixels.
        EXPECT_EQ(p.toImage().convertToFormat(QImage::Format_ARGB32),
                  IconCache::pixmap(QStringLiteral("database"), pixels).toImage().convertToFormat(QImage::Format_ARGB32))
            << ratio;
    }
    // A 2x picture holds more detail than the 1x one scaled up.
    const QImage sharp = icon.pixmap(QSize(28, 28), 2.0).toImage().convertToFormat(QImage::Format_ARGB32);
    const QImage blown = icon.pixmap(QSize(28, 28), 1.0).toImage().scaled(56, 56).convertToFormat(QImage::Format_ARGB32);
    EXPECT_NE(sharp, blown);
    // Disabled is faded, not the same picture.
    EXPECT_NE(icon.pixmap(QSize(28, 28), 1.0, QIcon::Disabled).toImage(), icon.pixmap(QSize(28, 28), 1.0).toImage());
}

TEST(Icons, ThePaletteShowsEachTypeWithItsOwnScalableIcon)
{
    PaletteWidget palette;
    QTreeWidgetItem *db = palette.itemForType(QStringLiteral("database"));
    QTreeWidgetItem *fw = palette.itemForType(QStringLiteral("firewall"));
    ASSERT_NE(db, nullptr);
    ASSERT_NE(fw, nullptr);
    const QPixmap big = db->icon(0).pixmap(QSize(28, 28), 2.0);
    EXPECT_EQ(big.size(), QSize(56, 56));
    EXPECT_NE(big.toImage(), fw->icon(0).pixmap(QSize(28, 28), 2.0).toImage());
}
