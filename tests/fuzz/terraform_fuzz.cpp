// libFuzzer target: the Terraform importer (exporters/terraformreader.cpp and
// its JSON reader in terraformsyntax.cpp) on arbitrary bytes; see
// import_fuzz.h for what must hold. What imports is also exported as a
// directory, in both syntaxes, and the JSON files must parse again.
#include "import_fuzz.h"
#include "terraform.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const std::unique_ptr<sky::Format> format = sky::makeTerraformFormat();
    sky::fuzz::importOne(*format, data, size);
    sky::Topology t;
    std::vector<sky::Diagnostic> diagnostics;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    if (!format->read(text, "fuzz.in", sky::Catalog::builtin(), t, diagnostics))
        return 0;
    for (const bool json : {false, true}) {
        sky::WriteOptions options;
        options.provider = "aws";
        options.region = "eu-west-1";
        options.json = json;
        std::vector<sky::OutputFile> files;
        std::string error;
        std::vector<sky::Diagnostic> warnings;
        if (!format->writeFiles(t, sky::Catalog::builtin(), options, files, error, warnings))
            continue;
        for (const sky::OutputFile &f : files) {
            if (f.name.size() < 5 || f.name.compare(f.name.size() - 5, 5, ".json") != 0)
                continue;
            sky::Value v;
            std::vector<sky::Diagnostic> d;
            if (!sky::tf::parseJson(f.text, f.name, v, d))
                std::abort(); // the writer wrote JSON its own reader cannot read
        }
    }
    return 0;
}
