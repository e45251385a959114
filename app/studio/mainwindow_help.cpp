// Help → Keyboard Shortcuts and Help → Rules Reference: what a user of a
// diagram tool looks for in the first half hour. The shortcuts are read from
// the window's own actions and the rules from the table `skyplan rules`
// prints, so neither can drift from what the program does.
#include "mainwindow.h"

#include "checks.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace sky {

namespace {

// A non-modal dialog that deletes itself: the reference stays open beside
// the canvas while the user works.
QDialog *helpDialog(QWidget *parent, const QString &title, const QString &objectName, QWidget *content)
{
    auto *dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(objectName);
    dialog->setWindowTitle(title);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(content);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->resize(640, 560);
    return dialog;
}

void collect(const QMenu *menu, const QString &path, QList<QPair<QString, QString>> &rows)
{
    for (const QAction *a : menu->actions()) {
        if (a->isSeparator())
            continue;
        const QString name = path + QString(a->text()).remove(u'&');
        if (a->menu()) {
            collect(a->menu(), name + QStringLiteral(" → "), rows);
            continue;
        }
        QStringList keys;
        for (const QKeySequence &k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        if (!keys.isEmpty())
            rows.append({name, keys.join(QStringLiteral(", "))});
    }
}

} // namespace

QDialog *MainWindow::showShortcuts()
{
    QList<QPair<QString, QString>> rows;
    for (const QAction *a : menuBar()->actions())
        if (a->menu())
            collect(a->menu(), QString(a->text()).remove(u'&') + QStringLiteral(" → "), rows);
    // What the canvas itself handles, without a menu entry.
    rows.append({tr("Canvas → Zoom in / out"), tr("+ / −, Ctrl+wheel")});
    rows.append({tr("Canvas → Move the selection"), tr("Arrow keys (Shift: one pixel at a time)")});
    rows.append({tr("Canvas → Link two terminals"), tr("Drag from an output terminal to an input")});
    rows.append({tr("Canvas → Select several"), tr("Drag a rubber band, or Ctrl+click")});
    auto *table = new QTableWidget(int(rows.size()), 2);
    table->setHorizontalHeaderLabels({tr("Command"), tr("Keys")});
    for (int i = 0; i < rows.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        table->setItem(i, 1, new QTableWidgetItem(rows[i].second));
    }
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    QDialog *dialog = helpDialog(this, tr("Keyboard Shortcuts"), QStringLiteral("shortcutsDialog"), table);
    dialog->show();
    return dialog;
}

QDialog *MainWindow::showRulesReference()
{
    auto *browser = new QTextBrowser;
    browser->setObjectName(QStringLiteral("rulesText"));
    browser->setMarkdown(QString::fromStdString(rulesMarkdown()));
    QDialog *dialog = helpDialog(this, tr("Rules Reference"), QStringLiteral("rulesDialog"), browser);
    dialog->show();
    return dialog;
}

} // namespace sky
