// `skyplan render`: the topology (or a comparison) drawn as the canvas draws
// it, opened and checked: size, not blank, the comparison colours present.
#include "studiotest.h"

#include "comparison.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace sky;
using namespace sky::test;

namespace {

struct Outcome
{
    int code = -1;
    QString err;
};

Outcome skyplan(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(SKYPLAN_BIN), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardError())};
}

// Pixels close to `color` (the marks are drawn antialiased and translucent).
int pixelsNear(const QImage &image, QColor color)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - color.red()) < 24 && std::abs(c.green() - color.green()) < 24
                && std::abs(c.blue() - color.blue()) < 24)
                ++n;
        }
    return n;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

} // namespace

TEST(Render, EveryExampleToAPngThatIsNotBlank)
{
    QTemporaryDir dir;
    for (const char *name : {"webshop.sky.yaml", "wordpress-ha.sky.yaml", "event-pipeline.sky.yaml"}) {
        const QString out = dir.filePath(QLatin1String(name) + QStringLiteral(".png"));
        const Outcome r = skyplan({QStringLiteral("render"), examplePath(name), QStringLiteral("-o"), out});
        ASSERT_EQ(r.code, 0) << name << ": " << r.err.toStdString();
        QImage image(out);
        ASSERT_FALSE(image.isNull()) << name;
        EXPECT_GT(image.width(), 400) << name;
        EXPECT_GT(image.height(), 150) << name;
        EXPECT_GT(distinctColours(image), 50) << name; // icons, text, tier colours: not a flat picture
    }
}

TEST(Render, ToSvgWithTheNodeLabelsAsText)
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("shop.svg"));
    const Outcome r = skyplan({QStringLiteral("render"), examplePath("webshop.sky.yaml"), QStringLiteral("-o"), out});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    QSvgRenderer svg(out);
    ASSERT_TRUE(svg.isValid());
    EXPECT_GT(svg.defaultSize().width(), 400);
    QFile f(out);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    EXPECT_TRUE(text.contains("<text")) << "labels should stay text, searchable in a pull request";
    // Node bodies stay shapes too: the only pictures are the eight nodes'
    // icons (the canvas copies cached bitmaps of the bodies; an SVG must not).
    EXPECT_EQ(text.count("<image"), 8);
}

TEST(Render, ADiffShowsAddedRemovedAndChangedInTheirColours)
{
    QTemporaryDir dir;
    const QString before = examplePath("webshop.sky.yaml");
    const QString after = dir.filePath(QStringLiteral("after.sky.yaml"));
    QFile in(before);
    ASSERT_TRUE(in.open(QIODevice::ReadOnly));
    QString edited = QString::fromUtf8(in.readAll());
    // One changed node: a plain text edit of its replica count.
    const QRegularExpression replicas(QStringLiteral("replicas: [0-9]+"));
    ASSERT_TRUE(edited.contains(replicas));
    edited.replace(edited.indexOf(replicas), edited.indexOf(u'\n', edited.indexOf(replicas)) - edited.indexOf(replicas),
                   QStringLiteral("replicas: 7"));
    QFile write(after);
    ASSERT_TRUE(write.open(QIODevice::WriteOnly));
    write.write(edited.toUtf8());
    write.close();

    const QString png = dir.filePath(QStringLiteral("diff.png"));
    const Outcome r = skyplan({QStringLiteral("render"), QStringLiteral("--diff"), before, after, QStringLiteral("-o"), png});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    QImage image(png);
    ASSERT_FALSE(image.isNull());
    EXPECT_GT(pixelsNear(image, markColor(Mark::Changed)), 100);
    // The legend shows every colour, so a reader can decode the picture.
    EXPECT_GT(pixelsNear(image, markColor(Mark::Added)), 20);
    EXPECT_GT(pixelsNear(image, markColor(Mark::Removed)), 20);
}

TEST(Render, BadInputIsAClearErrorAndWritesNothing)
{
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.sky.yaml"));
    QFile f(bad);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("skyplan: 1\nnodes:\n  web: {type: [unclosed\n");
    f.close();
    const QString out = dir.filePath(QStringLiteral("out.png"));
    Outcome r = skyplan({QStringLiteral("render"), bad, QStringLiteral("-o"), out});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.err.contains(QStringLiteral("bad.sky.yaml:4:1: error: YAML syntax error"))) << r.err.toStdString();
    EXPECT_FALSE(QFile::exists(out));

    r = skyplan({QStringLiteral("render"), examplePath("webshop.sky.yaml"), QStringLiteral("-o"),
                 dir.filePath(QStringLiteral("out.gif"))});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.err.contains(QStringLiteral(".svg or .png"))) << r.err.toStdString();
    r = skyplan({QStringLiteral("render"), examplePath("webshop.sky.yaml"), examplePath("webshop.sky.yaml"),
                 QStringLiteral("-o"), out});
    EXPECT_EQ(r.code, 2); // two files without --diff
    EXPECT_TRUE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).filter(QStringLiteral("out")).isEmpty());
}
