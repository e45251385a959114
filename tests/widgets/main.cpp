#include "englishplurals.h"

#include <QApplication>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    // CTest sets QT_QPA_PLATFORM=offscreen; test discovery at build time
    // runs without it, and there is no display there either.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    ::testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("skyplan-widgets-tests"));
    sky::EnglishPlurals plurals;
    QApplication::installTranslator(&plurals);
    return RUN_ALL_TESTS();
}
