// TOSCA round trips judged by tosca-parser: each template of the corpus
// (tests/data/tosca, sources in tests/data/README.md) is imported, exported
// beside the original, and tosca_fields.py has tosca-parser read both and
// compare them field by field, printing each field that differs. Edits on
// the way change only what was edited; imports reaching outside the
// template's folder are refused where they are written.
#include "support.h"

#include "descriptor.h"
#include "sidecar.h"
#include "tosca.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

using namespace sky;
using namespace sky::test;
namespace fs = std::filesystem;

namespace {

fs::path here()
{
    return fs::path(SKYPLAN_CONSUMERS).parent_path();
}

fs::path corpus()
{
    return fs::weakly_canonical(here() / ".." / "data" / "tosca");
}

// The templates of the corpus: the YAML files of its three folders (their
// subfolders hold the types they import).
std::vector<std::string> templates(const fs::path &root)
{
    std::vector<std::string> files;
    for (const char *folder : {"shapes", "tosca-parser", "heat-translator"})
        for (const auto &e : fs::directory_iterator(root / folder))
            if (e.is_regular_file() && e.path().extension() == ".yaml" && !e.path().filename().string().starts_with("."))
                files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

Topology importTosca(const std::string &file, std::vector<Diagnostic> &diagnostics, bool *ok = nullptr)
{
    Topology t;
    const bool read = format("tosca").read(readText(file), file, Catalog::builtin(), t, diagnostics);
    if (ok)
        *ok = read;
    return t;
}

std::string errorsOf(const std::vector<Diagnostic> &diagnostics)
{
    std::string s;
    for (const Diagnostic &d : diagnostics)
        if (d.severity == Severity::Error)
            s += d.format() + '\n';
    return s;
}

// tosca_fields.py over pairs (original, export): its whole output.
RunResult compare(const std::vector<std::pair<std::string, std::string>> &pairs)
{
    std::string cmd = "/usr/bin/python3 " + shellQuote((here() / "tosca_fields.py").string()) + ' '
                      + shellQuote(SKYPLAN_TOSCA_DEFINITIONS) + " compare";
    for (const auto &[a, b] : pairs)
        cmd += ' ' + shellQuote(a) + ' ' + shellQuote(b);
    return run(cmd);
}

// The lines of `output` about `file`, and the indented ones under them.
std::string reportOf(const std::string &output, const std::string &file)
{
    std::istringstream in(output);
    std::string report;
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with(file + ": ")) {
            inside = true;
            report += line + '\n';
        } else if (inside && line.starts_with("  ")) {
            report += line + '\n';
        } else {
            inside = false;
        }
    }
    return report;
}

// The field paths a DIFFERS report names ("/nodes/db/properties/port").
std::set<std::string> fieldsIn(const std::string &report)
{
    std::set<std::string> fields;
    std::istringstream in(report);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("  /"))
            fields.insert(line.substr(2, line.find(':') - 2));
    return fields;
}

// The corpus copied to a temporary folder (the exports go beside the
// originals, so relative imports resolve the same for both).
struct Copy
{
    TempDir dir;
    Copy() { fs::copy(corpus(), dir.path(), fs::copy_options::recursive); }
    std::string exportBeside(const std::string &original, const Topology &t) const
    {
        const fs::path p(original);
        const std::string out = (p.parent_path() / (".rt." + p.filename().string())).string();
        writeText(out, exportText(t, "tosca"));
        return out;
    }
};

} // namespace

TEST(ToscaCorpus, ParserReadsEachTemplateAndItsReexportAlike)
{
    Copy copy;
    const std::vector<std::string> files = templates(copy.dir.path());
    ASSERT_GE(files.size(), 45u) << "the corpus is missing";
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const std::string &f : files) {
        std::vector<Diagnostic> d;
        bool ok = false;
        const Topology t = importTosca(f, d, &ok);
        EXPECT_TRUE(ok && !hasErrors(d)) << f << '\n' << errorsOf(d);
        pairs.emplace_back(f, copy.exportBeside(f, t));
    }
    const RunResult r = compare(pairs);
    for (const auto &[original, exported] : pairs) {
        const std::string report = reportOf(r.output, original);
        EXPECT_NE(report.find(original + ": same"), std::string::npos) << report << (report.empty() ? r.output : "");
    }
    EXPECT_EQ(r.exitCode, 0);
}

// The judge is no rubber stamp: one value changed in an export is named.
TEST(ToscaCorpus, TheComparisonNamesAChangedField)
{
    Copy copy;
    const std::string original = (copy.dir.path() / "shapes" / "hosted_stack.yaml").string();
    std::vector<Diagnostic> d;
    const std::string exported = copy.exportBeside(original, importTosca(original, d));
    std::string text = readText(exported);
    const std::size_t at = text.find("context_root: /shop");
    ASSERT_NE(at, std::string::npos) << text;
    text.replace(at, 19, "context_root: /shap");
    writeText(exported, text);
    const RunResult r = compare({{original, exported}});
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_EQ(fieldsIn(reportOf(r.output, original)), std::set<std::string>{"/nodes/shop/properties/context_root"})
        << r.output;
}

// The one change an export makes on purpose: a literal in a secret
// property (docs/EXPORTS.md, "No secret values") comes back as a reference
// to a deployment input. Puts each literal back and counts them.
int unmask(Topology &back, const Topology &t)
{
    int count = 0;
    for (auto &[id, n] : back.nodes) {
        const Node *was = t.node(id);
        if (!was)
            continue;
        for (auto &[name, v] : n.properties) {
            auto old = was->properties.find(name);
            const bool reference = v.secretRef() || (v.isMap() && v.toMap().size() == 1 && v.find("get_input"));
            if (old != was->properties.end() && !old->second.isNull() && !old->second.secretRef() && reference
                && !(old->second == v)) {
                v = old->second;
                ++count;
            }
        }
    }
    return count;
}

TEST(ToscaCorpus, ReimportOfTheExportIsTheSameTopology)
{
    int masked = 0;
    for (const std::string &f : templates(corpus())) {
        std::vector<Diagnostic> d;
        const Topology t = importTosca(f, d);
        Topology back;
        std::vector<Diagnostic> d2;
        ASSERT_TRUE(format("tosca").read(exportText(t, "tosca"), f, Catalog::builtin(), back, d2)) << f << errorsOf(d2);
        masked += unmask(back, t);
        EXPECT_EQ(writeDescriptor(back), writeDescriptor(t)) << f;
        EXPECT_TRUE(back == t) << f;
    }
    EXPECT_EQ(masked, 4) << "the corpus has four secret literals: mysql_database.password, "
                            "mysql_dbms.root_password and webserver.admin_credential (a map) in "
                            "test_credential_datatype, mysql.root_password in "
                            "test_get_attribute_source_target_keywords";
}

TEST(ToscaCorpus, KeptDataSurvivesTheNativeFile)
{
    for (const std::string &f : templates(corpus())) {
        std::vector<Diagnostic> d;
        const Topology t = importTosca(f, d);
        const std::string native = writeDescriptor(t);
        const ReadResult back = readDescriptor(native, "back.sky.yaml");
        ASSERT_FALSE(hasErrors(back.diagnostics)) << f << '\n' << errorsOf(back.diagnostics) << native;
        EXPECT_TRUE(back.topology == t) << f;
        EXPECT_EQ(exportText(back.topology, "tosca"), exportText(t, "tosca")) << f;
    }
}

// Rename a node and change a property on the canvas: tosca-parser sees
// exactly those edits, and every reference to the renamed node follows it.
TEST(ToscaEdit, RenameAndPropertyChangeOnlyChangeThemselves)
{
    Copy copy;
    const std::string original = (copy.dir.path() / "shapes" / "hosted_stack.yaml").string();
    std::vector<Diagnostic> d;
    Topology t = importTosca(original, d);
    ASSERT_TRUE(t.renameNode("db", "orders_db"));
    t.node("shop")->properties["context_root"] = "/store";
    const std::string exported = copy.exportBeside(original, t);
    const RunResult r = compare({{original, exported}});
    const std::set<std::string> expected{
        "/nodes/db",                              // gone under its old name
        "/nodes/orders_db",                       // there under its new one
        "/nodes/shop/properties/context_root",    // the edited property
        "/nodes/shop/requirements",               // database: orders_db
        "/nodes/shop/relationships",              // the parser's link to orders_db
        "/nodes/shop/interfaces",                 // get_property: [orders_db, port]
        "/groups/monitored/members",              // [orders_db, web]
    };
    EXPECT_EQ(fieldsIn(reportOf(r.output, original)), expected) << r.output;
    const std::string text = readText(exported);
    EXPECT_NE(text.find("get_property: [orders_db, port]"), std::string::npos) << text;
}

TEST(ToscaImport, HostedOnIsPlacementNotALink)
{
    std::vector<Diagnostic> d;
    const Topology t = importTosca((corpus() / "shapes" / "hosted_stack.yaml").string(), d);
    EXPECT_EQ(t.nodes.size(), 5u); // one server hosting the stack stays one Compute
    EXPECT_EQ(t.node("web")->host, "server");
    EXPECT_EQ(t.node("dbms")->host, "server");
    EXPECT_EQ(t.node("db")->host, "dbms");
    EXPECT_EQ(t.node("shop")->host, "web");
    EXPECT_EQ(t.node("server")->host, "");
    ASSERT_EQ(t.links.size(), 1u);
    EXPECT_EQ(t.links[0].from.node, "shop");
    EXPECT_EQ(t.links[0].to.node, "db");
    EXPECT_EQ(t.node("server")->type, "app_server");
    EXPECT_EQ(t.node("web")->type, "web_server");
    EXPECT_EQ(t.node("shop")->type, "app_server");
    EXPECT_EQ(t.node("db")->type, "database");
    EXPECT_EQ(t.node("server")->resources.memory, std::uint64_t(4'000'000'000));
}

TEST(ToscaImport, FunctionsStayFunctionsAndSecretsOnlyWhereDeclared)
{
    std::vector<Diagnostic> d;
    const Topology t = importTosca((corpus() / "shapes" / "hosted_stack.yaml").string(), d);
    // The catalog's database declares `password` secret; `root_password` is
    // no property it knows, so its get_input stays a get_input.
    EXPECT_EQ(t.node("db")->properties.at("password"), Value::secret("db_password"));
    EXPECT_EQ(t.node("dbms")->properties.at("root_password"), Value(ValueMap{{"get_input", Value("db_password")}}));
    const std::string text = exportText(t, "tosca");
    EXPECT_NE(text.find("password: {get_input: db_password}"), std::string::npos) << text;
    EXPECT_NE(text.find("root_password: {get_input: db_password}"), std::string::npos) << text;
    EXPECT_EQ(text.find("DB_PASSWORD"), std::string::npos) << "no input of our own for a declared one";
}

TEST(ToscaImport, NamesThatAreNoIdsKeepTheirToscaName)
{
    std::vector<Diagnostic> d;
    const std::string file = (corpus() / "shapes" / "odd_names.yaml").string();
    const Topology t = importTosca(file, d);
    ASSERT_NE(t.node("app_server_1"), nullptr);
    ASSERT_NE(t.node("my_app"), nullptr);
    ASSERT_NE(t.node("data_store"), nullptr);
    EXPECT_EQ(t.node("my_app")->host, "app_server_1");
    EXPECT_EQ(t.node("my_app")->zone, "front_end");
    EXPECT_TRUE(std::any_of(d.begin(), d.end(), [](const Diagnostic &x) {
        return x.severity == Severity::Warning && x.format().find("'app server.1' is on the canvas as 'app_server_1'") != std::string::npos;
    }));
    const std::string text = exportText(t, "tosca");
    EXPECT_NE(text.find("\n    app server.1:\n"), std::string::npos) << text;
    EXPECT_NE(text.find("front end:"), std::string::npos) << text;
}

TEST(ToscaImport, AbstractRequirementsAreKept)
{
    std::vector<Diagnostic> d;
    const Topology t = importTosca((corpus() / "shapes" / "abstract_requirements.yaml").string(), d);
    EXPECT_FALSE(hasErrors(d)) << errorsOf(d);
    const Value *kept = t.node("app")->extra.at(std::string(tosca::kKeep)).find("requirements");
    ASSERT_NE(kept, nullptr);
    ASSERT_TRUE(kept->isList());
    EXPECT_EQ(kept->toList().size(), 2u);
    EXPECT_TRUE(t.links.empty());
}

TEST(ToscaImport, RefusesImportsOutsideTheFolderWhereWritten)
{
    const struct
    {
        const char *file;
        const char *where;
        const char *why;
    } cases[] = {
        {"url_import.yaml", ":3:5: error: import 'https://example.org/types/shop_types.yaml' refused: a URL", "[SP-IMPORT]"},
        {"escaping_import.yaml", ":3:19: error: import '../../secret/types.yaml' refused: outside the template's folder", "[SP-IMPORT]"},
        {"repository_import.yaml", ":6:17: error: import 'types.yaml' refused: from a repository", "[SP-IMPORT]"},
    };
    for (const auto &c : cases) {
        const std::string file = (corpus() / "refused" / c.file).string();
        std::vector<Diagnostic> d;
        bool ok = true;
        importTosca(file, d, &ok);
        EXPECT_FALSE(ok) << c.file;
        ASSERT_FALSE(d.empty()) << c.file;
        EXPECT_NE(d.front().format().find(file + c.where), std::string::npos) << d.front().format();
        EXPECT_NE(d.front().format().find(c.why), std::string::npos) << d.front().format();
    }
}

TEST(ToscaImport, CommandRefusesAnEscapingImportAndWritesNothing)
{
    TempDir dir;
    const std::string out = dir.file("out.sky.yaml");
    const RunResult r = run(shellQuote(SKYPLAN_CLI) + " import --from tosca "
                            + shellQuote((corpus() / "refused" / "escaping_import.yaml").string()) + " -o " + shellQuote(out));
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("escaping_import.yaml:3:19: error: import '../../secret/types.yaml' refused"), std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(out));
}

TEST(ToscaVersion, WrittenInTheVersionItCameIn)
{
    const struct
    {
        const char *file;
        const char *version;
    } cases[] = {
        {"shapes/version_1_3.yaml", "tosca_simple_yaml_1_3"},
        {"shapes/version_1_1.yaml", "tosca_simple_yaml_1_1"},
        {"shapes/odd_names.yaml", "tosca_simple_yaml_1_0"},
        {"shapes/hosted_stack.yaml", "tosca_simple_yaml_1_2"},
        {"tosca-parser/tosca_helloworld_nfv.yaml", "tosca_simple_profile_for_nfv_1_0_0"},
    };
    for (const auto &c : cases) {
        std::vector<Diagnostic> d;
        const Topology t = importTosca((corpus() / c.file).string(), d);
        EXPECT_TRUE(exportText(t, "tosca").starts_with(std::string("tosca_definitions_version: ") + c.version + '\n'))
            << c.file;
    }
}

TEST(ToscaVersion, NewDesignsAre12Or13OnRequest)
{
    Topology t;
    t.addNode(Node{"vm", "app_server"});
    EXPECT_TRUE(exportText(t, "tosca").starts_with("tosca_definitions_version: tosca_simple_yaml_1_2\n"));
    t.extra[std::string(tosca::kKeep)] = ValueMap{{"version", Value("tosca_simple_yaml_1_3")}};
    const std::string text = exportText(t, "tosca");
    EXPECT_TRUE(text.starts_with("tosca_definitions_version: tosca_simple_yaml_1_3\n")) << text;
    Topology back;
    std::vector<Diagnostic> d;
    ASSERT_TRUE(format("tosca").read(text, "v13", Catalog::builtin(), back, d)) << errorsOf(d);
    EXPECT_TRUE(back == t);
}

// A link kept as its requirement was written, given a protocol and a port
// on the canvas: the requirement is still as written, and the fields come
// back on the next import.
TEST(ToscaEdit, FieldsSetOnAKeptLinkSurvive)
{
    std::vector<Diagnostic> d;
    Topology t = importTosca((corpus() / "shapes" / "hosted_stack.yaml").string(), d);
    ASSERT_EQ(t.links.size(), 1u);
    t.links[0].protocol = "mysql";
    t.links[0].port = 3306;
    const std::string text = exportText(t, "tosca");
    EXPECT_NE(text.find("- {database: {node: db, relationship: shop_db_link}}"), std::string::npos) << text;
    Topology back;
    ASSERT_TRUE(format("tosca").read(text, "edited", Catalog::builtin(), back, d)) << errorsOf(d);
    EXPECT_TRUE(back == t) << writeDescriptor(back);
}

// Designs drawn in Skyplan: software (web servers, databases, applications,
// caches, queues) is typed from the normative software types and placed on
// a host chain that ends at a Compute with `host` and `os` capabilities,
// as tosca-parser reads the export.
TEST(ToscaExport, SoftwareRunsOnAHostChainEndingAtACompute)
{
    TempDir dir;
    std::vector<std::string> files;
    std::vector<Topology> designs;
    for (auto &[name, t] : examples())
        designs.push_back(t);
    for (Topology &t : generated(20))
        designs.push_back(std::move(t));
    for (std::size_t i = 0; i < designs.size(); ++i) {
        files.push_back(dir.file("d" + std::to_string(i) + ".tosca.yaml"));
        writeText(files.back(), exportText(designs[i], "tosca"));
    }
    std::string cmd = "/usr/bin/python3 " + shellQuote((here() / "tosca_fields.py").string()) + ' '
                      + shellQuote(SKYPLAN_TOSCA_DEFINITIONS) + " dump";
    for (const std::string &f : files)
        cmd += ' ' + shellQuote(f);
    const RunResult r = run(cmd);
    ASSERT_EQ(r.exitCode, 0) << r.output.substr(0, 3000);
    std::istringstream in(r.output);
    std::size_t seen = 0, software = 0;
    std::map<std::string, std::size_t> bases;
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with("{"))
            continue; // the parser's own chatter
        Value v;
        std::string error;
        ASSERT_TRUE(fromJson(line, v, error)) << error;
        ++seen;
        const Value &fields = *v.find("fields");
        const Value &nodes = *fields.find("nodes");
        const Value &types = *fields.find("node_types");
        auto hostOf = [&](const Value &node) -> std::string {
            for (const Value &req : node.find("requirements")->toList()) {
                Value pair;
                EXPECT_TRUE(fromJson(req.toString(), pair, error));
                if (pair.toList()[0] == Value("host"))
                    return pair.toList()[1].find("node")->toString();
            }
            return {};
        };
        for (const auto &[name, node] : nodes.toMap()) {
            const Value *def = types.find(node.find("type")->toString());
            const Value *base = def ? def->find("derived_from") : nullptr;
            if (!base)
                continue;
            ++bases[base->toString()];
            if (base->toString() != "tosca.nodes.WebServer" && base->toString() != "tosca.nodes.Database"
                && base->toString() != "tosca.nodes.SoftwareComponent")
                continue;
            ++software;
            std::string at = hostOf(node);
            if (base->toString() == "tosca.nodes.Database") {
                ASSERT_TRUE(nodes.find(at)) << name << " in " << line.substr(0, 200);
                EXPECT_EQ(nodes.find(at)->find("type")->toString(), "tosca.nodes.DBMS") << name;
                at = hostOf(*nodes.find(at));
            }
            const Value *compute = nodes.find(at);
            ASSERT_TRUE(compute) << name << " is hosted on '" << at << "'";
            EXPECT_EQ(compute->find("type")->toString(), "tosca.nodes.Compute") << name;
            EXPECT_TRUE(compute->find("capabilities")->find("host")) << name;
            const Value *written = compute->find("capabilities_as_written");
            EXPECT_TRUE(written && written->isMap() && written->find("os")) << name;
        }
    }
    EXPECT_EQ(seen, files.size());
    EXPECT_GT(software, 50u);
    EXPECT_GT(bases["tosca.nodes.WebServer"], 0u);
    EXPECT_GT(bases["tosca.nodes.Database"], 0u);
    EXPECT_GT(bases["tosca.nodes.LoadBalancer"], 0u);
    EXPECT_GT(bases["tosca.nodes.BlockStorage"] + bases["tosca.nodes.ObjectStorage"], 0u);
}

// A component the user placed on another node (Node::host) is written as a
// `host` requirement, read back as hosting, and tosca-parser accepts it.
TEST(ToscaExport, PlacedOnANodeIsHostedOn)
{
    Topology t;
    t.addNode(Node{"fw", "firewall"});
    Node api{"api", "app_server"};
    api.host = "fw";
    t.addNode(api);
    Node db{"db", "database"};
    db.host = "api";
    db.properties["password"] = Value::secret("DB_PASSWORD");
    t.addNode(db);
    const std::string text = exportText(t, "tosca");
    EXPECT_NE(text.find("- {host: {node: fw, relationship: tosca.relationships.HostedOn}}"), std::string::npos) << text;
    EXPECT_EQ(text.find("api_host"), std::string::npos) << "placed software gets no Compute of its own";
    Topology back;
    std::vector<Diagnostic> d;
    ASSERT_TRUE(format("tosca").read(text, "placed", Catalog::builtin(), back, d)) << errorsOf(d);
    EXPECT_TRUE(back == t) << writeDescriptor(back);
    TempDir dir;
    writeText(dir.file("placed.yaml"), text);
    const RunResult r = run(shellQuote(SKYPLAN_TOSCA_CHECK) + ' ' + shellQuote(dir.file("placed.yaml")));
    EXPECT_EQ(r.exitCode, 0) << r.output << text;
}

// The rename follows a policy's targets and a substitution mapping.
TEST(ToscaEdit, RenameFollowsPolicyTargetsAndSubstitutionMappings)
{
    Copy copy;
    const std::string policies = (copy.dir.path() / "heat-translator" / "tosca_policies.yaml").string();
    const std::string mapping = (copy.dir.path() / "shapes" / "substitution.yaml").string();
    std::vector<Diagnostic> d;
    Topology a = importTosca(policies, d);
    ASSERT_TRUE(a.renameNode("my_server", "app_vm"));
    Topology b = importTosca(mapping, d);
    ASSERT_TRUE(b.renameNode("backend", "api"));
    const std::string outA = copy.exportBeside(policies, a), outB = copy.exportBeside(mapping, b);
    const RunResult r = compare({{policies, outA}, {mapping, outB}});
    EXPECT_EQ(fieldsIn(reportOf(r.output, policies)),
              (std::set<std::string>{"/nodes/app_vm", "/nodes/my_server", "/policies/my_compute_placement_policy/as_written/targets",
                                     "/policies/my_compute_placement_policy/targets"}))
        << r.output;
    EXPECT_EQ(fieldsIn(reportOf(r.output, mapping)),
              (std::set<std::string>{"/nodes/api", "/nodes/backend", "/substitution_mappings/capabilities/api"}))
        << r.output;
    EXPECT_NE(readText(outA).find("targets: [app_vm]"), std::string::npos) << readText(outA);
}

// Replicas and CPUs edited on the canvas land in the capabilities TOSCA
// has for them; nothing else moves.
TEST(ToscaEdit, ReplicasAndResourcesGoToTheirCapabilities)
{
    Copy copy;
    const std::string original = (copy.dir.path() / "shapes" / "version_1_1.yaml").string();
    std::vector<Diagnostic> d;
    Topology t = importTosca(original, d);
    ASSERT_EQ(t.node("vm")->replicas, 3);
    t.node("vm")->replicas = 4;
    t.node("vm")->resources.cpu = 3;
    const std::string exported = copy.exportBeside(original, t);
    const RunResult r = compare({{original, exported}});
    EXPECT_EQ(fieldsIn(reportOf(r.output, original)),
              (std::set<std::string>{"/nodes/vm/capabilities/host/num_cpus", "/nodes/vm/capabilities/scalable/default_instances",
                                     "/nodes/vm/capabilities_as_written/host",
                                     "/nodes/vm/capabilities_as_written/scalable/properties/default_instances"}))
        << r.output;
    Topology back;
    ASSERT_TRUE(format("tosca").read(readText(exported), exported, Catalog::builtin(), back, d)) << errorsOf(d);
    EXPECT_EQ(back.node("vm")->replicas, 4);
    EXPECT_EQ(back.node("vm")->resources.cpu, 3.0);
}

// A group that became a zone keeps its TOSCA name until the zone is
// renamed; then the group takes the zone's new name, and reads back as it.
TEST(ToscaEdit, RenamedZoneRenamesItsGroup)
{
    std::vector<Diagnostic> d;
    Topology t = importTosca((corpus() / "shapes" / "odd_names.yaml").string(), d);
    ASSERT_TRUE(t.zone("front_end"));
    EXPECT_NE(exportText(t, "tosca").find("\n    front end:"), std::string::npos);
    ASSERT_TRUE(t.renameZone("front_end", "edge"));
    const std::string text = exportText(t, "tosca");
    EXPECT_EQ(text.find("front end:"), std::string::npos) << text;
    Topology back;
    ASSERT_TRUE(format("tosca").read(text, "renamed", Catalog::builtin(), back, d)) << errorsOf(d);
    EXPECT_EQ(back.node("my_app")->zone, "edge");
    EXPECT_EQ(writeDescriptor(back), writeDescriptor(t));
}
