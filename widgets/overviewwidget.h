#pragma once

#include <QPixmap>
#include <QRectF>
#include <QWidget>

class QTimer;

namespace sky {

class CanvasView;

// The minimap: the whole topology small, with the canvas's visible part as
// a frame; click or drag to look elsewhere. The picture is redrawn a moment
// after the scene changes (into a cached pixmap), so panning and zooming
// the canvas costs only the frame.
class OverviewWidget : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 250;

    explicit OverviewWidget(CanvasView *view, QWidget *parent = nullptr);

    QSize sizeHint() const override { return {260, 170}; }
    QRectF sceneRectShown() const { return m_source; }      // what the picture covers
    QRectF visibleFrame() const;                             // the canvas's view, in widget pixels
    QPointF toScene(QPointF widgetPos) const;
    void refreshNow();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QRectF target() const; // where the picture sits in the widget, aspect kept

    CanvasView *m_view;
    QTimer *m_refresh;
    QPixmap m_picture;
    QRectF m_source;
};

} // namespace sky
