#include "overviewwidget.h"

#include "canvasscene.h"
#include "canvasview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QTimer>

namespace sky {

OverviewWidget::OverviewWidget(CanvasView *view, QWidget *parent)
    : QWidget(parent)
    , m_view(view)
    , m_refresh(new QTimer(this))
{
    setObjectName(QStringLiteral("overview"));
    setMinimumSize(120, 80);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Overview: click or drag to look at another part of the canvas"));
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(kRefreshMs);
    connect(m_refresh, &QTimer::timeout, this, &OverviewWidget::refreshNow);
    connect(view->scene(), &QGraphicsScene::changed, m_refresh, qOverload<>(&QTimer::start));
    const auto frameMoved = [this] { update(); };
    connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, this, frameMoved);
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this, frameMoved);
    connect(view, &CanvasView::zoomChanged, this, frameMoved);
    m_refresh->start();
}

QRectF OverviewWidget::target() const
{
    if (m_source.isEmpty())
        return {};
    const QSizeF size = m_source.size().scaled(QSizeF(width() - 8, height() - 8), Qt::KeepAspectRatio);
    return QRectF(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

void OverviewWidget::refreshNow()
{
    m_refresh->stop();
    QRectF source = m_view->canvasScene()->contentsRect();
    if (source.isEmpty()) {
        m_source = {};
        m_picture = {};
        update();
        return;
    }
    source.adjust(-40, -40, 40, 40);
    m_source = source;
    const qreal ratio = devicePixelRatioF();
    const QRectF t = target();
    QPixmap picture((t.size() * ratio).toSize().expandedTo(QSize(1, 1)));
    picture.setDevicePixelRatio(ratio);
    picture.fill(palette().color(QPalette::Base));
    QPainter painter(&picture);
    m_view->canvasScene()->render(&painter, QRectF(QPointF(0, 0), t.size()), source);
    painter.end();
    m_picture = picture;
    update();
}

QRectF OverviewWidget::visibleFrame() const
{
    const QRectF t = target();
    if (t.isEmpty())
        return {};
    const QRectF shown = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    const qreal sx = t.width() / m_source.width();
    const qreal sy = t.height() / m_source.height();
    return QRectF(t.left() + (shown.left() - m_source.left()) * sx, t.top() + (shown.top() - m_source.top()) * sy,
                  shown.width() * sx, shown.height() * sy)
        .intersected(t);
}

QPointF OverviewWidget::toScene(QPointF widgetPos) const
{
    const QRectF t = target();
    if (t.isEmpty())
        return {};
    return QPointF(m_source.left() + (widgetPos.x() - t.left()) * m_source.width() / t.width(),
                   m_source.top() + (widgetPos.y() - t.top()) * m_source.height() / t.height());
}

void OverviewWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    if (m_picture.isNull())
        return;
    const QRectF t = target();
    painter.drawPixmap(t.topLeft(), m_picture);
    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    painter.drawRect(t.adjusted(-0.5, -0.5, 0.5, 0.5));
    QColor highlight = palette().color(QPalette::Highlight);
    painter.setPen(QPen(highlight, 2));
    highlight.setAlpha(40);
    painter.setBrush(highlight);
    painter.drawRect(visibleFrame());
}

void OverviewWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        m_view->centerOn(toScene(event->position()));
}

void OverviewWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        m_view->centerOn(toScene(event->position()));
}

void OverviewWidget::resizeEvent(QResizeEvent *)
{
    m_refresh->start();
}

} // namespace sky
