// The Terraform export's promises, read back structurally from its JSON
// syntax: least privilege (a link is exactly one rule pair, no link no
// rule), secrets as sensitive variables without values, firewalls filtering
// what passes, and clear errors where the export cannot know where to go.
// tf-check's verdict on every example is terraform_check.py's (ctest
// exporters.terraform_*).
#include "support.h"

#include "terraform.h"

#include <gtest/gtest.h>

// GCC 12 reports a false "maybe uninitialized" when a sky::Value (a
// std::variant) is copied into a list and inlined at -O2; the region runs to
// the end of the file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

using namespace sky;
using namespace sky::test;

namespace {

Node node(const std::string &id, const std::string &type, const std::string &zone, ValueMap props = {})
{
    Node n;
    n.id = id;
    n.type = type;
    n.zone = zone;
    n.properties = std::move(props);
    return n;
}

// Two zones, a server in each, one link between them.
Topology twoZones(const std::string &fromType, const std::string &toType, ValueMap toProps = {})
{
    Topology t;
    t.name = "lp";
    t.addZone(Zone{"front", "Front", "", {}, {}});
    t.addZone(Zone{"back", "Back", "", {}, {}});
    t.addNode(node("client", fromType, "front", {{"image", "registry.example.com/client:1"}}));
    t.addNode(node("server", toType, "back", std::move(toProps)));
    Link l;
    l.from = {"client", "out"};
    l.to = {"server", "in"};
    l.protocol = "tcp";
    l.port = 5432;
    t.addLink(l);
    return t;
}

struct Export
{
    bool ok = false;
    std::string error;
    std::vector<Diagnostic> warnings;
    std::map<std::string, Value> files; // name -> parsed JSON
};

Export exportJson(const Topology &t, const std::string &provider, const std::string &region)
{
    Export e;
    WriteOptions o;
    o.provider = provider;
    o.region = region;
    o.json = true;
    std::vector<OutputFile> files;
    e.ok = format("terraform").writeFiles(t, Catalog::builtin(), o, files, e.error, e.warnings);
    for (const OutputFile &f : files) {
        Value v;
        std::vector<Diagnostic> d;
        EXPECT_TRUE(tf::parseJson(f.text, f.name, v, d)) << f.name << ": " << (d.empty() ? "" : d[0].format());
        e.files[f.name] = v;
    }
    return e;
}

// Every resource of `type` in main.tf.json: name -> body.
std::map<std::string, ValueMap> resources(const Export &e, const std::string &type)
{
    std::map<std::string, ValueMap> out;
    const Value *res = e.files.at("main.tf.json").find("resource");
    if (!res)
        return out;
    if (const Value *byType = res->find(type))
        for (const auto &kv : byType->toMap())
            out[kv.first] = kv.second.toMap();
    return out;
}

std::string str(const ValueMap &m, const std::string &key)
{
    const auto it = m.find(key);
    return it != m.end() && it->second.isString() ? it->second.toString() : std::string("<missing " + key + ">");
}

std::int64_t num(const ValueMap &m, const std::string &key)
{
    const auto it = m.find(key);
    return it != m.end() && it->second.isInt() ? it->second.toInt() : -1;
}

// Every rule-bearing resource type the AWS export could use.
std::size_t awsRuleCount(const Export &e)
{
    std::size_t n = resources(e, "aws_vpc_security_group_ingress_rule").size()
                    + resources(e, "aws_vpc_security_group_egress_rule").size()
                    + resources(e, "aws_security_group_rule").size();
    for (const auto &kv : resources(e, "aws_security_group"))
        n += kv.second.count("ingress") + kv.second.count("egress");
    return n;
}

} // namespace

TEST(TerraformExport, AwsOneLinkIsExactlyOneRulePairBetweenTheTwoGroups)
{
    const Topology t = twoZones("app_server", "database", {{"password", Value::secret("DB_PASSWORD")}});
    const Export e = exportJson(t, "aws", "eu-west-1");
    ASSERT_TRUE(e.ok) << e.error;
    const auto groups = resources(e, "aws_security_group");
    ASSERT_EQ(groups.size(), 2u);
    ASSERT_TRUE(groups.count("client") && groups.count("server"));

    const auto in = resources(e, "aws_vpc_security_group_ingress_rule");
    ASSERT_EQ(in.size(), 1u);
    const ValueMap &rule = in.begin()->second;
    EXPECT_EQ(str(rule, "security_group_id"), "${aws_security_group.server.id}");
    EXPECT_EQ(str(rule, "referenced_security_group_id"), "${aws_security_group.client.id}");
    EXPECT_EQ(str(rule, "ip_protocol"), "tcp");
    EXPECT_EQ(num(rule, "from_port"), 5432);
    EXPECT_EQ(num(rule, "to_port"), 5432);
    EXPECT_FALSE(rule.count("cidr_ipv4"));

    const auto out = resources(e, "aws_vpc_security_group_egress_rule");
    ASSERT_EQ(out.size(), 1u);
    const ValueMap &egress = out.begin()->second;
    EXPECT_EQ(str(egress, "security_group_id"), "${aws_security_group.client.id}");
    EXPECT_EQ(str(egress, "referenced_security_group_id"), "${aws_security_group.server.id}");
    EXPECT_EQ(num(egress, "from_port"), 5432);
    EXPECT_EQ(num(egress, "to_port"), 5432);
    EXPECT_EQ(awsRuleCount(e), 2u);
    // Two zones, two subnets each (two availability zones), none public.
    const auto subnets = resources(e, "aws_subnet");
    EXPECT_EQ(subnets.size(), 4u);
    for (const auto &kv : subnets)
        EXPECT_EQ(kv.second.at("map_public_ip_on_launch"), Value(false)) << kv.first;
    EXPECT_TRUE(resources(e, "aws_internet_gateway").empty());
    EXPECT_TRUE(resources(e, "aws_nat_gateway").empty());
}

TEST(TerraformExport, AwsRemovingTheLinkRemovesItsRules)
{
    Topology t = twoZones("app_server", "database", {{"password", Value::secret("DB_PASSWORD")}});
    ASSERT_EQ(awsRuleCount(exportJson(t, "aws", "eu-west-1")), 2u);
    ASSERT_TRUE(t.removeLink(Endpoint{"client", "out"}, Endpoint{"server", "in"}));
    const Export e = exportJson(t, "aws", "eu-west-1");
    ASSERT_TRUE(e.ok) << e.error;
    EXPECT_EQ(resources(e, "aws_security_group").size(), 2u);
    EXPECT_EQ(awsRuleCount(e), 0u);
}

TEST(TerraformExport, GoogleOneLinkIsExactlyOneFirewallRule)
{
    Topology t = twoZones("web_server", "app_server", {{"image", "registry.example.com/api:1"}});
    Export e = exportJson(t, "google", "europe-west1");
    ASSERT_TRUE(e.ok) << e.error;
    auto rules = resources(e, "google_compute_firewall");
    ASSERT_EQ(rules.size(), 1u);
    const ValueMap &rule = rules.begin()->second;
    EXPECT_EQ(str(rule, "direction"), "INGRESS");
    EXPECT_EQ(rule.at("source_tags"), Value(ValueList{"sp-client"}));
    EXPECT_EQ(rule.at("target_tags"), Value(ValueList{"sp-server"}));
    EXPECT_FALSE(rule.count("source_ranges"));
    const Value &allow = rule.at("allow");
    ASSERT_TRUE(allow.isMap()) << "one allow block";
    EXPECT_EQ(allow.toMap().at("protocol"), Value("tcp"));
    EXPECT_EQ(allow.toMap().at("ports"), Value(ValueList{"5432"}));
    // The servers carry the tags the rule names, and nothing else does.
    const auto templates = resources(e, "google_compute_instance_template");
    EXPECT_EQ(templates.at("client").at("tags"), Value(ValueList{"sp-client"}));
    EXPECT_EQ(templates.at("server").at("tags"), Value(ValueList{"sp-server"}));

    ASSERT_TRUE(t.removeLink(Endpoint{"client", "out"}, Endpoint{"server", "in"}));
    e = exportJson(t, "google", "europe-west1");
    ASSERT_TRUE(e.ok) << e.error;
    EXPECT_TRUE(resources(e, "google_compute_firewall").empty());
}

TEST(TerraformExport, SecretsAreSensitiveVariablesWithoutValues)
{
    const Topology t = twoZones("app_server", "database", {{"password", Value::secret("DB_PASSWORD")}});
    const Export e = exportJson(t, "aws", "eu-west-1");
    ASSERT_TRUE(e.ok) << e.error;
    const Value *vars = e.files.at("variables.tf.json").find("variable");
    ASSERT_TRUE(vars);
    const Value *pw = vars->find("db_password");
    ASSERT_TRUE(pw) << "variable named after the secret reference";
    EXPECT_EQ(*pw->find("sensitive"), Value(true));
    EXPECT_FALSE(pw->find("default"));
    EXPECT_EQ(str(resources(e, "aws_db_instance").at("server"), "password"), "${var.db_password}");

    // A password given as a value is not written; the variable stands in.
    Topology plain = twoZones("app_server", "database", {{"password", "hunter2"}});
    const Export p = exportJson(plain, "aws", "eu-west-1");
    ASSERT_TRUE(p.ok) << p.error;
    std::string all;
    for (const auto &kv : p.files)
        tf::appendJson(all, kv.second);
    EXPECT_EQ(all.find("hunter2"), std::string::npos);
    bool warned = false;
    for (const Diagnostic &d : p.warnings)
        warned = warned || std::string(d.message.view()).find("'password' holds a value") != std::string::npos;
    EXPECT_TRUE(warned);
}

TEST(TerraformExport, AFirewallLetsThroughOnlyWhatItAllows)
{
    Topology t;
    t.name = "fw";
    t.addNode(node("internet", "internet", ""));
    t.addNode(node("fw", "firewall", "dmz", {{"allow", ValueList{"tcp/443"}}}));
    t.addNode(node("web", "web_server", "web"));
    t.addNode(node("admin", "web_server", "web"));
    t.addLink(Link{{"internet", "out"}, {"fw", "ext"}, "https", 443, {}, {}, {}});
    t.addLink(Link{{"fw", "int"}, {"web", "in"}, "https", 443, {}, {}, {}});
    t.addLink(Link{{"fw", "int"}, {"admin", "in"}, "http", 8080, {}, {}, {}});
    const Export e = exportJson(t, "aws", "eu-west-1");
    ASSERT_TRUE(e.ok) << e.error;
    const auto in = resources(e, "aws_vpc_security_group_ingress_rule");
    ASSERT_EQ(in.size(), 1u);
    const ValueMap &rule = in.begin()->second;
    EXPECT_EQ(str(rule, "security_group_id"), "${aws_security_group.web.id}");
    EXPECT_EQ(str(rule, "cidr_ipv4"), "0.0.0.0/0");
    EXPECT_EQ(num(rule, "from_port"), 443);
    bool warned = false;
    for (const Diagnostic &d : e.warnings)
        warned = warned || std::string(d.message.view()).find("does not let tcp/8080 through") != std::string::npos;
    EXPECT_TRUE(warned);
    // The zone the internet reaches is public; it gets the gateway.
    EXPECT_EQ(resources(e, "aws_internet_gateway").size(), 1u);
    for (const auto &kv : resources(e, "aws_subnet"))
        EXPECT_EQ(kv.second.at("map_public_ip_on_launch"), Value(true)) << kv.first;
}

TEST(TerraformExport, ASegmentationPolicyDropsTheFlowItForbids)
{
    Topology t = twoZones("app_server", "database", {{"password", Value::secret("DB_PASSWORD")}});
    t.policies["seg"] = Policy{"seg", "segmentation", {{"zone", "back"}, {"allow-from", ValueList{"back"}}}};
    const Export e = exportJson(t, "aws", "eu-west-1");
    ASSERT_TRUE(e.ok) << e.error;
    EXPECT_EQ(awsRuleCount(e), 0u);
    t.policies["seg"].fields["allow-from"] = ValueList{"front"};
    EXPECT_EQ(awsRuleCount(exportJson(t, "aws", "eu-west-1")), 2u);
}

TEST(TerraformExport, PlacementDecidesProviderAndRegion)
{
    Topology t = twoZones("app_server", "database", {{"password", Value::secret("DB_PASSWORD")}});
    // Unplaced and no --provider: a clear error naming the node.
    Export e = exportJson(t, "", "");
    EXPECT_FALSE(e.ok);
    EXPECT_NE(e.error.find("node 'client' is not placed"), std::string::npos) << e.error;
    // Placed nodes go where they are placed, one provider alias per region.
    t.nodes["client"].placement = Placement{"aws", "us-east-1", "t3.large", true};
    t.nodes["server"].placement = Placement{"aws", "eu-west-1", "m5.large-db", false};
    e = exportJson(t, "", "");
    ASSERT_TRUE(e.ok) << e.error;
    const Value &aws = *e.files.at("providers.tf.json").find("provider")->find("aws");
    ASSERT_TRUE(aws.isList());
    EXPECT_EQ(aws.toList().size(), 2u);
    EXPECT_EQ(str(resources(e, "aws_launch_template").at("client"), "instance_type"), "t3.large");
    EXPECT_EQ(str(resources(e, "aws_launch_template").at("client"), "provider"), "aws.us_east_1");
    EXPECT_EQ(str(resources(e, "aws_db_instance").at("server"), "instance_class"), "db.m5.large");
    EXPECT_EQ(str(resources(e, "aws_db_instance").at("server"), "provider"), "aws.eu_west_1");
    // Two regions are two networks: the link between them gets no rule, and says why.
    EXPECT_EQ(awsRuleCount(e), 0u);
    bool warned = false;
    for (const Diagnostic &d : e.warnings)
        warned = warned || std::string(d.message.view()).find("joins two networks") != std::string::npos;
    EXPECT_TRUE(warned);
    // A provider Terraform export does not cover is named, not written.
    t.nodes["client"].placement = Placement{"acme", "west", "", true};
    e = exportJson(t, "", "");
    ASSERT_TRUE(e.ok) << e.error;
    EXPECT_TRUE(resources(e, "aws_launch_template").empty());
}

TEST(TerraformExport, ReplicasSizeTheGroupsAndHighAvailability)
{
    Topology t = twoZones("app_server", "database", {{"password", Value::secret("DB_PASSWORD")}});
    t.nodes["client"].replicas = 3;
    t.nodes["server"].replicas = 2;
    Export e = exportJson(t, "aws", "eu-west-1");
    ASSERT_TRUE(e.ok) << e.error;
    const ValueMap asg = resources(e, "aws_autoscaling_group").at("client");
    EXPECT_EQ(num(asg, "min_size"), 3);
    EXPECT_EQ(num(asg, "max_size"), 3);
    EXPECT_EQ(resources(e, "aws_db_instance").at("server").at("multi_az"), Value(true));
    e = exportJson(t, "google", "europe-west1");
    ASSERT_TRUE(e.ok) << e.error;
    EXPECT_EQ(num(resources(e, "google_compute_region_instance_group_manager").at("client"), "target_size"), 3);
    const Value settings = resources(e, "google_sql_database_instance").at("server").at("settings");
    EXPECT_EQ(*settings.find("availability_type"), Value("REGIONAL"));
}
