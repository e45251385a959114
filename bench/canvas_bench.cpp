// The designer's canvas, rendered offscreen into a 1920×1080 image the way
// Qt's tst_QGraphicsView::chipTester does it, over generated topologies of
// 5,000 and 20,000 nodes (1.5 links per node) laid out as the designer lays
// out large topologies (AutoLayout::layered). Figures: docs/PERFORMANCE.md.
#include "autolayout.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "catalog.h"
#include "descriptor.h"
#include "document.h"
#include "generator.h"
#include "linklayer.h"
#include "nodeitem.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <fstream>
#include <map>
#include <memory>
#include <random>

using namespace sky;

namespace {

const QSize kFrame(1920, 1080);

Topology generated(int nodes)
{
    GeneratorOptions options;
    options.nodes = nodes;
    options.linksPerNode = 1.5;
    options.seed = 7;
    Topology t = generateTopology(Catalog::builtin(), options);
    t.layout.nodes.clear();
    for (const auto &[id, p] : AutoLayout::layered(t))
        t.layout.nodes[id] = p;
    return t;
}

// One file per size, written once.
const QString &fileFor(int nodes)
{
    static QTemporaryDir dir;
    static std::map<int, QString> files;
    auto &path = files[nodes];
    if (path.isEmpty()) {
        path = dir.filePath(QStringLiteral("generated-%1.sky.yaml").arg(nodes));
        std::ofstream(path.toStdString()) << writeDescriptor(generated(nodes));
    }
    return path;
}

struct Loaded
{
    explicit Loaded(int nodes)
    {
        QString error;
        document.load(fileFor(nodes), &error);
        scene = std::make_unique<CanvasScene>(&document);
        QApplication::processEvents(); // as a window's event loop would: the index settles
    }
    Document document;
    std::unique_ptr<CanvasScene> scene;
};

Loaded &loaded(int nodes)
{
    static std::map<int, std::unique_ptr<Loaded>> cache;
    auto &entry = cache[nodes];
    if (!entry)
        entry = std::make_unique<Loaded>(nodes);
    return *entry;
}

void renderInto(QImage &image, CanvasScene &scene, const QRectF &source)
{
    image.fill(Qt::white);
    QPainter painter(&image);
    scene.render(&painter, QRectF(QPointF(0, 0), kFrame), source, Qt::KeepAspectRatio);
}

void BM_OpenToFirstFrame(benchmark::State &state)
{
    const QString &path = fileFor(int(state.range(0)));
    QImage image(kFrame, QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        Document document;
        QString error;
        document.load(path, &error);
        CanvasScene scene(&document);
        renderInto(image, scene, scene.contentsRect());
        benchmark::DoNotOptimize(image.bits());
    }
}

void BM_RepaintFitAll(benchmark::State &state)
{
    Loaded &l = loaded(int(state.range(0)));
    const QRectF all = l.scene->contentsRect();
    QImage image(kFrame, QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state)
        renderInto(image, *l.scene, all);
    state.counters["items"] = double(l.scene->items().size());
}

void BM_RepaintPanAt100(benchmark::State &state)
{
    Loaded &l = loaded(int(state.range(0)));
    const QRectF all = l.scene->contentsRect();
    QImage image(kFrame, QImage::Format_ARGB32_Premultiplied);
    std::mt19937 random(3);
    std::uniform_real_distribution<double> x(all.left(), std::max(all.left(), all.right() - kFrame.width()));
    std::uniform_real_distribution<double> y(all.top(), std::max(all.top(), all.bottom() - kFrame.height()));
    for (auto _ : state)
        renderInto(image, *l.scene, QRectF(QPointF(x(random), y(random)), QSizeF(kFrame)));
}

void BM_HitTest(benchmark::State &state)
{
    // What the view does under the mouse: items at the point, then links.
    Loaded &l = loaded(int(state.range(0)));
    const QRectF all = l.scene->contentsRect();
    std::mt19937 random(5);
    std::uniform_real_distribution<double> x(all.left(), all.right());
    std::uniform_real_distribution<double> y(all.top(), all.bottom());
    for (auto _ : state) {
        const QPointF p(x(random), y(random));
        const auto items = l.scene->items(QRectF(p - QPointF(2, 2), QSizeF(5, 5)));
        bool node = false;
        for (QGraphicsItem *item : items)
            node = node || item->type() == NodeItem::Type;
        if (!node)
            benchmark::DoNotOptimize(l.scene->linkLayer()->linkAt(p, 6));
    }
}

void BM_DragOneNode(benchmark::State &state)
{
    // One step of a drag: the node moves, its links are re-routed, the frame
    // around it is painted again at 100%.
    Loaded &l = loaded(int(state.range(0)));
    const auto &nodes = l.document.topology().nodes;
    const std::string id = std::next(nodes.begin(), long(nodes.size() / 2))->first;
    NodeItem *item = l.scene->nodeItem(id);
    const QPointF start = item->pos();
    QImage image(kFrame, QImage::Format_ARGB32_Premultiplied);
    int step = 0;
    for (auto _ : state) {
        const QPointF to = start + QPointF(20 * (step % 10), 20 * (step % 7));
        ++step;
        l.scene->previewMove({{id, to}});
        renderInto(image, *l.scene, QRectF(to - QPointF(960, 540), QSizeF(kFrame)));
    }
    l.scene->previewMove({{id, start}});
}

// The real view, as a user has it: 1920×1080 at 100 %, painting through
// Qt's backing store what the event loop says is dirty (the view scrolls
// the pixels it has when panning and exposes a strip; a drag dirties the
// node's old and new places and its links). Counts the pixels painted, so
// the figure says what was measured.
struct ShownView
{
    explicit ShownView(Loaded &l)
        : view(l.scene.get())
    {
        view.setFrameShape(QFrame::NoFrame);
        view.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        view.setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        view.resize(kFrame);
        view.show();
        view.resetZoom();
        view.viewport()->installEventFilter(&counter);
        settle();
    }
    void settle()
    {
        QApplication::processEvents();
        QApplication::processEvents();
    }
    struct Counter : QObject
    {
        double pixels = 0;
        int paints = 0;
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (event->type() == QEvent::Paint) {
                for (const QRect &r : static_cast<QPaintEvent *>(event)->region())
                    pixels += double(r.width()) * r.height();
                ++paints;
            }
            return false;
        }
    } counter;
    CanvasView view;
};

void BM_ViewPanStep(benchmark::State &state)
{
    Loaded &l = loaded(int(state.range(0)));
    ShownView shown(l);
    const QRectF all = l.scene->contentsRect();
    shown.view.centerOn(all.center());
    shown.settle();
    shown.counter.pixels = 0;
    shown.counter.paints = 0;
    int step = 0;
    for (auto _ : state) {
        // One mouse move of a pan: 30 px across, 10 px down, back and forth.
        const int dx = (step / 20) % 2 ? -30 : 30;
        ++step;
        shown.view.horizontalScrollBar()->setValue(shown.view.horizontalScrollBar()->value() + dx);
        shown.view.verticalScrollBar()->setValue(shown.view.verticalScrollBar()->value() + (dx > 0 ? 10 : -10));
        QApplication::processEvents();
    }
    state.counters["px_per_step"] = shown.counter.pixels / std::max<double>(1, double(state.iterations()));
    state.counters["paints"] = shown.counter.paints;
}

void BM_ViewDragStep(benchmark::State &state)
{
    Loaded &l = loaded(int(state.range(0)));
    ShownView shown(l);
    const auto &nodes = l.document.topology().nodes;
    const std::string id = std::next(nodes.begin(), long(nodes.size() / 2))->first;
    NodeItem *item = l.scene->nodeItem(id);
    const QPointF start = item->pos();
    shown.view.centerOn(start);
    shown.settle();
    shown.counter.pixels = 0;
    shown.counter.paints = 0;
    int step = 0;
    for (auto _ : state) {
        const QPointF to = start + QPointF(20 * (step % 10), 20 * (step % 7));
        ++step;
        l.scene->previewMove({{id, to}}); // what a mouse move of a drag does
        QApplication::processEvents();    // and the repaint of what it dirtied
    }
    l.scene->previewMove({{id, start}});
    state.counters["px_per_step"] = shown.counter.pixels / std::max<double>(1, double(state.iterations()));
    state.counters["paints"] = shown.counter.paints;
}

} // namespace

BENCHMARK(BM_ViewPanStep)->Arg(5000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ViewDragStep)->Arg(5000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpenToFirstFrame)->Arg(5000)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_RepaintFitAll)->Arg(5000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RepaintPanAt100)->Arg(5000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HitTest)->Arg(5000)->Arg(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DragOneNode)->Arg(5000)->Arg(20000)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
