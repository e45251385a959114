// libFuzzer target: the Docker Compose importer (exporters/composereader.cpp)
// on arbitrary bytes; see import_fuzz.h for what must hold.
#include "import_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const std::unique_ptr<sky::Format> format = sky::makeComposeFormat();
    return sky::fuzz::importOne(*format, data, size);
}
