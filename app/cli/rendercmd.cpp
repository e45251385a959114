// skyplan render FILE -o OUT.svg|.png: the topology drawn as the designer's
// canvas draws it, for READMEs and pull requests; with --diff OLD NEW, the
// comparison the designer's compare view shows (added in green, removed as
// red ghosts, changed in amber). Links the widgets library (issue 5 allows
// it for this command only) and runs Qt on the offscreen platform.
#include "commands.h"
#include "formats.h"
#include "output.h"
#include "providers.h"

#include "canvasscene.h"
#include "catalog.h"
#include "comparison.h"
#include "descriptor.h"
#include "document.h"
#include "scenerender.h"
#include "yamltree.h"

#include <CLI/CLI.hpp>

#include <QApplication>

#include <iostream>
#include <memory>

namespace sky::cli {

namespace {

struct RenderOptions
{
    std::vector<std::string> files;
    std::string output;
    std::string from;
    std::string title;
    double scale = 1.0;
    bool diff = false;
    bool force = false;
};

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Reads a topology in any readable format (--from, else by extension, else
// native). Diagnostics go to stderr; false when it is not readable.
bool loadAny(const std::string &path, const std::string &forced, Topology &topology)
{
    LoadedTopology loaded = loadTopology(path, path, path, forced);
    if (!loaded.error.empty()) {
        std::cerr << loaded.error << '\n';
        return false;
    }
    if (!loaded.readable || hasErrors(loaded.diagnostics)) {
        printText(std::cerr, loaded.diagnostics);
        std::cerr << path << ": not readable as a topology: fix the errors above\n";
        return false;
    }
    topology = std::move(loaded.topology);
    return true;
}

// Qt needs an application object for fonts and palettes; the command line
// has no display, so the offscreen platform unless the caller chose one.
std::unique_ptr<QApplication> startQt()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "skyplan";
    static char *argv[] = {name, nullptr};
    return std::make_unique<QApplication>(argc, argv);
}

// "cost a month: 584.80 → 610.35 USD (+25.55)" when either side names
// provider profiles (each priced by its own), else empty.
QString costLegend(const Topology &before, const std::string &beforePath, const Topology &after,
                   const std::string &afterPath)
{
    std::vector<Diagnostic> problems;
    const Catalog cb = catalogFor(before, beforePath, problems);
    const Catalog ca = catalogFor(after, afterPath, problems);
    const ProviderSet pb = before.providers.empty() ? ProviderSet{} : loadProviders(before.providers, beforePath, problems);
    const ProviderSet pa = after.providers.empty() ? ProviderSet{} : loadProviders(after.providers, afterPath, problems);
    printText(std::cerr, problems);
    const std::optional<CostDelta> d = costDeltaOf(before, cb, pb, after, ca, pa);
    if (!d)
        return {};
    return QStringLiteral("cost a month: %1 → %2 %3 (%4)")
        .arg(QString::fromStdString(formatMoney(d->before)), QString::fromStdString(formatMoney(d->after)),
             QString::fromStdString(d->currency), QString::fromStdString(formatMoneyDelta(d->delta())));
}

int render(const RenderOptions &o)
{
    if (o.diff != (o.files.size() == 2)) {
        std::cerr << "skyplan render: give one FILE, or --diff OLD NEW\n";
        return Failed;
    }
    if (!endsWith(o.output, ".svg") && !endsWith(o.output, ".png")) {
        std::cerr << "skyplan render: -o must name a .svg or .png file\n";
        return Failed;
    }
    Topology shown;
    CompareMarks marks;
    QString title = QString::fromStdString(o.title);
    QString costNote;
    if (o.diff) {
        Topology before, after;
        if (!loadAny(o.files[0], o.from, before) || !loadAny(o.files[1], o.from, after))
            return Failed;
        placeUnplacedNodes(before);
        placeUnplacedNodes(after);
        costNote = costLegend(before, o.files[0], after, o.files[1]);
        Comparison c = compareTopologies(before, after);
        shown = std::move(c.shown);
        marks = std::move(c.marks);
        if (title.isEmpty())
            title = QStringLiteral("%1 → %2: %3 change(s), %4 move(s)")
                        .arg(QString::fromStdString(o.files[0]), QString::fromStdString(o.files[1]))
                        .arg(c.diff.changes.size())
                        .arg(c.diff.moves.size());
    } else {
        if (!loadAny(o.files[0], o.from, shown))
            return Failed;
        placeUnplacedNodes(shown);
    }

    const auto app = startQt();
    Document document;
    document.reset(std::move(shown));
    CanvasScene scene(&document);
    scene.setMarks(marks);
    sky::RenderOptions options;
    options.scale = o.scale;
    options.title = title;
    options.legend = o.diff;
    options.legendNote = costNote;
    QString error;
    if (!renderSceneToFile(scene, QString::fromStdString(o.output), options, &error)) {
        std::cerr << "skyplan render: " << error.toStdString() << '\n';
        return Failed;
    }
    return Fine;
}

} // namespace

void addRenderCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<RenderOptions>();
    CLI::App *cmd = app.add_subcommand(
        "render", "Draw a topology (or, with --diff, the changes between two) as the designer does, to SVG or PNG");
    cmd->add_option("files", options->files, "FILE, or OLD NEW with --diff (any readable format)")
        ->required()
        ->expected(1, 2);
    cmd->add_option("-o,--output", options->output, "The picture: OUT.svg or OUT.png")->required();
    cmd->add_flag("--diff", options->diff, "Compare OLD and NEW: added green, removed red ghosts, changed amber");
    cmd->add_option("--from", options->from, "Read the input(s) as this format (default: by extension)");
    cmd->add_option("--title", options->title, "A title drawn at the top");
    cmd->add_option("--scale", options->scale, "PNG pixels per canvas unit (default 1; capped at 16384 px a side)")
        ->check(CLI::Range(0.05, 8.0));
    cmd->callback([options, &exitCode] { exitCode = render(*options); });
}

} // namespace sky::cli
