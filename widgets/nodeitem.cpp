#include "nodeitem.h"

#include "canvasscene.h"
#include "document.h"
#include "iconcache.h"

#include <QApplication>
#include <QCache>
#include <QHash>
#include <QImage>
#include <QPaintEngine>
#include <QPainter>
#include <QPixmap>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace sky {

namespace {
constexpr qreal kTextLeft = 50;

// A node's chrome (body, tier stripe, ports at rest, replica badge) looks
// the same on every node of a tier with as many ports and replicas. A drag
// repaints dozens of nodes each step, and their antialiased outlines and
// dots were half of a node's paint: drawn once per look and scale into a
// pixmap instead, and copied whole to the device pixel the node starts on.
// The pen's style is not in the key: only a comparison mark dashes it, and
// marked nodes are drawn directly.
struct ChromeKey
{
    QRgb tier, pen, base;
    qreal penWidth, scale, ratio; // scale: world scale times ratio, device pixels a unit
    int in, out, replicas;
    bool antialiased;
    QFont font; // the replica badge's text follows the painter's font
    friend bool operator==(const ChromeKey &, const ChromeKey &) = default;
};

std::size_t qHash(const ChromeKey &k, std::size_t seed = 0)
{
    return qHashMulti(seed, k.tier, k.pen, k.base, k.penWidth, k.scale, k.ratio, k.in, k.out, k.replicas,
                      k.antialiased, k.font);
}

class ChromeCache
{
public:
    ChromeCache() : m_pixmaps(kMaxKiB) {}

    // The pixmap for `key`, drawn by `draw` (in item coordinates, scaled)
    // the first time; null when a scale would make it too big to keep.
    template <typename Draw>
    const QPixmap *find(const ChromeKey &key, const QRectF &area, const Draw &draw)
    {
        if (key.scale > kMaxScale)
            return nullptr;
        if (const QPixmap *pixmap = m_pixmaps.object(key))
            return pixmap;
        QImage image(int(std::ceil(area.width() * key.scale)) + 1, int(std::ceil(area.height() * key.scale)) + 1,
                     QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter p(&image);
        p.setFont(key.font);
        p.setRenderHint(QPainter::Antialiasing, key.antialiased);
        p.scale(key.scale, key.scale);
        p.translate(-area.topLeft());
        draw(&p);
        p.end();
        const qsizetype cost = std::max<qsizetype>(1, image.sizeInBytes() / 1024);
        auto *pixmap = new QPixmap(QPixmap::fromImage(std::move(image)));
        pixmap->setDevicePixelRatio(key.ratio);
        m_pixmaps.insert(key, pixmap, cost); // evicts the least recently used beyond kMaxKiB
        return m_pixmaps.object(key);
    }

    void clear() { m_pixmaps.clear(); }

private:
    static constexpr qreal kMaxScale = 3;
    static constexpr qsizetype kMaxKiB = 32 * 1024; // a few hundred looks at 100 %
    QCache<ChromeKey, QPixmap> m_pixmaps;
};

ChromeCache &chromeCache()
{
    // The GUI thread's (items paint there only); emptied with the
    // application, as pixmaps must not outlive it.
    static ChromeCache *cache = [] {
        auto *c = new ChromeCache;
        qAddPostRoutine([] { chromeCache().clear(); });
        return c;
    }();
    return *cache;
}

// The device pixel a position falls on, rounding halves up: a pan moves
// everything by whole pixels, and so must this (std::round takes -7.5 to
// -8 but 2.5 to 3, so a node at a half pixel moved by 10 would land 1 off).
qreal toPixel(qreal v)
{
    return std::floor(v + 0.5);
}

QColor portFill(Direction direction, NodeItem::PortState state, const QPalette &palette)
{
    if (state == NodeItem::PortState::Compatible)
        return QColor(0x00, 0xc8, 0x53);
    if (state == NodeItem::PortState::Incompatible) {
        QColor fill = palette.color(QPalette::Mid);
        fill.setAlpha(110);
        return fill;
    }
    return direction == Direction::In ? QColor(0x4c, 0xaf, 0x50) : QColor(0x21, 0x96, 0xf3);
}
} // namespace

NodeItem::NodeItem(CanvasScene *scene, std::string id)
    : m_scene(scene)
    , m_id(std::move(id))
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(false);
    setZValue(1);
    sync();
}

void NodeItem::sync()
{
    const Document *doc = m_scene->document();
    const Node *node = doc->topology().node(m_id);
    if (!node)
        return;
    const ComponentType *type = doc->catalog().type(node->type);
    m_unknownType = type == nullptr;
    m_label = toQString(node->label.empty() ? node->id : node->label);
    m_text.reset(); // laid out again at the next paint
    m_farText.reset();
    m_typeName = type ? toQString(type->name) : QObject::tr("unknown type %1").arg(toQString(node->type));
    if (!node->label.empty())
        m_typeName = toQString(node->id) + QStringLiteral(" · ") + m_typeName;
    m_icon = type ? toQString(type->icon) : QString();
    m_color = IconCache::tierColor(type ? int(type->tier) : -1);
    m_replicas = node->replicas;
    std::vector<Port> ports;
    int inCount = 0, outCount = 0;
    QStringList terminals;
    if (type) {
        for (Direction d : {Direction::In, Direction::Out})
            for (const TerminalType &t : type->terminals)
                if (t.direction == d) {
                    ports.push_back({t.name, d, t.protocols});
                    (d == Direction::In ? inCount : outCount)++;
                    QStringList protocols;
                    for (const std::string &p : t.protocols)
                        protocols << toQString(p);
                    terminals << QStringLiteral("%1 %2 (%3)")
                                     .arg(d == Direction::In ? QStringLiteral("→") : QStringLiteral("←"),
                                          toQString(t.name), protocols.join(QLatin1String(", ")))
                                     .toHtmlEscaped(); // each line escaped, not the <br> between them
                }
    }
    if ((inCount > 1 || outCount > 1) != namesShown())
        prepareGeometryChange(); // the names widen the bounding rectangle
    m_ports = std::move(ports);
    m_inCount = inCount;
    m_outCount = outCount;
    m_toolTip = QStringLiteral("<b>%1</b> — %2<br>%3").arg(m_label.toHtmlEscaped(), m_typeName.toHtmlEscaped(),
                                                           terminals.join(QStringLiteral("<br>")));
    syncRegionTag(*node); // sets the tooltip too
    const auto pos = doc->topology().layout.nodes.find(m_id);
    const QPointF p = pos == doc->topology().layout.nodes.end() ? QPointF() : QPointF(pos->second.x, pos->second.y);
    if (p != this->pos()) {
        setPos(p);
        if (parentItem()) // once the scene has placed it
            m_scene->rehome(this);
    }
    update();
}

QRectF NodeItem::boundingRect() const
{
    // Badges above and below; a lit port's ring (radius kPortRadius + 1.5,
    // and half its pen) at either side; the port names beyond both sides.
    const QRectF r(-kPortRadius - 3, -10, kWidth + 2 * kPortRadius + 6, kHeight + 20);
    // A name stands up to 15 above its port (portNameRect).
    return namesShown() ? r.adjusted(-kNameGap - kNameWidth, -5, kNameGap + kNameWidth, 0) : r;
}

// A port's name sits outside the node, beside the port and just above the
// line its links leave or arrive along: inside, it ran over the icon, the
// title and the badges in the corners.
QRectF NodeItem::portNameRect(std::size_t index) const
{
    const QPointF at = portLocalPos(index);
    const qreal top = at.y() - 15;
    return m_ports[index].direction == Direction::In ? QRectF(at.x() - kNameGap - kNameWidth, top, kNameWidth, 10)
                                                     : QRectF(at.x() + kNameGap, top, kNameWidth, 10);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath path;
    path.addRect(QRectF(-kPortRadius, 0, kWidth + 2 * kPortRadius, kHeight));
    return path;
}

QPointF NodeItem::portLocalPos(std::size_t index) const
{
    const Port &port = m_ports[index];
    const bool in = port.direction == Direction::In;
    const int count = in ? m_inCount : m_outCount;
    const int rank = in ? int(index) : int(index) - m_inCount;
    return QPointF(in ? 0 : kWidth, kHeight * (rank + 1) / (count + 1));
}

QPointF NodeItem::portScenePos(const std::string &terminal, Direction direction) const
{
    return portScenePos(terminal, direction, pos());
}

QPointF NodeItem::portScenePos(const std::string &terminal, Direction direction, QPointF nodePos) const
{
    for (std::size_t i = 0; i < m_ports.size(); ++i)
        if (m_ports[i].direction == direction && (terminal.empty() || m_ports[i].name == terminal))
            return nodePos + portLocalPos(i);
    return nodePos + QPointF(direction == Direction::In ? 0 : kWidth, kHeight / 2);
}

const NodeItem::Port *NodeItem::portAt(QPointF scenePos) const
{
    const QPointF local = mapFromScene(scenePos);
    for (std::size_t i = 0; i < m_ports.size(); ++i) {
        const QPointF d = local - portLocalPos(i);
        if (d.x() * d.x() + d.y() * d.y() <= (kPortRadius + 4) * (kPortRadius + 4))
            return &m_ports[i];
    }
    return nullptr;
}

void NodeItem::setPortStates(const std::vector<PortState> &states)
{
    for (std::size_t i = 0; i < m_ports.size() && i < states.size(); ++i)
        m_ports[i].state = states[i];
    update();
}

void NodeItem::clearPortStates()
{
    for (Port &p : m_ports)
        p.state = PortState::Normal;
    update();
}

void NodeItem::setProblems(int severity, int count, const QStringList &messages)
{
    if (messages != m_problemMessages) {
        m_problemMessages = messages;
        updateToolTip();
    }
    if (severity == m_problemSeverity && count == m_problemCount)
        return;
    m_problemSeverity = severity;
    m_problemCount = count;
    update();
}

// The node's problems come first (the badge is part of the node, and what a
// hand on it wants to know), then what the node is.
void NodeItem::updateToolTip()
{
    const QString own =
        m_regionTip.isEmpty() ? m_toolTip : m_toolTip + QStringLiteral("<br>") + m_regionTip.toHtmlEscaped();
    if (m_problemMessages.isEmpty()) {
        setToolTip(own);
        return;
    }
    QStringList lines;
    for (const QString &m : m_problemMessages)
        lines << m.toHtmlEscaped();
    setToolTip(QStringLiteral("<p style=\"white-space:pre-wrap\">%1</p><hr>%2")
                   .arg(lines.join(QStringLiteral("<br>")), own));
}

void NodeItem::setMark(Mark mark)
{
    if (mark == m_mark)
        return;
    m_mark = mark;
    update();
}

namespace {

// `text` on one line of `width`, or broken at a space into two, the second
// elided if it is still too long. Returns the lines (one or two).
QStringList twoLines(const QString &text, const QFont &font, qreal width)
{
    const QFontMetricsF metrics(font);
    if (metrics.horizontalAdvance(text) <= width)
        return {text};
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    QString first;
    int used = 0;
    for (; used < words.size(); ++used) {
        const QString tried = first.isEmpty() ? words[used] : first + u' ' + words[used];
        if (metrics.horizontalAdvance(tried) > width)
            break;
        first = tried;
    }
    if (first.isEmpty()) // one word too long for a line: cut it
        return {metrics.elidedText(text, Qt::ElideRight, width)};
    const QString rest = words.mid(used).join(u' ');
    return {first, metrics.elidedText(rest, Qt::ElideRight, width)};
}

void prepareLine(QStaticText &text, const QFont &font, const QString &string)
{
    text.setTextFormat(Qt::PlainText);
    text.setText(string);
    text.prepare(QTransform(), font);
}

} // namespace

const NodeItem::Text &NodeItem::text(const QFont &base)
{
    if (m_text && m_text->base == base)
        return *m_text;
    Text &t = m_text.emplace();
    t.base = base;
    const qreal width = kWidth - 54;
    // A long label shrinks a little ("MariaDB primary"), then takes two lines.
    t.labelFont = base;
    t.labelFont.setPointSizeF(9);
    t.labelFont.setBold(true);
    while (t.labelFont.pointSizeF() > 7.6 && QFontMetricsF(t.labelFont).horizontalAdvance(m_label) > width)
        t.labelFont.setPointSizeF(t.labelFont.pointSizeF() - 0.5);
    QStringList lines = twoLines(m_label, t.labelFont, width);
    if (lines.size() > 1) { // two lines after all: as big as they fit
        for (const qreal size : {9.0, 8.5, 8.0}) {
            QFont font = t.labelFont;
            font.setPointSizeF(size);
            const QStringList tried = twoLines(m_label, font, width);
            if (tried.size() > 1 && !tried[1].endsWith(QChar(0x2026))) {
                t.labelFont = font;
                lines = tried;
                break;
            }
        }
    }
    t.typeFont = base;
    t.typeFont.setPointSizeF(lines.size() > 1 ? 7.5 : 8);
    prepareLine(t.label, t.labelFont, lines[0]);
    prepareLine(t.label2, t.labelFont, lines.value(1));
    prepareLine(t.type, t.typeFont, QFontMetricsF(t.typeFont).elidedText(m_typeName, Qt::ElideRight, width));
    return t;
}

const NodeItem::FarText &NodeItem::farText(const QFont &base, qreal lod)
{
    // About 9 pixels on the screen, in steps of 2 scene units so that a
    // zoom does not lay every label out again; no bigger than two lines fit.
    const int pixels = std::clamp(int(std::round(9 / lod / 2)) * 2, 12, 24);
    if (m_farText && m_farText->base == base && m_farText->pixelSize == pixels)
        return *m_farText;
    FarText &t = m_farText.emplace();
    t.base = base;
    t.pixelSize = pixels;
    t.font = base;
    t.font.setBold(true);
    // Smaller, down to two thirds, rather than cut a word ("Storefr…").
    QStringList lines;
    for (int size = pixels; size >= std::max(10, pixels * 2 / 3); size -= 2) {
        t.font.setPixelSize(size);
        lines = twoLines(m_label, t.font, kWidth - 14);
        if (!lines.last().endsWith(QChar(0x2026)))
            break;
    }
    prepareLine(t.line1, t.font, lines[0]);
    prepareLine(t.line2, t.font, lines.value(1));
    return t;
}

QRectF NodeItem::chromeRect()
{
    // Ports stick out by their radius, the badge above by 8, a thick pen by half its width.
    return QRectF(-kPortRadius - 4, -10, kWidth + 2 * kPortRadius + 8, kHeight + 14);
}

// Body, tier stripe, ports and replica badge: the chrome, drawn the same way
// into the cache's pixmap and, for a node that looks like no other (ports
// lit by a link being drawn, a comparison mark), onto the canvas.
void NodeItem::drawChrome(QPainter *painter, const QPen &pen, const QColor &base, const QPalette &palette) const
{
    painter->setPen(pen);
    painter->setBrush(base);
    painter->drawRoundedRect(QRectF(0, 0, kWidth, kHeight), 8, 8);
    painter->fillRect(QRectF(1, 8, 4, kHeight - 16), m_color);
    // Ports: inputs on the left, outputs on the right.
    for (std::size_t i = 0; i < m_ports.size(); ++i) {
        const Port &port = m_ports[i];
        const qreal radius = port.state == PortState::Compatible ? kPortRadius + 1.5 : kPortRadius - 1;
        painter->setPen(QPen(base, 1.5));
        painter->setBrush(portFill(port.direction, port.state, palette));
        painter->drawEllipse(portLocalPos(i), radius, radius);
    }
    if (m_replicas > 1) { // replica badge, top right
        const QFont before = painter->font();
        QFont font = before;
        font.setPointSizeF(7.5);
        font.setBold(true);
        painter->setFont(font);
        const QRectF badge(kWidth - 34, -8, 30, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_color);
        painter->drawRoundedRect(badge, 8, 8);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, QStringLiteral("×%1").arg(m_replicas));
        painter->setFont(before);
    }
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QPalette palette = QApplication::palette();
    const QRectF body(0, 0, kWidth, kHeight);
    const bool selected = isSelected();
    const QColor markPen = markColor(m_mark);
    if (m_mark == Mark::Removed) // a ghost of what the other side had
        painter->setOpacity(painter->opacity() * 0.45);

    if (lod < 0.25) { // far away: a tier-coloured block is all one can see
        painter->fillRect(body, selected ? palette.color(QPalette::Highlight) : m_mark != Mark::None ? markPen : m_color);
        if (m_problemCount && m_problemSeverity == 0)
            painter->fillRect(QRectF(0, 0, kWidth / 3, kHeight / 3), QColor(0xe0, 0x31, 0x31));
        return;
    }

    const bool antialiased = lod > 0.5;
    painter->setRenderHint(QPainter::Antialiasing, antialiased);
    const QPen pen = m_mark != Mark::None && !selected
        ? QPen(markPen, 3.5, m_mark == Mark::Removed || m_mark == Mark::Moved ? Qt::DashLine : Qt::SolidLine)
        : QPen(selected ? palette.color(QPalette::Highlight) : m_color, selected ? 3 : 1.5);
    const QColor base = palette.color(QPalette::Base);
    const bool atRest = m_mark == Mark::None
        && std::all_of(m_ports.begin(), m_ports.end(), [](const Port &p) { return p.state == PortState::Normal; });
    // On the screen (a raster device) at a plain scale, the node starts on a
    // whole device pixel, text and all, so that its cached chrome is a plain
    // copy; a node not at rest moves the same way. Elsewhere (an SVG, a
    // rotated view) it is drawn as it is, in shapes.
    const qreal ratio = painter->device()->devicePixelRatioF();
    const QPaintEngine *engine = painter->paintEngine();
    const QPixmap *chrome = nullptr;
    if (engine && engine->type() == QPaintEngine::Raster && painter->worldTransform().type() <= QTransform::TxScale
        && painter->worldTransform().m11() == painter->worldTransform().m22() && painter->worldTransform().m11() > 0) {
        const qreal scale = painter->worldTransform().m11() * ratio;
        const QPointF at = painter->worldTransform().map(chromeRect().topLeft()) * ratio;
        painter->translate(QPointF(toPixel(at.x()) - at.x(), toPixel(at.y()) - at.y()) / scale);
        if (atRest) {
            const ChromeKey key{m_color.rgba(), pen.color().rgba(), base.rgba(), pen.widthF(), scale, ratio,
                                m_inCount,      m_outCount,         m_replicas,  antialiased, painter->font()};
            chrome = chromeCache().find(key, chromeRect(), [&](QPainter *p) { drawChrome(p, pen, base, palette); });
        }
    }
    if (chrome) {
        // At the whole device pixel found above, unscaled: a plain copy.
        const QPointF at = painter->worldTransform().map(chromeRect().topLeft()) * ratio;
        painter->save();
        painter->setWorldTransform(QTransform());
        painter->drawPixmap(QPointF(toPixel(at.x()), toPixel(at.y())) / ratio, *chrome);
        painter->restore();
    } else {
        drawChrome(painter, pen, base, palette);
    }

    const QRectF iconRect(11, (kHeight - 32) / 2, 32, 32);
    if (lod < 0.6) {
        // Too small for the icon and two lines of 9 pt: the name alone, big.
        const FarText &far = farText(painter->font(), lod);
        painter->setFont(far.font);
        painter->setPen(palette.color(QPalette::Text));
        const qreal h1 = far.line1.size().height();
        const qreal h2 = far.line2.text().isEmpty() ? 0 : far.line2.size().height();
        const qreal top = std::max(1.0, (kHeight - h1 - h2) / 2);
        painter->drawStaticText(QPointF(8, top), far.line1);
        if (h2 > 0)
            painter->drawStaticText(QPointF(8, top + h1), far.line2);
        m_paintedLabel = far.line2.text().isEmpty() ? far.line1.text() : far.line1.text() + u'\n' + far.line2.text();
    } else {
        const int pixels = std::min(256, int(std::pow(2, std::ceil(std::log2(32 * lod * painter->device()->devicePixelRatioF())))));
        if (!m_icon.isEmpty())
            painter->drawPixmap(iconRect, IconCache::pixmap(m_icon, pixels), QRectF(0, 0, pixels, pixels));
        const Text &text = this->text(painter->font());
        painter->setFont(text.labelFont);
        painter->setPen(palette.color(QPalette::Text));
        if (text.label2.text().isEmpty()) {
            painter->drawStaticText(QPointF(kTextLeft, 10 + (20 - text.label.size().height()) / 2), text.label);
            m_paintedLabel = text.label.text();
        } else { // two lines of label, the type line below them
            const qreal h = text.label.size().height();
            const qreal top = std::max(2.0, (kHeight - 2 * h - text.type.size().height()) / 2);
            painter->drawStaticText(QPointF(kTextLeft, top), text.label);
            painter->drawStaticText(QPointF(kTextLeft, top + h), text.label2);
            m_paintedLabel = text.label.text() + u'\n' + text.label2.text();
        }
        painter->setFont(text.typeFont);
        painter->setPen(m_unknownType ? QColor(0xe0, 0x31, 0x31) : palette.color(QPalette::PlaceholderText));
        const qreal typeTop = text.label2.text().isEmpty()
            ? 31 + (18 - text.type.size().height()) / 2
            : std::max(2.0, (kHeight - 2 * text.label.size().height() - text.type.size().height()) / 2)
                + 2 * text.label.size().height();
        painter->drawStaticText(QPointF(kTextLeft, typeTop), text.type);
    }

    // Port names (see namesShown), close enough to read them.
    if (lod > 0.9 && namesShown()) {
        QFont font = painter->font();
        font.setPointSizeF(6.5);
        painter->setFont(font);
        const QFontMetricsF metrics(font, painter->device());
        painter->setPen(palette.color(QPalette::PlaceholderText));
        for (std::size_t i = 0; i < m_ports.size(); ++i) {
            const Port &port = m_ports[i];
            const bool in = port.direction == Direction::In;
            painter->drawText(portNameRect(i), (in ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                              metrics.elidedText(toQString(port.name), Qt::ElideRight, kNameWidth));
        }
    }

    QFont badgeFont = painter->font();
    badgeFont.setPointSizeF(7.5);
    badgeFont.setBold(true);
    painter->setFont(badgeFont);
    if (m_mark != Mark::None) { // comparison badge, bottom centre
        const QString text = markText(m_mark);
        const qreal w = QFontMetricsF(badgeFont).horizontalAdvance(text) + 14;
        const QRectF badge((kWidth - w) / 2, kHeight - 8, w, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(markPen);
        painter->drawRoundedRect(badge, 8, 8);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, text);
    }
    if (m_problemCount > 0) { // problem badge, top left
        static const QColor colors[] = {QColor(0xe0, 0x31, 0x31), QColor(0xf0, 0x8c, 0x00), QColor(0x1e, 0x88, 0xe5)};
        const QRectF badge(4, -8, m_problemCount > 9 ? 26 : 18, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colors[std::clamp(m_problemSeverity, 0, 2)]);
        painter->drawRoundedRect(badge, 8, 8);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, QString::number(m_problemCount));
    }
    paintRegionTag(painter);
}

} // namespace sky
