// libFuzzer target: the Kubernetes manifest importer
// (exporters/kubernetesreader.cpp) on arbitrary bytes; see import_fuzz.h for
// what must hold (no crash, hang or leak; an import without errors exports
// again and saves natively as the same topology).
#include "import_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const std::unique_ptr<sky::Format> format = sky::makeKubernetesFormat();
    return sky::fuzz::importOne(*format, data, size);
}
