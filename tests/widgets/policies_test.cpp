// The Policies panel, the Place dialog, the Cost panel, the placement rows
// of the inspector and the region tags, driven as a user drives them.
#include "canvasscene.h"
#include "checks.h"
#include "costpanel.h"
#include "descriptor.h"
#include "document.h"
#include "highlightoverlay.h"
#include "inspectorwidget.h"
#include "nodeitem.h"
#include "placedialog.h"
#include "policiespanel.h"
#include "policyscope.h"
#include "testutil.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace sky;

namespace {

// The region-closing example (the shop and its provider profile) copied
// into `dir`, so the profile is found beside it.
QString copyRegionClosing(const QTemporaryDir &dir)
{
    for (const char *name : {"shop.sky.yaml", "acme-cloud.yaml"})
        EXPECT_TRUE(QFile::copy(test::examplePath("region-closing/") + QLatin1String(name),
                                dir.filePath(QLatin1String(name))));
    return dir.filePath(QStringLiteral("shop.sky.yaml"));
}

// Types into a line edit of the panel's editor and presses Enter, as a user does.
void typeInto(QWidget *editor, const QString &text)
{
    auto *edit = qobject_cast<QLineEdit *>(editor);
    ASSERT_NE(edit, nullptr);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
    QApplication::processEvents();
}

void check(QWidget *list, const QString &value, bool on = true)
{
    auto *l = qobject_cast<QListWidget *>(list);
    ASSERT_NE(l, nullptr);
    for (int i = 0; i < l->count(); ++i)
        if (l->item(i)->data(Qt::UserRole).toString() == value) {
            l->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
            QApplication::processEvents();
            return;
        }
    FAIL() << "no item " << value.toStdString();
}

// Adds a policy of `kind` through the Add Policy menu.
std::string addThroughMenu(PoliciesPanel &panel, const std::string &kind)
{
    auto *add = panel.findChild<QToolButton *>(QStringLiteral("addPolicy"));
    EXPECT_NE(add, nullptr);
    const auto &kinds = PoliciesPanel::kinds();
    const auto at = std::find(kinds.begin(), kinds.end(), kind) - kinds.begin();
    add->menu()->actions().at(at)->trigger();
    QApplication::processEvents();
    return panel.currentPolicy();
}

const Value *field(const Document &doc, const std::string &policy, const std::string &key)
{
    const auto it = doc.topology().policies.find(policy);
    if (it == doc.topology().policies.end())
        return nullptr;
    const auto f = it->second.fields.find(key);
    return f == it->second.fields.end() ? nullptr : &f->second;
}

} // namespace

TEST(PoliciesPanel, EveryKindIsCreatedEditedAndDeletedOneUndoStepEach)
{
    Document doc;
    ASSERT_TRUE(doc.load(test::examplePath("webshop.sky.yaml"), nullptr));
    const std::string original = writeDescriptor(doc.topology());
    PoliciesPanel panel(&doc);
    panel.show();
    QApplication::processEvents();
    ASSERT_EQ(panel.list()->topLevelItemCount(), int(doc.topology().policies.size()));

    // Each step: what the file says before and after it.
    std::vector<std::pair<std::string, std::string>> steps;
    const auto step = [&](const std::function<void()> &gesture) {
        const std::string before = writeDescriptor(doc.topology());
        const int count = doc.undoStack()->count();
        gesture();
        QApplication::processEvents();
        EXPECT_EQ(doc.undoStack()->count(), count + 1) << "one undo step per change";
        steps.emplace_back(before, writeDescriptor(doc.topology()));
        EXPECT_NE(steps.back().first, steps.back().second);
    };
    const std::string zone = doc.topology().zones.begin()->first;
    const std::string otherZone = std::next(doc.topology().zones.begin())->first;

    for (const std::string &kind : PoliciesPanel::kinds()) {
        SCOPED_TRACE(kind);
        std::string id;
        step([&] { id = addThroughMenu(panel, kind); });
        ASSERT_FALSE(id.empty());
        EXPECT_EQ(doc.topology().policies.at(id).kind, kind);
        if (kind == "data-residency") {
            step([&] { typeInto(panel.editor(QStringLiteral("field:regions")), QStringLiteral("EU, CH")); });
            ASSERT_NE(field(doc, id, "regions"), nullptr);
            EXPECT_EQ(fieldTexts(doc.topology().policies.at(id), "regions"), (std::vector<std::string>{"EU", "CH"}));
        } else if (kind == "compliance") {
            step([&] { typeInto(panel.editor(QStringLiteral("field:certifications")), QStringLiteral("PCI DSS")); });
            EXPECT_EQ(fieldTexts(doc.topology().policies.at(id), "certifications"), std::vector<std::string>{"PCI DSS"});
        } else if (kind == "platform") {
            step([&] { typeInto(panel.editor(QStringLiteral("field:platforms")), QStringLiteral("KVM")); });
            step([&] { typeInto(panel.editor(QStringLiteral("field:exclude")), QStringLiteral("Hyper-V")); });
            EXPECT_EQ(fieldTexts(doc.topology().policies.at(id), "exclude"), std::vector<std::string>{"Hyper-V"});
        } else if (kind == "provider") {
            step([&] { typeInto(panel.editor(QStringLiteral("field:allow")), QStringLiteral("aws")); });
            EXPECT_EQ(fieldTexts(doc.topology().policies.at(id), "allow"), std::vector<std::string>{"aws"});
        } else if (kind == "spread") {
            auto *across = qobject_cast<QComboBox *>(panel.editor(QStringLiteral("field:across")));
            ASSERT_NE(across, nullptr);
            step([&] { across->setCurrentIndex(across->findData(QStringLiteral("providers"))); });
            EXPECT_EQ(field(doc, id, "across")->toString(), "providers");
            auto *atLeast = qobject_cast<QSpinBox *>(panel.editor(QStringLiteral("field:at-least")));
            ASSERT_NE(atLeast, nullptr);
            step([&] { atLeast->setValue(3); });
            EXPECT_EQ(field(doc, id, "at-least")->toInt(), 3);
        } else if (kind == "segmentation") {
            auto *z = qobject_cast<QComboBox *>(panel.editor(QStringLiteral("field:zone")));
            ASSERT_NE(z, nullptr);
            step([&] { z->setCurrentIndex(z->findData(toQString(otherZone))); });
            EXPECT_EQ(field(doc, id, "zone")->toString(), otherZone);
            step([&] { check(panel.editor(QStringLiteral("field:allow-from")), toQString(zone)); });
            EXPECT_EQ(fieldTexts(doc.topology().policies.at(id), "allow-from"), std::vector<std::string>{zone});
        }
        if (kind != "segmentation") {
            // Scope: from every node to the data tier.
            auto *every = qobject_cast<QCheckBox *>(panel.editor(QStringLiteral("scope:every")));
            ASSERT_NE(every, nullptr);
            ASSERT_TRUE(every->isChecked());
            step([&] { every->click(); });
            step([&] { check(panel.editor(QStringLiteral("scope:tiers")), QStringLiteral("data")); });
            auto *tabs = qobject_cast<QTabWidget *>(panel.editor(QStringLiteral("scope")));
            ASSERT_NE(tabs, nullptr);
            EXPECT_EQ(tabs->tabText(0), QStringLiteral("Tiers (1)"));
            const Value *scope = field(doc, id, "applies-to");
            ASSERT_NE(scope, nullptr);
            ASSERT_TRUE(scope->isMap());
            EXPECT_EQ(scope->toMap().size(), 1u);
            ASSERT_NE(scope->find("tiers"), nullptr);
            EXPECT_EQ(scope->find("tiers")->toList(), ValueList{Value("data")});
        }
        // Renamed through its id.
        step([&] { typeInto(panel.editor(QStringLiteral("policyId")), toQString(id + "-x")); });
        EXPECT_TRUE(doc.topology().policies.count(id + "-x"));
        EXPECT_FALSE(doc.topology().policies.count(id));
        // And deleted.
        step([&] { panel.findChild<QPushButton *>(QStringLiteral("deletePolicy"))->click(); });
        EXPECT_FALSE(doc.topology().policies.count(id + "-x"));
        EXPECT_EQ(panel.list()->topLevelItemCount(), int(doc.topology().policies.size()));
    }

    // Each step undone gives the file as it was before it; redone, as after.
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        doc.undoStack()->undo();
        ASSERT_EQ(writeDescriptor(doc.topology()), it->first);
    }
    EXPECT_EQ(writeDescriptor(doc.topology()), original);
    EXPECT_FALSE(doc.isModified());
    for (const auto &s : steps) {
        doc.undoStack()->redo();
        ASSERT_EQ(writeDescriptor(doc.topology()), s.second);
    }
    QApplication::processEvents();
    EXPECT_EQ(panel.list()->topLevelItemCount(), int(doc.topology().policies.size()));
}

TEST(PoliciesPanel, TheSelectedPolicysScopeIsRingedOnTheCanvas)
{
    test::Canvas canvas;
    ASSERT_TRUE(canvas.document->load(test::examplePath("webshop.sky.yaml"), nullptr));
    HighlightOverlay overlay(canvas.scene.get());
    PoliciesPanel panel(canvas.document.get());
    QObject::connect(&panel, &PoliciesPanel::scopeChanged,
                     [&](const std::vector<std::string> &nodes) { overlay.setScope(nodes); });
    panel.show();
    QApplication::processEvents();
    EXPECT_TRUE(overlay.scope().empty());
    panel.list()->setCurrentItem(panel.list()->topLevelItem(0)); // eu-only: tiers data and storage
    QApplication::processEvents();
    std::vector<std::string> expected;
    for (const auto &[id, node] : canvas.document->topology().nodes) {
        const Tier tier = canvas.document->catalog().type(node.type)->tier;
        if (tier == Tier::Data || tier == Tier::Storage)
            expected.push_back(id);
    }
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(overlay.scope(), expected);
    EXPECT_TRUE(overlay.isVisible());
    EXPECT_FALSE(overlay.boundingRect().isEmpty());
    panel.list()->setCurrentItem(nullptr);
    QApplication::processEvents();
    EXPECT_TRUE(overlay.scope().empty());
}

TEST(PoliciesPanel, AResidencyFindingsPathIsDrawn)
{
    Topology t;
    t.addNode(Node{"db", "database", {}, {}, "eu-west"}, Point{0, 0});
    t.addNode(Node{"app", "app_server", {}, {}, "eu-west"}, Point{300, 0});
    t.addNode(Node{"report", "app_server", {}, {}, "us-east"}, Point{600, 0});
    t.addLink({{"app", "out"}, {"db", "in"}});
    t.addLink({{"report", "out"}, {"app", "in"}});
    Policy p{"eu-only", "data-residency", {}};
    p.fields["regions"] = Value(ValueList{Value("eu-west")});
    p.fields["applies-to"] = Value(ValueMap{{"tiers", Value(ValueList{Value("data")})}});
    t.policies[p.id] = p;
    test::Canvas canvas;
    canvas.document->reset(t);
    const auto found = checkTopology(canvas.document->topology(), canvas.document->catalog());
    const auto it = std::find_if(found.begin(), found.end(), [](const Diagnostic &d) { return d.rule == "SP-RESIDENCY"; });
    ASSERT_NE(it, found.end());
    const FindingPath path = findingPath(*it, canvas.document->topology());
    EXPECT_EQ(path.nodes, (std::vector<std::string>{"db", "app", "report"}));
    EXPECT_EQ(path.links.size(), 2u);
    HighlightOverlay overlay(canvas.scene.get());
    overlay.setPath(path.nodes, path.links);
    EXPECT_TRUE(overlay.isVisible());
    EXPECT_TRUE(overlay.boundingRect().contains(canvas.scene->nodeItem("report")->sceneBoundingRect().center()));
}

TEST(PlaceDialog, AppliesTheProposedPlacementAsOneUndoStep)
{
    QTemporaryDir dir;
    Document doc;
    ASSERT_TRUE(doc.load(copyRegionClosing(dir), nullptr));
    ASSERT_FALSE(doc.providers().empty());
    const std::string original = writeDescriptor(doc.topology());
    PlaceDialog dialog(&doc);
    dialog.show();
    QSignalSpy finished(&dialog, &PlaceDialog::finishedRun);
    dialog.findChild<QPushButton *>(QStringLiteral("run"))->click();
    EXPECT_TRUE(dialog.isRunning());
    ASSERT_TRUE(finished.wait(60000));
    const auto &o = dialog.outcome();
    ASSERT_TRUE(o.feasible);
    // Everything in the closing us-northwest must move; the pinned db stays.
    EXPECT_TRUE(o.moves.count("app"));
    EXPECT_FALSE(o.changed.count("db"));
    EXPECT_GT(dialog.proposal()->topLevelItemCount(), 0);
    const int steps = doc.undoStack()->count();
    dialog.findChild<QPushButton *>(QStringLiteral("apply"))->click();
    EXPECT_EQ(doc.undoStack()->count(), steps + 1);
    for (const auto &[id, placement] : o.changed)
        EXPECT_EQ(doc.topology().node(id)->placement, placement) << id;
    EXPECT_NE(doc.topology().node("app")->placement.region, "us-northwest");
    const std::string placed = writeDescriptor(doc.topology());
    doc.undoStack()->undo();
    EXPECT_EQ(writeDescriptor(doc.topology()), original);
    doc.undoStack()->redo();
    EXPECT_EQ(writeDescriptor(doc.topology()), placed);
}

TEST(PlaceDialog, ACancelledRunChangesNothing)
{
    QTemporaryDir dir;
    Document doc;
    ASSERT_TRUE(doc.load(copyRegionClosing(dir), nullptr));
    PlaceDialog dialog(&doc);
    QSignalSpy finished(&dialog, &PlaceDialog::finishedRun);
    dialog.start();
    ASSERT_TRUE(dialog.isRunning());
    dialog.findChild<QPushButton *>(QStringLiteral("cancel"))->click();
    EXPECT_FALSE(dialog.isRunning());
    EXPECT_FALSE(finished.wait(3000)); // the worker's result is dropped
    EXPECT_FALSE(dialog.outcome().ran);
    EXPECT_FALSE(dialog.apply());
    EXPECT_EQ(doc.undoStack()->count(), 0);
}

TEST(CostPanel, FollowsEveryEdit)
{
    QTemporaryDir dir;
    Document doc;
    ASSERT_TRUE(doc.load(copyRegionClosing(dir), nullptr));
    CostPanel panel(&doc);
    ASSERT_TRUE(panel.total().has_value());
    const double before = *panel.total();
    EXPECT_GT(before, 0);
    QSignalSpy changed(&panel, &CostPanel::totalChanged);
    doc.setReplicas("app", 3); // app runs on a fixed size: three cost three times one
    QApplication::processEvents();
    ASSERT_TRUE(panel.total().has_value());
    EXPECT_GT(*panel.total(), before);
    EXPECT_GE(changed.count(), 1);
    doc.undoStack()->undo();
    QApplication::processEvents();
    EXPECT_DOUBLE_EQ(*panel.total(), before);
    // Without profiles there is no figure, and it says why.
    doc.setProviders({});
    QApplication::processEvents();
    EXPECT_FALSE(panel.total().has_value());
}

TEST(Inspector, PlacementOfANodeAndItsZoneAndTheRequirements)
{
    QTemporaryDir dir;
    test::Canvas canvas;
    Document &doc = *canvas.document;
    ASSERT_TRUE(doc.load(copyRegionClosing(dir), nullptr));
    InspectorWidget inspector(&doc, canvas.scene.get());
    inspector.show();
    canvas.scene->selectOnly({"app"}, {});
    QApplication::processEvents();
    EXPECT_NE(inspector.editor(QStringLiteral("placement:closing")), nullptr); // us-northwest is closing
    auto *region = qobject_cast<QComboBox *>(inspector.editor(QStringLiteral("placement:region")));
    ASSERT_NE(region, nullptr);
    EXPECT_EQ(region->currentData().toString(), QStringLiteral("us-northwest"));
    EXPECT_TRUE(canvas.scene->nodeItem("app")->regionClosing());
    const int steps = doc.undoStack()->count();
    region->setCurrentIndex(region->findData(QStringLiteral("us-west")));
    QApplication::processEvents();
    EXPECT_EQ(doc.topology().node("app")->placement.region, "us-west");
    EXPECT_EQ(doc.undoStack()->count(), steps + 1);
    EXPECT_FALSE(canvas.scene->nodeItem("app")->regionClosing());
    EXPECT_EQ(canvas.scene->nodeItem("app")->regionTag(), QStringLiteral("us-west"));
    EXPECT_EQ(inspector.editor(QStringLiteral("placement:closing")), nullptr);

    // A zone's placement: its nodes without one of their own inherit it.
    const std::string zone = doc.addZone("Edge", {"fw"});
    Node fw = *doc.topology().node("fw");
    doc.setNodePlacement("fw", Placement{});
    doc.setZonePlacement(zone, Placement{"acme", "us-west", "", true});
    QApplication::processEvents();
    canvas.scene->selectOnly({"fw"}, {});
    QApplication::processEvents();
    auto *inherited = qobject_cast<QLabel *>(inspector.editor(QStringLiteral("placement:inherited")));
    ASSERT_NE(inherited, nullptr);
    EXPECT_TRUE(inherited->text().contains(QStringLiteral("acme/us-west")));
    EXPECT_EQ(canvas.scene->nodeItem("fw")->regionTag(), QStringLiteral("us-west"));
    // An unpinned node in a pinned zone runs where the zone says (as the
    // placement model reads it): lb leaves the closing region with it.
    ASSERT_FALSE(doc.topology().node("lb")->placement.pinned);
    ASSERT_TRUE(canvas.scene->nodeItem("lb")->regionClosing());
    doc.setZone({"lb"}, zone);
    QApplication::processEvents();
    EXPECT_EQ(canvas.scene->nodeItem("lb")->regionTag(), QStringLiteral("us-west"));
    EXPECT_FALSE(canvas.scene->nodeItem("lb")->regionClosing());

    // The topology's page: the money budget, one step, undone to the file.
    canvas.scene->selectOnly({}, {});
    QApplication::processEvents();
    const std::string before = writeDescriptor(doc.topology());
    auto *monthly = qobject_cast<QLineEdit *>(inspector.editor(QStringLiteral("budgetMonthly")));
    ASSERT_NE(monthly, nullptr);
    monthly->setText(QStringLiteral("900 USD"));
    emit monthly->editingFinished();
    QApplication::processEvents();
    EXPECT_EQ(doc.topology().budget.extra.at("monthly").toString(), "900 USD");
    auto *throughput = qobject_cast<QLineEdit *>(inspector.editor(QStringLiteral("throughput")));
    ASSERT_NE(throughput, nullptr);
    throughput->setText(QStringLiteral("2Gbps"));
    emit throughput->editingFinished();
    QApplication::processEvents();
    EXPECT_EQ(doc.topology().requirements.at("throughput").toString(), "2Gbps");
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    EXPECT_EQ(writeDescriptor(doc.topology()), before);
}
