#include "formats.h"

#include "allformats.h"
#include "format.h"

namespace sky::cli {

const FormatRegistry &formats()
{
    static const FormatRegistry registry = [] {
        FormatRegistry r;
        r.add(makeNativeFormat());
        r.add(makeToscaFormat());
        r.add(makeComposeFormat());
        r.add(makeAdlFormat());
        r.add(makeDotFormat());
        return r;
    }();
    return registry;
}

} // namespace sky::cli
