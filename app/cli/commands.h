#pragma once

namespace CLI {
class App;
}

namespace sky::cli {

// Exit codes, as diff(1) and linters use them.
enum ExitCode { Fine = 0, Found = 1, Failed = 2 };

// Each command lives in its own file and adds itself to the app here; its
// callback stores the command's exit code in `exitCode`.
void addValidateCommand(CLI::App &app, int &exitCode);
void addFmtCommand(CLI::App &app, int &exitCode);
void addCatalogCommand(CLI::App &app, int &exitCode);
void addGenerateCommand(CLI::App &app, int &exitCode);
void addRulesCommand(CLI::App &app, int &exitCode);
void addExportCommand(CLI::App &app, int &exitCode);
void addImportCommand(CLI::App &app, int &exitCode);
void addDiffCommand(CLI::App &app, int &exitCode);
void addMergeCommand(CLI::App &app, int &exitCode);
void addPlaceCommand(CLI::App &app, int &exitCode);
void addCostCommand(CLI::App &app, int &exitCode);
#ifdef SKYPLAN_HAVE_RENDER
void addRenderCommand(CLI::App &app, int &exitCode); // links the widgets library
#endif

} // namespace sky::cli
