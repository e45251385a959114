#include "inspectorwidget.h"
#include "problemswidget.h"
#include "testutil.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTreeWidget>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace sky;
using sky::test::Canvas;

namespace {

struct Inspected : Canvas
{
    Inspected()
        : inspector(document.get(), scene.get())
    {
        QString error;
        EXPECT_TRUE(document->load(test::examplePath("webshop.sky.yaml"), &error)) << error.toStdString();
        inspector.show();
    }
    void select(const std::vector<std::string> &nodes, const std::vector<std::string> &links = {})
    {
        scene->selectOnly(nodes, links);
        QApplication::processEvents(); // the form is rebuilt deferred
    }
    template<typename T>
    T *editor(const char *name) const
    {
        return qobject_cast<T *>(inspector.editor(QLatin1String(name)));
    }
    const Node &node(const std::string &id) const { return *document->topology().node(id); }

    InspectorWidget inspector;
};

} // namespace

TEST(Inspector, IntegerPropertiesUseASpinBoxWithTheSchemaRange)
{
    Inspected i;
    i.select({"app"});
    auto *port = i.editor<QSpinBox>("property:port");
    ASSERT_NE(port, nullptr);
    EXPECT_EQ(port->maximum(), 65535);
    EXPECT_EQ(port->minimum(), 0); // one below the schema's 1: "default"
    EXPECT_EQ(port->value(), 8080);
    port->setValue(9090);
    EXPECT_EQ(i.node("app").properties.at("port"), Value(9090));
    port->setValue(port->minimum());
    EXPECT_EQ(i.node("app").properties.count("port"), 0u); // back to the default
    i.document->undoStack()->undo(); // the two edits merged into one step
    EXPECT_EQ(i.node("app").properties.at("port"), Value(8080));
}

TEST(Inspector, EnumPropertiesUseAComboBox)
{
    Inspected i;
    i.select({"lb"});
    auto *algorithm = i.editor<QComboBox>("property:algorithm");
    ASSERT_NE(algorithm, nullptr);
    EXPECT_EQ(algorithm->currentText(), QStringLiteral("least_conn"));
    const int index = algorithm->findText(QStringLiteral("round_robin"));
    ASSERT_GT(index, 0);
    algorithm->setCurrentIndex(index);
    EXPECT_EQ(i.node("lb").properties.at("algorithm"), Value("round_robin"));
    i.document->undoStack()->undo();
    EXPECT_EQ(i.node("lb").properties.at("algorithm"), Value("least_conn"));
}

TEST(Inspector, SecretsAreEditedAsReferencesNeverLiterals)
{
    Inspected i;
    i.select({"db"});
    QWidget *box = i.inspector.editor(QStringLiteral("property:password"));
    ASSERT_NE(box, nullptr);
    auto *name = box->findChild<QLineEdit *>(QStringLiteral("secretName"));
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->text(), QStringLiteral("WEBSHOP_DB_PASSWORD"));
    name->setText(QStringLiteral("ORDERS_DB_PASSWORD"));
    emit name->editingFinished();
    EXPECT_EQ(i.node("db").properties.at("password"), Value::secret("ORDERS_DB_PASSWORD"));
    QString literal = QStringLiteral("hunter 2");
    int cursor = 0;
    EXPECT_EQ(name->validator()->validate(literal, cursor), QValidator::Invalid);
}

TEST(Inspector, RenamingThroughTheIdFieldKeepsTheNodeSelected)
{
    Inspected i;
    i.select({"db"});
    auto *id = i.editor<QLineEdit>("id");
    ASSERT_NE(id, nullptr);
    id->setText(QStringLiteral("cache")); // taken: refused, explained
    emit id->editingFinished();
    EXPECT_NE(i.document->topology().node("db"), nullptr);
    id->setText(QStringLiteral("orders"));
    emit id->editingFinished();
    EXPECT_EQ(i.document->topology().node("db"), nullptr);
    EXPECT_GE(i.document->topology().linkIndex({"app", "out"}, {"orders", "in"}), 0);
    EXPECT_EQ(i.scene->selectedNodeIds(), std::vector<std::string>{"orders"});
}

TEST(Inspector, ReplicasAndLinkPortsAreUndoable)
{
    Inspected i;
    i.select({"web"});
    auto *replicas = i.editor<QSpinBox>("replicas");
    ASSERT_NE(replicas, nullptr);
    replicas->setValue(5);
    EXPECT_EQ(i.node("web").replicas, 5);
    i.select({}, {"lb.out -> web.in"});
    auto *port = i.editor<QSpinBox>("port");
    ASSERT_NE(port, nullptr);
    EXPECT_EQ(port->value(), 8080);
    port->setValue(8443);
    EXPECT_EQ(i.document->findLink("lb.out -> web.in")->port, 8443);
    i.document->undoStack()->undo();
    i.document->undoStack()->undo();
    EXPECT_EQ(i.document->findLink("lb.out -> web.in")->port, 8080);
    EXPECT_EQ(i.node("web").replicas, 3);
}

TEST(Problems, AreRecheckedAfterAnEditAndSelectTheirSubjects)
{
    Inspected i;
    ProblemsWidget problems(i.document.get());
    QSignalSpy checked(&problems, &ProblemsWidget::diagnosticsChanged);
    ASSERT_TRUE(checked.wait(5000));
    const auto before = problems.diagnostics().size();
    // A worker with no image (a required property) must be reported.
    const std::string id = i.document->addNode("worker", QPointF(1200, 400));
    ASSERT_TRUE(checked.wait(5000));
    const auto &found = problems.diagnostics();
    EXPECT_GT(found.size(), before);
    const auto it = std::find_if(found.begin(), found.end(), [&](const Diagnostic &d) {
        return std::find(d.subjects.begin(), d.subjects.end(), id) != d.subjects.end();
    });
    ASSERT_NE(it, found.end());
    QSignalSpy activated(&problems, &ProblemsWidget::subjectsActivated);
    QTreeWidgetItem *row = problems.rowOf(std::size_t(it - found.begin()));
    ASSERT_NE(row, nullptr);
    emit problems.tree()->itemClicked(row, 0);
    ASSERT_EQ(activated.count(), 1);
    const auto subjects = activated.at(0).at(0).value<std::vector<std::string>>();
    EXPECT_NE(std::find(subjects.begin(), subjects.end(), id), subjects.end());
}

TEST(Inspector, WhatAnImportKeptIsShownReadOnlyUnderItsFormat)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kept.sky.yaml"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("skyplan: 1\nname: kept\nnodes:\n  app:\n    type: app_server\n    properties: {image: \"shop/app:1\"}\n"
               "    compose:\n      cap_add: [NET_ADMIN]\n      environment: {DB_HOST: db, TAG: \"${TAG:-1}\"}\n"
               "      x-skyplan-zone: front\n");
    file.close();
    Canvas c;
    InspectorWidget inspector(c.document.get(), c.scene.get());
    QString error;
    ASSERT_TRUE(c.document->load(path, &error)) << error.toStdString();
    inspector.show();
    c.scene->selectOnly({"app"}, {});
    QApplication::processEvents();
    QStringList texts;
    for (const QLabel *label : inspector.findChildren<QLabel *>()) {
        if (label->isVisibleTo(&inspector))
            texts << label->text();
    }
    EXPECT_TRUE(texts.contains(QStringLiteral("Kept from Compose"))) << texts.join(u'|').toStdString();
    EXPECT_TRUE(texts.contains(QStringLiteral("[NET_ADMIN]"))) << texts.join(u'|').toStdString();
    EXPECT_TRUE(texts.contains(QStringLiteral("{DB_HOST: db, TAG: \"${TAG:-1}\"}"))) << texts.join(u'|').toStdString();
    EXPECT_FALSE(texts.contains(QStringLiteral("x-skyplan-zone"))) << "Skyplan's bookkeeping is not the file's";
    // Read only: nothing there takes text input.
    for (const QLabel *label : inspector.findChildren<QLabel *>()) {
        if (label->text() == QStringLiteral("[NET_ADMIN]")) {
            EXPECT_FALSE(label->textInteractionFlags() & Qt::TextEditable);
        }
    }
}
