#include "format.h"
#include "allformats.h"

#include "descriptor.h"

namespace sky {

namespace {

class NativeFormat : public Format
{
public:
    std::string name() const override { return "skyplan"; }
    std::string description() const override { return "Skyplan topology (native, format 1)"; }
    std::string extension() const override { return ".sky.yaml"; }
    bool canRead() const override { return true; }
    bool canWrite() const override { return true; }
    bool write(const Topology &t, const Catalog &, std::string &out, std::string &) const override
    {
        out = writeDescriptor(t);
        return true;
    }
    bool read(std::string_view text, const std::string &file, const Catalog &, Topology &out,
              std::vector<Diagnostic> &diagnostics) const override
    {
        ReadResult r = readDescriptor(text, file);
        diagnostics.insert(diagnostics.end(), r.diagnostics.begin(), r.diagnostics.end());
        out = std::move(r.topology);
        return r.readable && !hasErrors(r.diagnostics);
    }
};

} // namespace

std::unique_ptr<Format> makeNativeFormat()
{
    return std::make_unique<NativeFormat>();
}

} // namespace sky
