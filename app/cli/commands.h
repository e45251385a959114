#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace sky::cli {

// Exit codes, as diff(1) and linters use them.
enum ExitCode { Fine = 0, Found = 1, Failed = 2 };

struct ValidateOptions
{
    std::vector<std::string> files;
    std::string format = "text";
    bool strict = false;
};
int runValidate(const ValidateOptions &options);

struct FmtOptions
{
    std::vector<std::string> files;
    bool check = false;
};
int runFmt(const FmtOptions &options);

struct CatalogOptions
{
    std::string type;
    std::vector<std::string> extraCatalogs;
};
int runCatalog(const CatalogOptions &options);

} // namespace sky::cli
