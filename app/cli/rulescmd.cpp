#include "checks.h"
#include "commands.h"

#include <CLI/CLI.hpp>

#include <iomanip>
#include <iostream>
#include <memory>

namespace sky::cli {

namespace {

struct RulesOptions
{
    std::string rule;
    bool markdown = false;
};

int runRules(const RulesOptions &options)
{
    if (options.markdown) {
        std::cout << rulesMarkdown();
        return Fine;
    }
    if (!options.rule.empty()) {
        const RuleInfo *r = findRule(options.rule);
        if (!r) {
            std::cerr << "skyplan: no rule '" << options.rule << "' (see 'skyplan rules')\n";
            return Failed;
        }
        std::cout << r->id << " (" << severityName(r->severity) << (r->configurable ? "" : ", fixed") << "): "
                  << r->title << "\n\n" << r->explanation << "\n\nFix: " << r->hint.view() << ".\n";
        return Fine;
    }
    for (const RuleInfo &r : allRules()) {
        std::cout << std::left << std::setw(20) << r.id << std::setw(9) << severityName(r.severity) << r.title
                  << (r.configurable ? "" : " (fixed)") << "\n    " << r.explanation << "\n    Fix: " << r.hint.view()
                  << ".\n";
    }
    return Fine;
}

} // namespace

void addRulesCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<RulesOptions>();
    auto *cmd = app.add_subcommand("rules", "List every check with its id, severity and explanation");
    cmd->add_option("rule", options->rule, "One rule id, e.g. SP-SPOF");
    cmd->add_flag("--markdown", options->markdown, "Print docs/RULES.md");
    cmd->callback([options, &exitCode] { exitCode = runRules(*options); });
}

} // namespace sky::cli
