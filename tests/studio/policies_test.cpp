// The designer's Policies and Cost docks and Place…, in the window: the
// cost in the status bar is what `skyplan cost` computes for the same file,
// before and after an edit saved to it.
#include "costpanel.h"
#include "costreport.h"
#include "inspectorwidget.h"
#include "placedialog.h"
#include "policiespanel.h"
#include "studiotest.h"

#include <QAction>
#include <QDockWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QUndoStack>

using namespace sky;
using namespace sky::test;

namespace {

// `skyplan cost FILE --format json`'s monthly total.
double cliTotal(const QString &file)
{
    QProcess p;
    p.start(QStringLiteral(SKYPLAN_BIN), {QStringLiteral("cost"), file, QStringLiteral("--format"), QStringLiteral("json")});
    EXPECT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    const QJsonObject json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    EXPECT_TRUE(json.contains(QStringLiteral("total"))) << QJsonDocument(json).toJson().toStdString();
    const QJsonValue total = json.value(QStringLiteral("total"));
    return total.isObject() ? total.toObject().value(QStringLiteral("monthly")).toDouble() : total.toDouble();
}

QString copyRegionClosing(const QTemporaryDir &dir)
{
    for (const char *name : {"shop.sky.yaml", "acme-cloud.yaml"})
        EXPECT_TRUE(QFile::copy(examplePath("region-closing/") + QLatin1String(name), dir.filePath(QLatin1String(name))));
    return dir.filePath(QStringLiteral("shop.sky.yaml"));
}

} // namespace

TEST(StudioCost, StatusBarTotalIsWhatSkyplanCostSays)
{
    QTemporaryDir dir;
    const QString file = copyRegionClosing(dir);
    Window w;
    ASSERT_TRUE(w.window->openFile(file));
    auto *cost = w.window->findChild<CostPanel *>();
    auto *label = w.window->findChild<QLabel *>(QStringLiteral("costLabel"));
    ASSERT_NE(cost, nullptr);
    ASSERT_NE(label, nullptr);
    ASSERT_TRUE(waitFor([&] { return cost->total().has_value(); })); // recomputed after the load's event
    const double cli = cliTotal(file);
    EXPECT_NEAR(*cost->total(), cli, 0.005);
    EXPECT_TRUE(label->text().contains(QString::fromStdString(formatMoney(cli)))) << label->text().toStdString();

    // An edit: the panel follows; saved, the CLI agrees again.
    const double before = *cost->total();
    w.window->document()->setReplicas("app", 4);
    ASSERT_TRUE(waitFor([&] { return cost->total() && *cost->total() != before; }));
    QString error;
    ASSERT_TRUE(w.window->document()->save(file, &error)) << error.toStdString();
    const double after = cliTotal(file);
    EXPECT_NE(after, cli);
    EXPECT_NEAR(*cost->total(), after, 0.005);
    EXPECT_TRUE(label->text().contains(QString::fromStdString(formatMoney(after))));
}

TEST(StudioCost, PlaceFromTheArrangeMenuIsOneUndoStep)
{
    QTemporaryDir dir;
    Window w;
    ASSERT_TRUE(w.window->openFile(copyRegionClosing(dir)));
    ASSERT_NE(w.window->findChild<PoliciesPanel *>(), nullptr);
    ASSERT_NE(w.window->findChild<QDockWidget *>(QStringLiteral("policies")), nullptr);
    auto *place = w.window->findChild<QAction *>(QStringLiteral("place"));
    ASSERT_NE(place, nullptr);
    const Topology before = w.window->document()->topology();
    place->trigger();
    PlaceDialog *dialog = nullptr;
    ASSERT_TRUE(waitFor([&] {
        dialog = w.window->findChild<PlaceDialog *>();
        return dialog && !dialog->isRunning() && dialog->outcome().ran;
    }, 60000));
    ASSERT_TRUE(dialog->outcome().feasible);
    dialog->findChild<QPushButton *>(QStringLiteral("apply"))->click();
    EXPECT_NE(w.window->document()->topology(), before);
    EXPECT_EQ(w.window->document()->undoStack()->count(), 1);
    w.window->document()->undoStack()->undo();
    EXPECT_EQ(w.window->document()->topology(), before);
}
