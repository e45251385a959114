#pragma once

#include "document.h"
#include "mainwindow.h"
#include "topology.h"

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

#include <functional>

namespace sky::test {

inline QString examplePath(const char *name)
{
    return QStringLiteral(SKYPLAN_EXAMPLES "/") + QLatin1String(name);
}

// An example copied into `dir` (as shop.sky.yaml unless named), to be
// opened, edited and saved without touching the original.
inline QString copyExample(const QTemporaryDir &dir, const char *example = "webshop.sky.yaml",
                           const char *name = "shop.sky.yaml")
{
    const QString path = dir.filePath(QLatin1String(name));
    EXPECT_TRUE(QFile::copy(examplePath(example), path)) << path.toStdString();
    return path;
}

// A shown designer window, thrown away at the end with whatever it holds.
struct Window
{
    Window() : window(new MainWindow) { window->show(); }
    ~Window()
    {
        window->setAttribute(Qt::WA_DeleteOnClose, false);
        // Closing asks about unsaved work; these tests throw it away.
        window->document()->reset(Topology{});
        delete window;
    }
    Window(const Window &) = delete;
    Window &operator=(const Window &) = delete;
    MainWindow *window;
};

// Runs the event loop until `done` or `ms` pass.
inline bool waitFor(const std::function<bool()> &done, int ms = 5000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > ms)
            return false;
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

// Answers the next message box that opens (as a user would, with `button`)
// and keeps its text in `*seen`.
inline void answerNextMessageBox(QMessageBox::StandardButton button, QString *seen = nullptr,
                                 const QString &buttonText = {})
{
    auto *poll = new QTimer;
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, [poll, button, seen, buttonText] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        if (seen)
            *seen = box->text();
        QAbstractButton *target = nullptr;
        if (!buttonText.isEmpty()) {
            for (QAbstractButton *b : box->buttons())
                if (b->text() == buttonText)
                    target = b;
        } else {
            target = box->button(button);
        }
        if (target)
            target->click();
        else
            box->reject();
        poll->stop();
        poll->deleteLater();
    });
    poll->start();
}

} // namespace sky::test
