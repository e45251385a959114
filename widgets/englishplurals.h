#pragma once

#include <QTranslator>

namespace sky {

// Skyplan's messages count things Qt's way, tr("%n node(s)", nullptr, n),
// so that a translation can give each language its plural forms. Without
// a translation Qt shows the source text: "1 node(s)", "8 node(s)". This
// translator is the English one, without a .qm file to build and ship: it
// resolves "(s)" for n (no "s" for exactly one) and leaves every other
// text to Qt. Install it once, on the application.
class EnglishPlurals : public QTranslator
{
public:
    using QTranslator::QTranslator;
    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
                      int n = -1) const override;
    bool isEmpty() const override { return false; }
};

} // namespace sky
