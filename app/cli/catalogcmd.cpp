#include "catalog.h"
#include "commands.h"
#include "output.h"
#include "quantity.h"

#include <CLI/CLI.hpp>

#include <iomanip>
#include <iostream>
#include <memory>

namespace sky::cli {

namespace {

std::string join(const std::vector<std::string> &items, const char *sep = ", ")
{
    std::string s;
    for (const std::string &i : items)
        s += (s.empty() ? "" : sep) + i;
    return s;
}

void describe(const ComponentType &t)
{
    std::cout << t.id << ": " << t.name << " (" << tierName(t.tier) << (t.entry ? ", entry point" : "") << ")\n";
    if (!t.description.empty())
        std::cout << "  " << t.description << "\n";
    std::cout << "\nterminals:\n";
    for (const TerminalType &term : t.terminals)
        std::cout << "  " << std::left << std::setw(10) << term.name << std::setw(4) << directionName(term.direction)
                  << join(term.protocols) << "; links: "
                  << (term.maxLinks ? std::to_string(term.maxLinks) : std::string("many"))
                  << (term.mandatory ? "; mandatory" : "") << '\n';
    std::cout << "\nproperties:\n";
    for (const PropertySchema &p : t.properties) {
        std::cout << "  " << std::left << std::setw(18) << p.name << ' ' << propertyKindName(p.kind);
        if (p.kind == PropertyKind::Enum)
            std::cout << " (" << join(p.values, "|") << ")";
        if (p.kind == PropertyKind::List)
            std::cout << " of " << propertyKindName(p.itemKind);
        if (p.secret)
            std::cout << ", secret";
        if (p.required)
            std::cout << ", required";
        if (p.defaultValue)
            std::cout << ", default " << p.defaultValue->display();
        if (p.min || p.max) {
            const auto show = [&](double v) {
                return p.kind == PropertyKind::Size        ? formatSize(std::uint64_t(v))
                       : p.kind == PropertyKind::Bandwidth ? formatBandwidth(std::uint64_t(v))
                                                           : formatNumber(v);
            };
            std::cout << ", range " << (p.min ? show(*p.min) : "") << ".." << (p.max ? show(*p.max) : "");
        }
        std::cout << '\n';
    }
    std::cout << "\nresources (min / default / max):\n"
              << "  cpu        " << formatNumber(t.cpu.min) << " / " << formatNumber(t.cpu.defaultValue) << " / "
              << formatNumber(t.cpu.max) << " cores\n"
              << "  memory     " << formatSize(std::uint64_t(t.memory.min)) << " / "
              << formatSize(std::uint64_t(t.memory.defaultValue)) << " / " << formatSize(std::uint64_t(t.memory.max)) << '\n'
              << "  bandwidth  " << formatBandwidth(std::uint64_t(t.bandwidth.min)) << " / "
              << formatBandwidth(std::uint64_t(t.bandwidth.defaultValue)) << " / "
              << formatBandwidth(std::uint64_t(t.bandwidth.max)) << '\n';
}

struct CatalogOptions
{
    std::string type;
    std::vector<std::string> extraCatalogs;
};

int runCatalog(const CatalogOptions &options)
{
    Catalog catalog = Catalog::builtin();
    std::vector<Diagnostic> problems;
    for (const std::string &file : options.extraCatalogs)
        catalog.loadFile(file, problems);
    printText(std::cerr, problems);
    if (hasErrors(problems))
        return Failed;
    if (!options.type.empty()) {
        const ComponentType *t = catalog.type(options.type);
        if (!t) {
            std::cerr << "skyplan: no component type '" << options.type << "' (see 'skyplan catalog')\n";
            return Failed;
        }
        describe(*t);
        return Fine;
    }
    for (Tier tier : allTiers()) {
        std::cout << tierName(tier) << ":\n";
        for (const auto &[id, t] : catalog.types()) {
            if (t.tier != tier)
                continue;
            std::vector<std::string> terms;
            for (const TerminalType &term : t.terminals)
                terms.push_back(term.name + "(" + std::string(directionName(term.direction)) + ")");
            std::cout << "  " << std::left << std::setw(16) << id << std::setw(22) << t.name << join(terms, " ") << '\n';
        }
    }
    return Fine;
}

} // namespace

void addCatalogCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<CatalogOptions>();
    auto *cmd = app.add_subcommand("catalog", "List the component types, or describe one");
    cmd->add_option("type", options->type, "A type id, e.g. load_balancer");
    cmd->add_option("--catalog", options->extraCatalogs, "Extra catalog files to load");
    cmd->callback([options, &exitCode] { exitCode = runCatalog(*options); });
}

} // namespace sky::cli
