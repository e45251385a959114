// skyplan diff OLD NEW: what changed in the datacenter, by stable ids, with
// layout moves apart. Also serves git as an external diff (7 or 9 arguments)
// and as a textconv filter (--textconv FILE).
#include "commands.h"
#include "formats.h"
#include "output.h"

#include "catalog.h"
#include "checks.h"
#include "providers.h"
#include "costreport.h"
#include "placement.h"
#include "provider.h"
#include "descriptor.h"
#include "diff.h"
#include "jsonescape.h"
#include "merge.h"
#include "yamltree.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <unistd.h>

namespace sky::cli {

namespace {

struct DiffOptions
{
    std::vector<std::string> files;
    std::string format = "text";
    std::string color = "auto";
    std::string from;
    bool ignoreLayout = false;
    bool noRenames = false;
    bool textconv = false;
    bool cost = false;
};

struct Side
{
    std::string path; // where to read
    std::string name; // how to call it in messages
    Topology topology;
    Catalog catalog;
    ProviderSet providers = {}; // loaded only for the cost and the findings
};

// False (diagnostics printed) when the file cannot be read as a topology.
bool load(Side &side, const std::string &forced, const std::string &nameForFormat)
{
    LoadedTopology loaded = loadTopology(side.path, side.name, nameForFormat, forced);
    if (!loaded.error.empty()) {
        std::cerr << loaded.error << '\n';
        return false;
    }
    side.topology = std::move(loaded.topology);
    std::vector<Diagnostic> catalogProblems;
    side.catalog =
        catalogFor(side.topology, nameForFormat, catalogProblems); // git: the path in the work tree
    // A merged file with unresolved conflicts is still worth comparing.
    std::vector<Diagnostic> &diagnostics = loaded.diagnostics;
    std::erase_if(diagnostics, [](const Diagnostic &d) { return d.rule == "SP-MERGE-CONFLICT"; });
    if (!loaded.readable || hasErrors(diagnostics)) {
        printText(std::cerr, diagnostics);
        std::cerr << side.name << ": not readable as a topology: fix the errors above\n";
        return false;
    }
    return true;
}

// ---------------------------------------------------------------- text

struct Palette
{
    bool on = false;
    const char *add() const { return on ? "\033[32m" : ""; }
    const char *remove() const { return on ? "\033[31m" : ""; }
    const char *change() const { return on ? "\033[33m" : ""; }
    const char *rename() const { return on ? "\033[36m" : ""; }
    const char *dim() const { return on ? "\033[2m" : ""; }
    const char *bold() const { return on ? "\033[1m" : ""; }
    const char *reset() const { return on ? "\033[0m" : ""; }
};

std::string point(const std::optional<Point> &p)
{
    if (!p)
        return "(none)";
    std::ostringstream s;
    s << '(' << p->x << ", " << p->y << ')';
    return s.str();
}

// The conflicts section of a merged file holds the values of both sides,
// secrets included: it is shown as a count, never as values.
bool isConflictRecord(const Change &c, const FieldKey &k)
{
    return c.entity == Entity::Topology && k.group == FieldKey::Group::Extra &&
           k.name == kConflictsKey;
}

std::string conflictCount(const std::optional<Value> &v)
{
    const std::size_t n = v && v->isList() ? v->toList().size() : 0;
    return "<" + std::to_string(n) + (n == 1 ? " conflict>" : " conflicts>");
}

class Report
{
public:
    Report(const TopologyDiff &diff, const Side &before, const Side &after)
        : m_diff(diff)
        , m_before(before)
        , m_after(after)
        , m_secrets({&after.catalog, &before.catalog, &Catalog::builtin()})
    {}

    // The type of a node on either side, to know its secret properties.
    std::string typeOf(const Change &c) const
    {
        if (c.entity != Entity::Node)
            return {};
        if (const Node *n = m_after.topology.node(c.id))
            return n->type;
        const Node *n = m_before.topology.node(c.oldId.empty() ? c.id : c.oldId);
        return n ? n->type : std::string();
    }
    bool secret(const Change &c, const FieldKey &k) const
    {
        return m_secrets.isSecret(c.entity, typeOf(c), k);
    }

    void text(std::ostream &out, const Palette &p) const;
    // With `cost` (set by --cost) a "cost" member: the delta, or null when
    // neither side is priced.
    void json(std::ostream &out, const std::optional<CostDelta> *cost) const;
    void markdown(std::ostream &out, const std::optional<CostDelta> &cost) const;

private:
    const TopologyDiff &m_diff;
    const Side &m_before;
    const Side &m_after;
    SecretPolicy m_secrets;
};

void Report::text(std::ostream &out, const Palette &p) const
{
    out << p.bold() << "--- " << m_before.name << '\n'
        << "+++ " << m_after.name << p.reset() << '\n';
    int added = 0, removed = 0, changed = 0, renamed = 0;
    for (const Change &c : m_diff.changes) {
        const std::string what =
            std::string(entityName(c.entity)) + (c.id.empty() ? "" : " " + c.id);
        switch (c.kind) {
        case Change::Kind::Added: {
            ++added;
            out << p.add() << "+ " << what << p.reset() << '\n';
            for (const FieldChange &f : c.fields)
                out << p.add() << "    " << f.key.text(c.entity) << ": "
                    << (secret(c, f.key) ? "<secret>" : displayValue(*f.after)) << p.reset()
                    << '\n';
            break;
        }
        case Change::Kind::Removed: {
            ++removed;
            std::string type;
            for (const FieldChange &f : c.fields)
                if (c.entity == Entity::Node && f.key.text(c.entity) == "type" && f.before &&
                    f.before->isString())
                    type = " (" + f.before->toString() + ")";
            out << p.remove() << "- " << what << type << p.reset() << '\n';
            break;
        }
        case Change::Kind::Renamed:
            ++renamed;
            out << p.rename() << "> " << entityName(c.entity) << ' ' << c.oldId << " renamed to "
                << c.id << p.reset() << '\n';
            break;
        case Change::Kind::Changed:
            ++changed;
            out << p.change() << "~ " << what << p.reset() << '\n';
            for (const FieldChange &f : c.fields) {
                out << "    " << f.key.text(c.entity) << ": ";
                if (isConflictRecord(c, f.key))
                    out << conflictCount(f.before) << " -> " << conflictCount(f.after);
                else if (secret(c, f.key))
                    out << (!f.before  ? "<secret set>"
                            : !f.after ? "<secret removed>"
                                       : "<secret changed>");
                else
                    out << p.remove() << (f.before ? displayValue(*f.before) : "(unset)")
                        << p.reset() << " -> " << p.add()
                        << (f.after ? displayValue(*f.after) : "(unset)") << p.reset();
                out << '\n';
            }
            break;
        }
    }
    // Positions of nodes added or removed go with the node.
    std::vector<const Move *> moves;
    for (const Move &m : m_diff.moves)
        if (m.before && m.after)
            moves.push_back(&m);
        else if (m_before.topology.nodes.count(m.node) == m_after.topology.nodes.count(m.node) &&
                 m_after.topology.nodes.count(m.node))
            moves.push_back(&m);
    if (!moves.empty() || !m_diff.layoutFields.empty()) {
        out << p.dim() << "layout: " << moves.size() << (moves.size() == 1 ? " node" : " nodes")
            << " moved" << p.reset() << '\n';
        for (const Move *m : moves)
            out << p.dim() << "    " << m->node << ": " << point(m->before) << " -> "
                << point(m->after) << p.reset() << '\n';
        for (const FieldChange &f : m_diff.layoutFields)
            out << p.dim() << "    layout." << f.key.name << ": "
                << (f.before ? displayValue(*f.before) : "(unset)") << " -> "
                << (f.after ? displayValue(*f.after) : "(unset)") << p.reset() << '\n';
    }
    if (m_diff.empty())
        out << "no changes\n";
    else
        out << added << " added, " << removed << " removed, " << changed << " changed, " << renamed
            << " renamed" << (m_diff.sameMeaning() ? " (layout only)" : "") << '\n';
}

// ---------------------------------------------------------------- json

std::string jsonValue(const Value &v)
{
    switch (v.kind()) {
    case Value::Kind::Null:
        return "null";
    case Value::Kind::Bool:
        return v.toBool() ? "true" : "false";
    case Value::Kind::Int:
        return std::to_string(v.toInt());
    case Value::Kind::Number: {
        const double d = v.toDouble();
        if (!std::isfinite(d))
            return "null";
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, d);
        return std::string(buf, r.ptr);
    }
    case Value::Kind::String:
        return jsonString(v.toString());
    case Value::Kind::List: {
        std::string s = "[";
        for (const Value &item : v.toList())
            s += (s.size() > 1 ? "," : "") + jsonValue(item);
        return s + ']';
    }
    case Value::Kind::Map: {
        std::string s = "{";
        for (const auto &[k, item] : v.toMap())
            s += (s.size() > 1 ? "," : "") + jsonString(k) + ':' + jsonValue(item);
        return s + '}';
    }
    }
    return "null";
}

std::string jsonPoint(const Point &p)
{
    return jsonValue(Value(ValueList{Value(p.x), Value(p.y)}));
}

void Report::json(std::ostream &out, const std::optional<CostDelta> *cost) const
{
    out << "{\"old\":" << jsonString(m_before.name) << ",\"new\":" << jsonString(m_after.name)
        << ",\"same\":" << (m_diff.empty() ? "true" : "false")
        << ",\"sameMeaning\":" << (m_diff.sameMeaning() ? "true" : "false") << ",\"changes\":[";
    bool first = true;
    for (const Change &c : m_diff.changes) {
        out << (first ? "" : ",") << "\n  {\"change\":\"" << changeKindName(c.kind)
            << "\",\"entity\":\"" << entityName(c.entity) << "\",\"id\":" << jsonString(c.id);
        first = false;
        if (c.kind == Change::Kind::Renamed)
            out << ",\"oldId\":" << jsonString(c.oldId);
        if (c.entity == Entity::Link)
            out << ",\"from\":" << jsonString(c.link.from.text())
                << ",\"to\":" << jsonString(c.link.to.text());
        out << ",\"fields\":[";
        bool firstField = true;
        for (const FieldChange &f : c.fields) {
            out << (firstField ? "" : ",") << "{\"field\":" << jsonString(f.key.text(c.entity));
            firstField = false;
            if (isConflictRecord(c, f.key)) {
                out << ",\"conflicts\":"
                    << (f.after && f.after->isList() ? f.after->toList().size() : 0);
            } else if (secret(c, f.key)) {
                out << ",\"secret\":true";
            } else {
                if (f.before)
                    out << ",\"old\":" << jsonValue(*f.before);
                if (f.after)
                    out << ",\"new\":" << jsonValue(*f.after);
            }
            out << '}';
        }
        out << "]}";
    }
    out << "],\n\"layout\":{\"moves\":[";
    first = true;
    for (const Move &m : m_diff.moves) {
        out << (first ? "" : ",") << "{\"node\":" << jsonString(m.node);
        first = false;
        if (m.before)
            out << ",\"old\":" << jsonPoint(*m.before);
        if (m.after)
            out << ",\"new\":" << jsonPoint(*m.after);
        out << '}';
    }
    out << "],\"fields\":[";
    first = true;
    for (const FieldChange &f : m_diff.layoutFields) {
        out << (first ? "" : ",") << "{\"field\":" << jsonString(f.key.name);
        first = false;
        if (f.before)
            out << ",\"old\":" << jsonValue(*f.before);
        if (f.after)
            out << ",\"new\":" << jsonValue(*f.after);
        out << '}';
    }
    out << "]}";
    if (cost)
        out << ",\n\"cost\":" << (*cost ? costDeltaJson(**cost) : std::string("null"));
    out << "}\n";
}

// ---------------------------------------------------------------- markdown

// Text for a Markdown table cell or list item: what Markdown or HTML would
// read as markup is escaped, line breaks and control characters become
// spaces, and a long text is cut (a pull-request comment has a size limit).
std::string mdText(std::string_view text, std::size_t limit = 160)
{
    std::string s;
    std::size_t shown = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (shown >= limit && (c & 0xC0) != 0x80) {
            s += "…";
            break;
        }
        if ((c & 0xC0) != 0x80)
            ++shown;
        if (c < 0x20 || c == 0x7f)
            s += ' ';
        else if (std::string_view("\\`*_[]<>|#!~&").find(char(c)) != std::string_view::npos) {
            s += '\\';
            s += char(c);
        } else
            s += char(c);
    }
    return s;
}

// The findings of one side, by rule and message (locations move with any
// edit above them, so they are not compared).
std::vector<std::pair<std::string, const Diagnostic *>> findingKeys(const std::vector<Diagnostic> &found)
{
    std::vector<std::pair<std::string, const Diagnostic *>> keys;
    keys.reserve(found.size());
    for (const Diagnostic &d : found)
        keys.emplace_back(d.rule + '\x1f' + d.message.str(), &d);
    std::sort(keys.begin(), keys.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    return keys;
}

void Report::markdown(std::ostream &out, const std::optional<CostDelta> &cost) const
{
    constexpr std::size_t kMaxRows = 50;
    out << "### Skyplan: " << mdText(m_before.name) << " → " << mdText(m_after.name) << "\n\n";
    int added = 0, removed = 0, changed = 0, renamed = 0;
    for (const Change &c : m_diff.changes)
        switch (c.kind) {
        case Change::Kind::Added: ++added; break;
        case Change::Kind::Removed: ++removed; break;
        case Change::Kind::Changed: ++changed; break;
        case Change::Kind::Renamed: ++renamed; break;
        }
    std::size_t moved = 0;
    for (const Move &m : m_diff.moves)
        moved += m.before && m.after;
    if (m_diff.empty()) {
        out << "No changes.\n";
    } else {
        out << "**" << added << " added, " << removed << " removed, " << changed << " changed, " << renamed
            << " renamed**";
        if (moved)
            out << "; " << moved << (moved == 1 ? " node" : " nodes") << " moved on the canvas";
        out << "\n\n";
    }
    if (!m_diff.changes.empty()) {
        out << "| change | what | details |\n| --- | --- | --- |\n";
        std::size_t rows = 0;
        for (const Change &c : m_diff.changes) {
            if (rows++ == kMaxRows) {
                out << "| … | " << (m_diff.changes.size() - kMaxRows) << " more | run `skyplan diff` for all |\n";
                break;
            }
            std::string what = std::string(entityName(c.entity)) + (c.id.empty() ? "" : " " + c.id);
            if (c.kind == Change::Kind::Renamed)
                what = std::string(entityName(c.entity)) + " " + c.oldId + " → " + c.id;
            std::string details;
            if (c.kind == Change::Kind::Changed || c.kind == Change::Kind::Added) {
                for (const FieldChange &f : c.fields) {
                    if (!details.empty())
                        details += "<br>";
                    std::string line = f.key.text(c.entity) + ": ";
                    if (isConflictRecord(c, f.key))
                        line += conflictCount(f.before) + " → " + conflictCount(f.after);
                    else if (secret(c, f.key))
                        line += !f.before ? "(secret set)" : !f.after ? "(secret removed)" : "(secret changed)";
                    else if (c.kind == Change::Kind::Added)
                        line += displayValue(*f.after);
                    else
                        line += (f.before ? displayValue(*f.before) : "(unset)") + " → "
                                + (f.after ? displayValue(*f.after) : "(unset)");
                    details += mdText(line);
                }
            }
            out << "| " << changeKindName(c.kind) << " | " << mdText(what) << " | " << details << " |\n";
        }
        out << '\n';
    }
    if (cost) {
        out << "#### Cost a month (" << mdText(cost->currency) << ")\n\n"
            << "| node | before | after | change |\n| --- | ---: | ---: | ---: |\n";
        std::size_t rows = 0;
        for (const CostDelta::NodeLine &l : cost->nodes) {
            if (rows++ == kMaxRows) {
                out << "| … " << (cost->nodes.size() - kMaxRows) << " more | | | |\n";
                break;
            }
            out << "| " << mdText(l.id) << " | " << formatMoney(l.before) << " | " << formatMoney(l.after) << " | "
                << formatMoneyDelta(l.delta()) << " |\n";
        }
        out << "| **total** | **" << formatMoney(cost->before) << "** | **" << formatMoney(cost->after)
            << "** | **" << formatMoneyDelta(cost->delta()) << "** |\n\n";
    }
    // What the change adds to and clears from the checks' findings.
    const std::vector<Diagnostic> before =
        checkTopology(m_before.topology, m_before.catalog, {}, {}, m_before.providers.empty() ? nullptr : &m_before.providers);
    const std::vector<Diagnostic> after =
        checkTopology(m_after.topology, m_after.catalog, {}, {}, m_after.providers.empty() ? nullptr : &m_after.providers);
    const auto kb = findingKeys(before), ka = findingKeys(after);
    std::vector<const Diagnostic *> adds, clears;
    for (std::size_t i = 0, j = 0; i < kb.size() || j < ka.size();) {
        if (j == ka.size() || (i < kb.size() && kb[i].first < ka[j].first))
            clears.push_back(kb[i++].second);
        else if (i == kb.size() || ka[j].first < kb[i].first)
            adds.push_back(ka[j++].second);
        else
            ++i, ++j;
    }
    const auto list = [&out](const char *title, std::vector<const Diagnostic *> &items) {
        // Errors first, then by rule.
        std::stable_sort(items.begin(), items.end(), [](const Diagnostic *a, const Diagnostic *b) {
            return a->severity != b->severity ? a->severity == Severity::Error : a->rule < b->rule;
        });
        out << "**" << title << " (" << items.size() << ")**\n\n";
        std::size_t rows = 0;
        for (const Diagnostic *d : items) {
            if (rows++ == kMaxRows) {
                out << "- … " << (items.size() - kMaxRows) << " more\n";
                break;
            }
            out << "- " << severityName(d->severity) << " " << mdText(d->rule) << ": " << mdText(d->message.str(), 300)
                << '\n';
        }
        out << '\n';
    };
    out << "#### Findings\n\n";
    if (adds.empty() && clears.empty())
        out << "The change adds no finding and clears none (" << after.size()
            << (after.size() == 1 ? " finding" : " findings") << " before and after).\n";
    else {
        if (!adds.empty())
            list("Added by this change", adds);
        if (!clears.empty())
            list("Cleared by this change", clears);
    }
}

// ---------------------------------------------------------------- run

bool wantColour(const std::string &option)
{
    if (option == "always")
        return true;
    if (option == "never")
        return false;
    const char *noColor = std::getenv("NO_COLOR");
    if (noColor && *noColor)
        return false;
    return isatty(STDOUT_FILENO) == 1;
}

int runTextconv(const DiffOptions &options)
{
    Side side{options.files.front(), options.files.front(), {}, {}};
    if (!load(side, options.from, side.path))
        return Failed;
    // Meaning only, canonical: a line diff of this shows real changes.
    side.topology.layout = Layout{};
    std::cout << writeDescriptor(side.topology);
    return Fine;
}

// The monthly cost delta of the change, or nothing (with a line saying
// why) when neither side names provider profiles.
std::optional<CostDelta> costDeltaFor(const Side &before, const Side &after)
{
    return costDeltaOf(before.topology, before.catalog, before.providers, after.topology, after.catalog,
                       after.providers);
}

// Each side's own provider profiles, when it names any; problems printed.
void loadSideProviders(Side &side)
{
    if (side.topology.providers.empty())
        return;
    std::vector<Diagnostic> problems;
    side.providers = loadProviders(side.topology.providers, side.path, problems);
    printText(std::cerr, problems);
}

void printCostDelta(std::ostream &out, const std::optional<CostDelta> &d)
{
    if (!d) {
        out << "cost: neither side names provider profiles ('providers:'); no cost to compare\n";
        return;
    }
    out << "cost a month (" << d->currency << "):\n";
    for (const CostDelta::NodeLine &l : d->nodes)
        out << "  " << l.id << ": " << formatMoney(l.before) << " -> " << formatMoney(l.after) << " ("
            << formatMoneyDelta(l.delta()) << ")\n";
    out << "  total: " << formatMoney(d->before) << " -> " << formatMoney(d->after) << " ("
        << formatMoneyDelta(d->delta()) << ")\n";
}

int runDiff(const DiffOptions &options)
{
    const auto &f = options.files;
    if (options.textconv) {
        if (f.size() != 1) {
            std::cerr << "skyplan diff --textconv: give exactly one file\n";
            return Failed;
        }
        return runTextconv(options);
    }
    Side before, after;
    std::string header;
    bool git = false;
    if (f.size() == 2) {
        before = Side{f[0], f[0], {}, {}};
        after = Side{f[1], f[1], {}, {}};
    } else if (f.size() == 7 || f.size() == 9) {
        // GIT_EXTERNAL_DIFF: path old-file old-hex old-mode new-file new-hex new-mode [new-path
        // xfrm]
        git = true;
        const std::string &newPath = f.size() == 9 ? f[7] : f[0];
        before = Side{f[1], "a/" + f[0], {}, {}};
        after = Side{f[4], "b/" + newPath, {}, {}};
        header = "diff --skyplan a/" + f[0] + " b/" + newPath + '\n';
    } else if (f.size() == 1 && std::getenv("GIT_DIFF_PATH_TOTAL")) {
        std::cout << "* Unmerged path " << f[0] << '\n'; // git's external diff for an unmerged path
        return Fine;
    } else {
        std::cerr << "skyplan diff: give OLD and NEW (or the 7 arguments of a git external diff)\n";
        return Failed;
    }
    // git names temporary files after the path, so the extension still tells the format.
    if (!load(before, options.from, git ? f[0] : before.path) ||
        !load(after, options.from, git ? (f.size() == 9 ? f[7] : f[0]) : after.path))
        return Failed;
    sky::DiffOptions o;
    o.layout = !options.ignoreLayout;
    o.detectRenames = !options.noRenames;
    const TopologyDiff diff = diffTopologies(before.topology, after.topology, o);
    if (options.cost || options.format == "markdown") {
        loadSideProviders(before);
        loadSideProviders(after);
    }
    const Report report(diff, before, after);
    if (options.format == "json") {
        std::optional<CostDelta> cost;
        if (options.cost)
            cost = costDeltaFor(before, after);
        report.json(std::cout, options.cost ? &cost : nullptr);
    } else if (options.format == "markdown") {
        // A pull-request comment: the cost and the findings are its point.
        report.markdown(std::cout, costDeltaFor(before, after));
    } else {
        Palette p{wantColour(options.color)};
        std::cout << p.bold() << header << p.reset();
        report.text(std::cout, p);
        if (options.cost)
            printCostDelta(std::cout, costDeltaFor(before, after));
    }
    // git stops at an external diff that exits non-zero: "different" is 0 there.
    return git || diff.empty() ? Fine : Found;
}

} // namespace

void addDiffCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<DiffOptions>();
    auto *cmd = app.add_subcommand(
        "diff",
        "Compare two topologies by stable ids: what was added, removed, changed, renamed, moved");
    cmd->add_option("files", options->files,
                    "OLD NEW (any readable format), or git's external-diff arguments")
        ->required()
        ->expected(1, 9);
    cmd->add_option("--format", options->format,
                    "Output: text, json, or markdown (a pull-request comment: the changes, the cost delta and "
                    "the findings the change adds or clears)")
        ->check(CLI::IsMember({"text", "json", "markdown"}));
    cmd->add_flag("--cost", options->cost,
                  "Also give the monthly cost delta, per changed node and in total (text and json; markdown "
                  "always has it; each side priced by the provider profiles it names)");
    cmd->add_flag("--ignore-layout", options->ignoreLayout,
                  "Leave canvas positions out (layout-only changes exit 0)");
    cmd->add_flag("--no-renames", options->noRenames,
                  "Report a renamed node as one removed and one added");
    cmd->add_option("--color", options->color,
                    "Colour: auto (a terminal, unless NO_COLOR is set), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->add_option("--from", options->from,
                    "Read both files in this format instead of guessing from the extension");
    cmd->add_flag("--textconv", options->textconv,
                  "Print one file as canonical native YAML without layout (a git textconv filter)");
    cmd->footer("Exit status: 0 same, 1 different, 2 trouble (as diff(1)); 0 when run by git as an "
                "external diff.");
    cmd->callback([options, &exitCode] { exitCode = runDiff(*options); });
}

} // namespace sky::cli
