// Terraform import (tests/data/terraform, sources in its README): plans,
// states and JSON configurations become nodes, zones and links; every
// resource read is kept and written back, compared field by field after a
// second read; sensitive values are never kept; bad input is an error with
// its position.
#include "support.h"

#include "terraform.h"
#include "descriptor.h"

#include <gtest/gtest.h>

#include <functional>

// GCC 12 reports a false "maybe uninitialized" when a sky::Value is copied
// into a list and inlined at -O2.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

using namespace sky;
using namespace sky::test;

namespace {

std::string corpus(const std::string &name)
{
    return std::string(SKYPLAN_TERRAFORM_CORPUS) + "/" + name;
}

struct Import
{
    bool ok = false;
    Topology topology;
    std::vector<Diagnostic> diagnostics;
};

Import importText(const std::string &text, const std::string &name)
{
    Import i;
    i.ok = format("terraform").read(text, name, Catalog::builtin(), i.topology, i.diagnostics);
    return i;
}

Import importFile(const std::string &name)
{
    return importText(readText(corpus(name)), name);
}

std::map<std::string, std::string> exportFiles(const Topology &t)
{
    WriteOptions o;
    o.json = true;
    o.provider = "aws";
    o.region = "eu-west-1";
    std::vector<OutputFile> files;
    std::string error;
    std::vector<Diagnostic> warnings;
    EXPECT_TRUE(format("terraform").writeFiles(t, Catalog::builtin(), o, files, error, warnings)) << error;
    std::map<std::string, std::string> out;
    for (const OutputFile &f : files)
        out[f.name] = f.text;
    return out;
}

Value parse(const std::string &text)
{
    Value v;
    std::vector<Diagnostic> d;
    EXPECT_TRUE(tf::parseJson(text, "test", v, d));
    return v;
}

// address -> the resource entry of a `terraform show -json` document.
std::map<std::string, ValueMap> stateResources(const Value &doc)
{
    std::map<std::string, ValueMap> out;
    std::function<void(const Value &)> walk = [&out, &walk](const Value &module) {
        if (const Value *list = module.find("resources"))
            for (const Value &r : list->toList())
                out[r.find("address")->toString()] = r.toMap();
        if (const Value *children = module.find("child_modules"))
            for (const Value &c : children->toList())
                walk(c);
    };
    const Value *root = doc.find("planned_values") ? doc.find("planned_values") : doc.find("values");
    if (root && root->find("root_module"))
        walk(*root->find("root_module"));
    return out;
}

// The original's values with what sensitive_values marks set to null.
Value withoutSensitive(Value v, const Value *marks)
{
    if (!marks)
        return v;
    if (marks->isBool() && marks->toBool())
        return Value();
    if (marks->isMap() && v.isMap())
        for (const auto &kv : marks->toMap())
            if (v.map().count(kv.first))
                v.map()[kv.first] = withoutSensitive(v.map()[kv.first], &kv.second);
    if (marks->isList() && v.isList())
        for (std::size_t i = 0; i < marks->toList().size() && i < v.toList().size(); ++i)
            v.list()[i] = withoutSensitive(v.list()[i], &marks->toList()[i]);
    return v;
}

// Import, export, and the exported kept-state.json holds every resource of
// the original with every attribute, field by field (sensitive ones null).
void expectStateRoundTrip(const std::string &file)
{
    const Import first = importFile(file);
    ASSERT_TRUE(first.ok) << (first.diagnostics.empty() ? "" : first.diagnostics[0].format());
    const auto files = exportFiles(first.topology);
    ASSERT_TRUE(files.count(std::string(tf::kKeptStateFile)));
    const Value original = parse(readText(corpus(file)));
    const Value back = parse(files.at(std::string(tf::kKeptStateFile)));
    const auto before = stateResources(original);
    const auto after = stateResources(back);
    ASSERT_FALSE(before.empty());
    EXPECT_EQ(before.size(), after.size());
    for (const auto &kv : before) {
        const auto it = after.find(kv.first);
        ASSERT_NE(it, after.end()) << kv.first << " lost";
        for (const char *field : {"mode", "type", "name", "provider_name", "index", "schema_version"}) {
            const auto a = kv.second.find(field);
            const auto b = it->second.find(field);
            ASSERT_EQ(a == kv.second.end(), b == it->second.end()) << kv.first << " " << field;
            if (a != kv.second.end()) {
                EXPECT_EQ(a->second, b->second) << kv.first << " " << field;
            }
        }
        const auto marks = kv.second.find("sensitive_values");
        const Value want = withoutSensitive(kv.second.at("values"),
                                            marks == kv.second.end() ? nullptr : &marks->second);
        const ValueMap &got = it->second.at("values").toMap();
        for (const auto &attr : want.toMap())
            EXPECT_EQ(got.count(attr.first) ? got.at(attr.first) : Value("<missing>"), attr.second)
                << kv.first << "." << attr.first;
        EXPECT_EQ(got.size(), want.toMap().size()) << kv.first;
    }
    // What the export kept reads back as the same topology.
    const Import second = importText(files.at(std::string(tf::kKeptStateFile)), file);
    ASSERT_TRUE(second.ok);
    EXPECT_EQ(second.topology.nodes.size(), first.topology.nodes.size());
    EXPECT_EQ(second.topology.links.size(), first.topology.links.size());
    for (const auto &kv : first.topology.nodes) {
        const Node *n = second.topology.node(kv.first);
        ASSERT_TRUE(n) << kv.first;
        EXPECT_EQ(n->type, kv.second.type);
        EXPECT_EQ(n->properties, kv.second.properties) << kv.first;
        EXPECT_EQ(n->replicas, kv.second.replicas) << kv.first;
        EXPECT_EQ(n->placement, kv.second.placement) << kv.first;
    }
}

bool mentions(const std::vector<Diagnostic> &ds, const std::string &text)
{
    for (const Diagnostic &d : ds)
        if (d.format().find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST(TerraformImport, APlanBecomesNodesZonesAndPlacement)
{
    const Import i = importFile("plan-aws-web.json");
    ASSERT_TRUE(i.ok);
    const Topology &t = i.topology;
    const Node *web = t.node("web");
    ASSERT_TRUE(web);
    EXPECT_EQ(web->type, "app_server");
    EXPECT_EQ(web->placement.provider, "aws");
    EXPECT_EQ(web->placement.region, "eu-west-1");
    EXPECT_EQ(web->placement.size, "t3.small");
    const Node *db = t.node("orders");
    ASSERT_TRUE(db);
    EXPECT_EQ(db->type, "database");
    EXPECT_EQ(db->replicas, 2); // multi_az
    EXPECT_EQ(db->properties.at("engine"), Value("postgres"));
    EXPECT_EQ(db->properties.at("version"), Value("16.4"));
    EXPECT_EQ(db->properties.at("storage"), Value("50GiB"));
    EXPECT_EQ(db->properties.at("user"), Value("shop"));
    EXPECT_FALSE(db->properties.count("password"));
    EXPECT_EQ(db->placement.size, "t3.medium-db");
    EXPECT_TRUE(t.zone("web") && t.zone("data"));
    // The password the plan carries is nowhere in the topology, and that is said.
    std::string all;
    for (const auto &kv : t.nodes)
        for (const auto &e : kv.second.extra)
            tf::appendJson(all, e.second);
    tf::appendJson(all, t.extra.at("terraform"));
    EXPECT_EQ(all.find("not-a-real-password-1"), std::string::npos);
    EXPECT_TRUE(mentions(i.diagnostics, "aws_db_instance.orders: sensitive values not kept: password"));
    // The unknown type is kept, and named.
    EXPECT_NE(all.find("random_id.suffix"), std::string::npos);
    EXPECT_TRUE(mentions(i.diagnostics, "random_id.suffix: type 'random_id' has no Skyplan meaning"));
    // A layout is computed.
    EXPECT_EQ(t.layout.nodes.size(), t.nodes.size());
}

TEST(TerraformImport, AStateBecomesNodesLinksAndZones)
{
    const Import i = importFile("state-google.json");
    ASSERT_TRUE(i.ok);
    const Topology &t = i.topology;
    const Node *api = t.node("api");
    ASSERT_TRUE(api);
    EXPECT_EQ(api->type, "app_server");
    EXPECT_EQ(api->replicas, 3);
    EXPECT_EQ(api->placement.provider, "google");
    EXPECT_EQ(api->placement.region, "europe-west1");
    EXPECT_EQ(api->placement.size, "e2-standard-2");
    EXPECT_EQ(api->zone, "app");
    // Template and group manager are one node (their skyplan-node label).
    EXPECT_EQ(api->extra.at("terraform").find("resources")->toList().size(), 2u);
    const int toApi = t.linkIndex(Endpoint{"edge", ""}, Endpoint{"api", ""});
    ASSERT_GE(toApi, 0);
    EXPECT_EQ(t.links[std::size_t(toApi)].port, 8080);
    EXPECT_EQ(t.links[std::size_t(toApi)].protocol, "http");
    const int fromInternet = t.linkIndex(Endpoint{"internet", ""}, Endpoint{"edge", ""});
    ASSERT_GE(fromInternet, 0);
    EXPECT_EQ(t.links[std::size_t(fromInternet)].port, 443);
    EXPECT_EQ(t.links.size(), 2u);
    ASSERT_TRUE(t.node("assets"));
    EXPECT_EQ(t.node("assets")->properties.at("bucket"), Value("shop-assets-7f3a"));
    ASSERT_TRUE(t.node("main"));
    EXPECT_EQ(t.node("main")->properties.at("engine"), Value("postgres"));
    ASSERT_TRUE(t.node("orders")) << "a resource of a child module";
    EXPECT_EQ(t.node("orders")->type, "message_queue");
    EXPECT_TRUE(mentions(i.diagnostics, "google_sql_database_instance.main: sensitive values not kept: root_password"));
    EXPECT_TRUE(mentions(i.diagnostics, "time_sleep.wait_for_iam: type 'time_sleep' has no Skyplan meaning"));
}

TEST(TerraformImport, PlanRoundTripKeepsEveryAddressAndAttribute)
{
    expectStateRoundTrip("plan-aws-web.json");
}

TEST(TerraformImport, StateRoundTripKeepsEveryAddressAndAttribute)
{
    expectStateRoundTrip("state-google.json");
}

TEST(TerraformImport, AConfigurationComesBackResourceByResource)
{
    const Import i = importFile("config-aws.tf.json");
    ASSERT_TRUE(i.ok);
    const Topology &t = i.topology;
    ASSERT_TRUE(t.node("api") && t.node("db") && t.node("jobs"));
    EXPECT_EQ(t.node("db")->properties.at("password"), Value::secret("db_password"));
    EXPECT_EQ(t.node("db")->properties.at("engine"), Value("mysql"));
    EXPECT_EQ(t.node("api")->zone, "app");
    EXPECT_EQ(t.node("api")->placement.region, "eu-central-1");
    const int link = t.linkIndex(Endpoint{"api", ""}, Endpoint{"db", ""});
    ASSERT_GE(link, 0);
    EXPECT_EQ(t.links[std::size_t(link)].port, 3306);
    EXPECT_EQ(t.links[std::size_t(link)].protocol, "mysql");
    // The ingress rule and its egress partner are the link's.
    EXPECT_EQ(t.links[std::size_t(link)].extra.at("terraform").find("resources")->toList().size(), 2u);

    const auto files = exportFiles(t);
    ASSERT_TRUE(files.count(std::string(tf::kKeptFile)));
    const Value back = parse(files.at(std::string(tf::kKeptFile)));
    const Value original = parse(readText(corpus("config-aws.tf.json")));
    // Every resource, field by field.
    std::size_t count = 0;
    for (const auto &type : original.find("resource")->toMap())
        for (const auto &name : type.second.toMap()) {
            ++count;
            const Value *got = back.find("resource") ? back.find("resource")->find(type.first) : nullptr;
            got = got ? got->find(name.first) : nullptr;
            ASSERT_TRUE(got) << type.first << "." << name.first << " lost";
            EXPECT_EQ(*got, name.second) << type.first << "." << name.first;
        }
    EXPECT_EQ(count, 13u);
    // And every other block.
    for (const char *block : {"terraform", "provider", "variable", "output", "//"})
        EXPECT_EQ(*back.find(block), *original.find(block)) << block;

    // A link removed on the canvas removes its rules.
    Topology edited = t;
    ASSERT_TRUE(edited.removeLink(Endpoint{"api", ""}, Endpoint{"db", ""}));
    const Value cut = parse(exportFiles(edited).at(std::string(tf::kKeptFile)));
    EXPECT_FALSE(cut.find("resource")->find("aws_vpc_security_group_ingress_rule"));
    EXPECT_FALSE(cut.find("resource")->find("aws_vpc_security_group_egress_rule"));
    EXPECT_TRUE(cut.find("resource")->find("aws_db_instance"));
}

TEST(TerraformImport, AWrongFormatVersionIsAnErrorWithItsPosition)
{
    const Import i = importFile("bad-format-version.json");
    EXPECT_FALSE(i.ok);
    ASSERT_FALSE(i.diagnostics.empty());
    EXPECT_EQ(i.diagnostics[0].format().rfind("bad-format-version.json:3:3: error: format_version '0.1'", 0), 0u)
        << i.diagnostics[0].format();
}

TEST(TerraformImport, BadJsonIsAnErrorWithItsPosition)
{
    Import i = importText("{\n  \"resource\": {\n    \"aws_vpc\": { \"a\": { \"cidr_block\": \"10.0.0.0/16\" }\n  }\n", "x.tf.json");
    EXPECT_FALSE(i.ok);
    ASSERT_FALSE(i.diagnostics.empty());
    EXPECT_EQ(i.diagnostics[0].format().rfind("x.tf.json:5:1: error: JSON syntax error", 0), 0u)
        << i.diagnostics[0].format();
    i = importText("[1, 2]", "y.json");
    EXPECT_FALSE(i.ok);
    EXPECT_TRUE(mentions(i.diagnostics, "y.json:1:1: error: not a Terraform JSON document"));
    i = importText("{\"resource\": {\"aws_vpc\": {\"a\": [1]}}}", "z.tf.json");
    EXPECT_FALSE(i.ok);
    EXPECT_TRUE(mentions(i.diagnostics, "z.tf.json:1:2: error: aws_vpc.a must be an object"));
}

TEST(TerraformImport, EveryCorpusImportSavesAndReadsBackAsItself)
{
    for (const char *file : {"plan-aws-web.json", "state-google.json", "config-aws.tf.json"}) {
        const Import i = importFile(file);
        ASSERT_TRUE(i.ok) << file;
        const ReadResult back = readDescriptor(writeDescriptor(i.topology), "imported.sky.yaml");
        ASSERT_TRUE(back.readable) << file;
        EXPECT_FALSE(hasErrors(back.diagnostics)) << file;
        EXPECT_TRUE(back.topology == i.topology) << file;
    }
}
