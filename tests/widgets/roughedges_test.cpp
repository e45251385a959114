// The rough edges a new user hit (issue 24, item 3), each driven through
// the real widget.
#include "inspectorwidget.h"
#include "palettewidget.h"
#include "problemswidget.h"
#include "scenerender.h"
#include "testutil.h"

#include <QPalette>
#include <QScreen>
#include <QStyle>
#include <QTreeWidget>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollArea>
#include <QTemporaryDir>
#include <QScrollBar>
#include <QSignalSpy>
#include <QLabel>

#include <gtest/gtest.h>

using namespace sky;
using sky::test::Canvas;

namespace {

// What the window shows now (its backing store), not a fresh paint.
QImage onScreen(QWidget *widget)
{
    return QGuiApplication::primaryScreen()->grabWindow(widget->window()->winId()).toImage();
}

QPalette darkPalette()
{
    QPalette p = QApplication::palette();
    p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    return p;
}

} // namespace

TEST(RoughEdges, ThemeSwitchRepaintsTheCanvasBackgroundAtOnce)
{
    const QPalette before = QApplication::palette();
    Canvas c;
    c.document->reset(sky::test::webAndApp({0, 0}, {400, 0}));
    c.view->resetZoom();
    c.view->centerOn(QPointF(300, 200));
    QApplication::processEvents();
    // An empty spot of the canvas, well away from the nodes.
    const QPoint empty = c.view->viewport()->mapTo(c.view->window(), c.at(QPointF(311, 509)));
    const QColor light = onScreen(c.view.get()).pixelColor(empty);
    EXPECT_EQ(light.rgb(), before.color(QPalette::Base).darker(103).rgb());

    const QPalette dark = darkPalette();
    QApplication::setPalette(dark);
    QApplication::processEvents();
    const QColor shown = onScreen(c.view.get()).pixelColor(empty);
    QApplication::setPalette(before);
    QApplication::processEvents();
    EXPECT_EQ(shown.rgb(), dark.color(QPalette::Base).darker(103).rgb()) << "the canvas kept the old palette's background";
}

// A webshop fitted into the canvas of a 1024×700 window (the docks take the
// rest) is drawn at about a third of its size: every node still shows its
// name, on up to two lines, and not cut to nothing.
TEST(RoughEdges, NodeNamesStayReadableWhenADesignIsFittedSmall)
{
    Canvas c;
    QString error;
    ASSERT_TRUE(c.document->load(sky::test::examplePath("webshop.sky.yaml"), &error)) << error.toStdString();
    c.view->resize(640, 470);
    c.view->fitAll();
    QApplication::processEvents();
    ASSERT_LT(c.view->zoom(), 0.6);
    ASSERT_GT(c.view->zoom(), 0.25);
    c.view->viewport()->grab(); // paints every node
    for (const auto &[id, node] : c.document->topology().nodes) {
        const QString label = QString::fromStdString(node.label.empty() ? id : node.label);
        const QString painted = c.scene->nodeItem(id)->paintedLabel();
        EXPECT_FALSE(painted.isEmpty()) << id;
        // The first word whole: enough to tell the nodes apart.
        EXPECT_TRUE(painted.startsWith(label.section(u' ', 0, 0))) << id << ": " << painted.toStdString();
    }
}

// At 71 % and at 100 % a long label takes two lines instead of "Front load bala…".
TEST(RoughEdges, LongLabelsAreNotCutNearby)
{
    Canvas c;
    Topology t;
    Node lb{"lb", "load_balancer"};
    lb.label = "Front load balancer";
    t.addNode(lb, Point{0, 0});
    c.document->reset(t);
    for (const qreal zoom : {0.71, 0.85, 1.0, 1.5}) {
        c.view->setZoom(zoom, QPointF(75, 30));
        c.view->centerOn(QPointF(75, 30));
        c.view->viewport()->grab();
        EXPECT_EQ(c.scene->nodeItem("lb")->paintedLabel().replace(u'\n', u' '), QStringLiteral("Front load balancer"))
            << "at " << zoom;
    }
}

// A node's tooltip is rich text with real line breaks, and a node with
// problems (its badge) says what they are before what the node is.
TEST(RoughEdges, ANodesTooltipBreaksLinesAndNamesItsProblems)
{
    Canvas c;
    c.document->reset(sky::test::webAndApp({0, 0}, {400, 0}));
    const NodeItem *web = c.scene->nodeItem("web");
    ASSERT_NE(web, nullptr);
    EXPECT_FALSE(web->toolTip().contains(QLatin1String("&lt;br&gt;"))) << web->toolTip().toStdString();
    EXPECT_TRUE(web->toolTip().contains(QLatin1String("<br>")));

    Diagnostic d;
    d.severity = Severity::Warning;
    d.rule = "SP-TEST-RULE";
    d.message = "web has no <redundancy>";
    d.subjects = {"web"};
    c.scene->setDiagnostics({d});
    EXPECT_EQ(web->problemCount(), 1);
    const QString tip = web->toolTip();
    EXPECT_TRUE(tip.contains(QLatin1String("web has no &lt;redundancy&gt;"))) << tip.toStdString();
    EXPECT_TRUE(tip.contains(QLatin1String("SP-TEST-RULE")));
    EXPECT_LT(tip.indexOf(QLatin1String("redundancy")), tip.indexOf(QLatin1String("Web server"))) << tip.toStdString();
    c.scene->setDiagnostics({});
    EXPECT_FALSE(web->toolTip().contains(QLatin1String("redundancy")));
}

// Each type's row is as high as its icon (the rows overlapped), a search
// looks in descriptions and engines, and a search that finds nothing says so.
TEST(RoughEdges, ThePaletteRowsHoldTheirIconsAndItsSearchFindsEnginesOrSaysNothingMatches)
{
    PaletteWidget palette;
    palette.resize(260, 700);
    palette.show();
    QApplication::processEvents();
    QTreeWidget *tree = palette.tree();
    const QTreeWidgetItem *database = palette.itemForType(QStringLiteral("database"));
    ASSERT_NE(database, nullptr);
    EXPECT_GE(tree->visualItemRect(database).height(), tree->iconSize().height());
    const QTreeWidgetItem *dns = palette.itemForType(QStringLiteral("dns"));
    ASSERT_NE(dns, nullptr);
    EXPECT_GE(tree->visualItemRect(dns).height(), tree->iconSize().height()) << "the first type under a heading";

    palette.setFilter(QStringLiteral("sql"));
    EXPECT_FALSE(database->isHidden()) << "mysql is one of the database's engines";
    EXPECT_FALSE(palette.noMatchLabel()->isVisible());
    palette.setFilter(QStringLiteral("kafka"));
    ASSERT_NE(palette.itemForType(QStringLiteral("message_queue")), nullptr);
    EXPECT_FALSE(palette.itemForType(QStringLiteral("message_queue"))->isHidden());
    EXPECT_TRUE(database->isHidden());

    palette.setFilter(QStringLiteral("zzzz"));
    EXPECT_TRUE(palette.noMatchLabel()->isVisible());
    EXPECT_TRUE(palette.noMatchLabel()->text().contains(QLatin1String("zzzz")));
    palette.setFilter(QString());
    EXPECT_FALSE(palette.noMatchLabel()->isVisible());
    EXPECT_TRUE(tree->isVisible());
}

// Errors first; a click on a column's title sorts by it; a filter by
// severity and by text; the fix hint in a column; subjects by their labels.
TEST(RoughEdges, TheProblemsListPutsErrorsFirstSortsFiltersAndShowsHowToFix)
{
    Document document;
    Topology t = sky::test::webAndApp({0, 0}, {400, 0});
    t.nodes.at("web").label = "Front door";
    t.addNode(Node{"jobs", "worker"}, Point{0, 300}); // no image: an error, found after the warnings' nodes
    document.reset(t);
    ProblemsWidget problems(&document);
    problems.resize(900, 400);
    problems.show();
    QSignalSpy checked(&problems, &ProblemsWidget::diagnosticsChanged);
    ASSERT_TRUE(checked.wait(5000));
    QTreeWidget *tree = problems.tree();
    const auto &found = problems.diagnostics();
    ASSERT_EQ(tree->topLevelItemCount(), int(found.size()));
    int errors = 0;
    int warnings = 0;
    for (const Diagnostic &d : found) {
        errors += d.severity == Severity::Error;
        warnings += d.severity == Severity::Warning;
    }
    ASSERT_GT(errors, 0);
    ASSERT_GT(warnings, 0) << "the draft should have warnings too";
    // Errors first.
    const auto severityOf = [&](int row) {
        const QTreeWidgetItem *item = tree->topLevelItem(row);
        for (std::size_t i = 0; i < found.size(); ++i)
            if (problems.rowOf(i) == item)
                return int(found[i].severity);
        return -1;
    };
    for (int row = 1; row < tree->topLevelItemCount(); ++row)
        EXPECT_LE(severityOf(row - 1), severityOf(row)) << "row " << row;

    // The hint in its own column, the subjects as the canvas names them.
    bool hinted = false;
    bool labelled = false;
    for (int row = 0; row < tree->topLevelItemCount(); ++row) {
        hinted = hinted || !tree->topLevelItem(row)->text(ProblemsWidget::FixColumn).isEmpty();
        labelled = labelled || tree->topLevelItem(row)->text(ProblemsWidget::SubjectsColumn).contains(QLatin1String("Front door (web)"));
    }
    EXPECT_TRUE(hinted);
    EXPECT_TRUE(labelled);

    // A click on the Rule title sorts by rule.
    const QRect header = tree->header()->rect();
    QTest::mouseClick(tree->header()->viewport(), Qt::LeftButton, {},
                      QPoint(tree->header()->sectionViewportPosition(ProblemsWidget::RuleColumn) + 10, header.center().y()));
    EXPECT_EQ(tree->sortColumn(), int(ProblemsWidget::RuleColumn));
    for (int row = 1; row < tree->topLevelItemCount(); ++row)
        EXPECT_LE(tree->topLevelItem(row - 1)->text(1).compare(tree->topLevelItem(row)->text(1), Qt::CaseInsensitive), 0);

    // Filters.
    const auto shown = [tree] {
        int n = 0;
        for (int row = 0; row < tree->topLevelItemCount(); ++row)
            n += !tree->topLevelItem(row)->isHidden();
        return n;
    };
    problems.severityFilter()->setCurrentIndex(problems.severityFilter()->findData(int(Severity::Error)));
    EXPECT_EQ(shown(), errors);
    problems.severityFilter()->setCurrentIndex(0);
    EXPECT_EQ(shown(), int(found.size()));
    QTest::keyClicks(problems.filterEdit(), QStringLiteral("jobs"));
    EXPECT_GT(shown(), 0);
    EXPECT_LT(shown(), int(found.size()));
    for (int row = 0; row < tree->topLevelItemCount(); ++row) {
        if (!tree->topLevelItem(row)->isHidden()) {
            EXPECT_TRUE(tree->topLevelItem(row)->text(ProblemsWidget::SubjectsColumn).contains(QLatin1String("jobs"))
                        || tree->topLevelItem(row)->text(0).contains(QLatin1String("jobs")));
        }
    }
    // Room for more than three rows.
    EXPECT_GE(problems.sizeHint().height(), 8 * tree->fontMetrics().height());
}

namespace {

struct Inspected : Canvas
{
    Inspected() : inspector(document.get(), scene.get())
    {
        QString error;
        EXPECT_TRUE(document->load(sky::test::examplePath("webshop.sky.yaml"), &error)) << error.toStdString();
        inspector.show();
    }
    void select(const std::vector<std::string> &nodes, const std::vector<std::string> &links = {})
    {
        scene->selectOnly(nodes, links);
        QApplication::processEvents(); // the form is rebuilt deferred
        QApplication::processEvents();
    }
    InspectorWidget inspector;
};

} // namespace

TEST(RoughEdges, TheInspectorShowsTheZoneTwoNodesShare)
{
    Inspected i;
    i.select({"cache", "db"}); // both in "data"
    auto *zone = qobject_cast<QComboBox *>(i.inspector.editor(QStringLiteral("zone")));
    ASSERT_NE(zone, nullptr);
    EXPECT_EQ(zone->currentData().toString(), QStringLiteral("data")) << zone->currentText().toStdString();
    i.select({"cache", "app"}); // two zones: mixed
    zone = qobject_cast<QComboBox *>(i.inspector.editor(QStringLiteral("zone")));
    ASSERT_NE(zone, nullptr);
    EXPECT_EQ(zone->currentIndex(), 0);
}

TEST(RoughEdges, ALinkIntoATerminalThatTakesAnyProtocolOffersTheCatalogsProtocols)
{
    Inspected i;
    i.select({}, {"internet.out -> edge-fw.ext"});
    auto *protocol = qobject_cast<QComboBox *>(i.inspector.editor(QStringLiteral("protocol")));
    ASSERT_NE(protocol, nullptr);
    EXPECT_GE(protocol->count(), 5);
    EXPECT_GE(protocol->findText(QStringLiteral("https")), 0);
    EXPECT_GE(protocol->findText(QStringLiteral("postgres")), 0);
}

// A narrow dock: the fields narrow, no horizontal scroll bar, nothing
// past the right edge; an edit leaves the page where it was scrolled to.
TEST(RoughEdges, TheInspectorFitsItsWidthAndKeepsItsPlaceAfterAnEdit)
{
    Inspected i;
    i.inspector.resize(300, 260);
    i.select({"db"});
    auto *scroll = i.inspector.findChild<QScrollArea *>();
    ASSERT_NE(scroll, nullptr);
    EXPECT_FALSE(scroll->horizontalScrollBar()->isVisible());
    const QWidget *page = scroll->widget();
    ASSERT_NE(page, nullptr);
    EXPECT_LE(page->width(), scroll->viewport()->width());
    for (const QWidget *w : page->findChildren<QWidget *>()) {
        if (w->isVisible() && w->parentWidget() == page) {
            EXPECT_LE(w->mapTo(page, QPoint(w->width(), 0)).x(), scroll->viewport()->width())
                << w->objectName().toStdString() << " runs past the right edge";
        }
    }

    QScrollBar *bar = scroll->verticalScrollBar();
    ASSERT_GT(bar->maximum(), 0) << "the page should be taller than the dock";
    bar->setValue(bar->maximum());
    const int before = bar->value();
    i.document->setReplicas("db", 3);
    QApplication::processEvents();
    QApplication::processEvents();
    EXPECT_NE(scroll->widget(), page) << "the page was not rebuilt";
    EXPECT_EQ(scroll->verticalScrollBar()->value(), before);
}

// A picture may leave the problem badges out: it is then the picture of
// the design with no findings, and the canvas keeps its badges.
TEST(RoughEdges, APictureCanLeaveTheProblemBadgesOut)
{
    Canvas c;
    c.document->reset(sky::test::webAndApp({0, 0}, {400, 0}));
    QTemporaryDir dir;
    const auto render = [&](const char *name, bool problems) {
        RenderOptions options;
        options.problems = problems;
        const QString path = dir.filePath(QLatin1String(name));
        QString error;
        EXPECT_TRUE(renderSceneToFile(*c.scene, path, options, &error)) << error.toStdString();
        return QImage(path);
    };
    const QImage clean = render("clean.png", true);
    Diagnostic d;
    d.severity = Severity::Error;
    d.rule = "SP-TEST-RULE";
    d.message = "web is wrong";
    d.subjects = {"web"};
    c.scene->setDiagnostics({d});
    const QImage badged = render("badged.png", true);
    const QImage without = render("without.png", false);
    ASSERT_FALSE(clean.isNull());
    EXPECT_NE(badged, clean) << "the badge should show";
    EXPECT_EQ(without, clean) << "left out, the badge should not show";
    EXPECT_EQ(c.scene->nodeItem("web")->problemCount(), 1) << "the canvas keeps its badge";
}
