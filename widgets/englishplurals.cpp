#include "englishplurals.h"

#include <cstring>

namespace sky {

QString EnglishPlurals::translate(const char *, const char *sourceText, const char *, int n) const
{
    // A null QString: "not translated here", and Qt uses the source text.
    if (n < 0 || !sourceText || !std::strstr(sourceText, "(s)"))
        return {};
    QString text = QString::fromUtf8(sourceText);
    text.replace(QStringLiteral("(s)"), n == 1 ? QString() : QStringLiteral("s"));
    return text;
}

} // namespace sky
