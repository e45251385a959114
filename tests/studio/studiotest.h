#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QTimer>

#include <functional>

namespace sky::test {

inline QString examplePath(const char *name)
{
    return QStringLiteral(SKYPLAN_EXAMPLES "/") + QLatin1String(name);
}

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
