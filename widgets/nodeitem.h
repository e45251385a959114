#pragma once

#include "catalog.h"
#include "comparison.h"

#include <QFont>
#include <QGraphicsItem>
#include <QStaticText>

#include <optional>
#include <string>
#include <vector>

namespace sky {

class CanvasScene;
struct Node;

// A node on the canvas: a projection of the document's node with this id.
// It holds the id and a few cached strings for painting; sync() refreshes
// them from the document.
class NodeItem : public QGraphicsItem
{
public:
    static constexpr double kWidth = 150;
    static constexpr double kHeight = 60;
    static constexpr double kPortRadius = 6;
    static constexpr double kNameWidth = 44; // a port's name, beside it outside the body
    static constexpr double kNameGap = 8;
    enum { Type = UserType + 1 };
    enum class PortState { Normal, Compatible, Incompatible };

    struct Port
    {
        std::string name;
        Direction direction = Direction::In;
        std::vector<std::string> protocols;
        PortState state = PortState::Normal;
    };

    NodeItem(CanvasScene *scene, std::string id);

    const std::string &id() const { return m_id; }
    void setId(std::string id) { m_id = std::move(id); }
    void sync();

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const std::vector<Port> &ports() const { return m_ports; }
    const Port *portAt(QPointF scenePos) const;
    QPointF portScenePos(const std::string &terminal, Direction direction) const;
    QPointF portScenePos(const std::string &terminal, Direction direction, QPointF nodePos) const;
    // Where the name of port `index` is drawn, in item coordinates: outside
    // the body, beside the port. Names show on a node with several ports on
    // a side.
    QRectF portNameRect(std::size_t index) const;
    void setPortStates(const std::vector<PortState> &states);
    void clearPortStates();
    // severity: 0 error, 1 warning, 2 info; count 0: none. `messages` (one a
    // problem, plain text) lead the node's tooltip.
    void setProblems(int severity, int count, const QStringList &messages = {});
    int problemCount() const { return m_problemCount; }
    int problemSeverity() const { return m_problemSeverity; }
    void setMark(Mark mark); // how it differs in a comparison
    Mark mark() const { return m_mark; }
    // The region tag (nodeitem_region.cpp): where the node runs, its own
    // placement or its zone's, marked when that region is closing.
    const QString &regionTag() const { return m_regionTag; }
    bool regionClosing() const { return m_regionClosing; }
    void syncRegionTag(); // after a zone's placement or the profiles changed
    // The label's lines as last painted (near or far), joined by a newline:
    // what a reader of the canvas sees of the name.
    QString paintedLabel() const { return m_paintedLabel; }

private:
    QPointF portLocalPos(std::size_t index) const;
    // Port names are shown on a node with several ports on a side, where
    // they tell the ports apart; a lone port needs none. Not on the ports'
    // states: lighting the ports of thousands of nodes while a link is drawn
    // must not change their geometry.
    bool namesShown() const { return m_inCount > 1 || m_outCount > 1; }
    static QRectF chromeRect();
    void syncRegionTag(const Node &node);
    void paintRegionTag(QPainter *painter) const;
    void drawChrome(QPainter *painter, const QPen &pen, const QColor &base, const QPalette &palette) const;

    // The two lines of text as painted: laid out once for the painter's
    // font (sizes shrunk, ends elided), not on every paint of a drag.
    // A label too long for one line takes two (and the type line moves
    // down) rather than being cut: "Front load bala…" told nothing.
    struct Text
    {
        QFont base; // the painter's font they were laid out for
        QFont labelFont, typeFont;
        QStaticText label, label2, type; // label2: the label's second line, or empty
    };
    const Text &text(const QFont &base);
    // Far away (a fitted design), the label alone in a font big enough to
    // read, over the whole body, on up to two lines.
    struct FarText
    {
        QFont base;
        int pixelSize; // in scene units: the font grows as the view zooms out (no default member
                       // initialiser: clang 14 then cannot emplace() it in the enclosing class)
        QFont font;
        QStaticText line1, line2;
    };
    const FarText &farText(const QFont &base, qreal lod);

    CanvasScene *m_scene;
    std::string m_id;
    QString m_label;
    QString m_paintedLabel;
    QString m_typeName;
    std::optional<Text> m_text; // empty: lay out again at the next paint
    std::optional<FarText> m_farText;
    QString m_icon;
    QString m_toolTip; // what the node is (rich text); its problems go before it
    QStringList m_problemMessages;
    void updateToolTip();
    QColor m_color;
    int m_replicas = 1;
    bool m_unknownType = false;
    int m_problemSeverity = 0;
    int m_problemCount = 0;
    Mark m_mark = Mark::None;
    std::vector<Port> m_ports;
    int m_inCount = 0;
    int m_outCount = 0;
    QString m_regionTag;
    QString m_regionTip;
    bool m_regionClosing = false;
    bool m_regionInherited = false;
};

} // namespace sky
