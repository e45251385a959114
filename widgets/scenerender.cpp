#include "scenerender.h"

#include "atomicfile.h"
#include "autolayout.h"
#include "canvasscene.h"
#include "comparison.h"

#include <QApplication>
#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QSvgGenerator>

#include <algorithm>
#include <limits>

namespace sky {

bool placeUnplacedNodes(Topology &topology)
{
    std::vector<std::string> missing;
    double right = std::numeric_limits<double>::lowest();
    double top = std::numeric_limits<double>::max();
    for (const auto &[id, node] : topology.nodes) {
        const auto p = topology.layout.nodes.find(id);
        if (p == topology.layout.nodes.end()) {
            missing.push_back(id);
        } else {
            right = std::max(right, p->second.x);
            top = std::min(top, p->second.y);
        }
    }
    if (missing.empty())
        return false;
    const bool none = missing.size() == topology.nodes.size();
    const auto layered = AutoLayout::layered(topology);
    double minX = std::numeric_limits<double>::max();
    double minY = std::numeric_limits<double>::max();
    for (const std::string &id : missing)
        if (const auto p = layered.find(id); p != layered.end()) {
            minX = std::min(minX, p->second.x);
            minY = std::min(minY, p->second.y);
        }
    // Beside the laid-out part, keeping the layered arrangement of the rest.
    const double dx = none ? 0 : right + 300 - minX;
    const double dy = none ? 0 : top - minY;
    for (const std::string &id : missing)
        if (const auto p = layered.find(id); p != layered.end())
            topology.layout.nodes[id] = Point{p->second.x + dx, p->second.y + dy};
    return true;
}

namespace {

void drawHeader(QPainter &painter, const RenderOptions &options)
{
    if (options.title.isEmpty() && !options.legend)
        return;
    QFont font = painter.font();
    font.setPointSizeF(11);
    font.setBold(true);
    painter.setFont(font);
    const QColor text = QApplication::palette().color(QPalette::Text);
    painter.setPen(text);
    qreal y = 12;
    if (!options.title.isEmpty()) {
        painter.drawText(QRectF(16, y, 4000, 22), Qt::AlignLeft | Qt::AlignVCenter, options.title);
        y += 26;
    }
    if (!options.legend)
        return;
    font.setPointSizeF(9);
    font.setBold(false);
    painter.setFont(font);
    qreal x = 16;
    for (Mark mark : {Mark::Added, Mark::Removed, Mark::Changed, Mark::Moved}) {
        painter.setPen(QPen(markColor(mark), 3, mark == Mark::Removed || mark == Mark::Moved ? Qt::DashLine : Qt::SolidLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(QRectF(x, y + 3, 22, 14), 4, 4);
        painter.setPen(text);
        const QString word = markText(mark);
        painter.drawText(QRectF(x + 28, y, 200, 20), Qt::AlignLeft | Qt::AlignVCenter, word);
        x += 40 + QFontMetricsF(font).horizontalAdvance(word);
    }
    if (!options.legendNote.isEmpty())
        painter.drawText(QRectF(x + 8, y, 4000, 20), Qt::AlignLeft | Qt::AlignVCenter, options.legendNote);
}

// XML 1.0 allows neither C0 controls (but tab, newline, carriage return)
// nor U+FFFE, U+FFFF, even as character references: each becomes U+FFFD.
QString xmlCharacters(QString text)
{
    for (QChar &c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != '\t' && u != '\n' && u != '\r') || u == 0xFFFE || u == 0xFFFF)
            c = QChar(0xFFFD);
    }
    return text;
}

// QSvgGenerator (Qt 6.4) escapes drawn text's markup but passes control
// characters through, which makes the file ill-formed: the same rule over
// the finished bytes. In UTF-8 such a byte is never part of another
// character, and U+FFFE/U+FFFF are the sequences EF BF BE/BF.
QByteArray wellFormedSvg(const QByteArray &in)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const auto b = static_cast<unsigned char>(in[i]);
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
            out.append(replacement, 3);
        } else if (b == 0xEF && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xBF
                   && (static_cast<unsigned char>(in[i + 2]) & 0xFE) == 0xBE) {
            out.append(replacement, 3);
            i += 2;
        } else {
            out.append(char(b));
        }
    }
    return out;
}

} // namespace

bool renderSceneToFile(CanvasScene &scene, const QString &path, const RenderOptions &options, QString *error)
{
    const QString lower = path.toLower();
    const bool svg = lower.endsWith(QLatin1String(".svg"));
    if (!svg && !lower.endsWith(QLatin1String(".png"))) {
        if (error)
            *error = QStringLiteral("%1: the picture format is chosen by the extension: .svg or .png").arg(path);
        return false;
    }
    const qreal header = options.title.isEmpty() && !options.legend ? 0 : options.legend ? 64 : 40;
    QRectF source = scene.contentsRect();
    if (source.isEmpty())
        source = QRectF(0, 0, 400, 200);
    source.adjust(-40, -40 - header, 40, 40);
    const QColor background = QApplication::palette().color(QPalette::Base);
    // A picture for a slide or a document may leave the problems out: the
    // scene without its findings while it is drawn, then with them again.
    struct Findings
    {
        CanvasScene &scene;
        std::vector<Diagnostic> kept;
        bool cleared;
        ~Findings()
        {
            if (cleared)
                scene.setDiagnostics(kept);
        }
    } findings{scene, {}, !options.problems && !scene.diagnostics().empty()};
    if (findings.cleared) {
        findings.kept = scene.diagnostics();
        scene.setDiagnostics({});
    }

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (svg) {
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(source.size().toSize());
        generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
        // The title and description are written into the markup as given
        // (Qt does not escape them): a path or --title holding "<script>"
        // would be a working script in a review page.
        generator.setTitle(options.title.isEmpty() ? QStringLiteral("Skyplan topology")
                                                   : xmlCharacters(options.title).toHtmlEscaped());
        generator.setDescription(QStringLiteral("Drawn by skyplan render"));
        QPainter painter(&generator);
        painter.fillRect(QRectF(QPointF(0, 0), source.size()), background);
        scene.render(&painter, QRectF(QPointF(0, 0), source.size()), source);
        drawHeader(painter, options);
        painter.end();
        buffer.close();
        bytes = wellFormedSvg(bytes);
    } else {
        qreal scale = options.scale > 0 ? options.scale : 1.0;
        const qreal longest = std::max(source.width(), source.height()) * scale;
        if (longest > options.maxSide)
            scale *= options.maxSide / longest;
        const QSize size = (source.size() * scale).toSize().expandedTo(QSize(1, 1));
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull()) {
            if (error)
                *error = QStringLiteral("%1: cannot allocate a %2×%3 picture").arg(path).arg(size.width()).arg(size.height());
            return false;
        }
        image.fill(background);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), source);
        painter.scale(scale, scale);
        drawHeader(painter, options);
        painter.end();
        if (!image.save(&buffer, "PNG")) {
            if (error)
                *error = QStringLiteral("%1: the PNG encoder failed").arg(path);
            return false;
        }
    }
    std::string why;
    if (!writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), std::size_t(bytes.size())), why)) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    return true;
}

} // namespace sky
