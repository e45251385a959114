// A team catalog cannot quietly redefine a type another catalog defines
// (issue 26.3): type ids are unique across all loaded files, unless the type
// says `overrides: true` and keeps every property that was secret secret.
#include "catalog.h"

#include <gtest/gtest.h>

using namespace sky;

namespace {

const char *kRedefined = "catalog: 1\n"
                         "types:\n"
                         "  database:\n"
                         "    name: Our database\n"
                         "    tier: data\n"
                         "    icon: database\n"
                         "    properties:\n"
                         "      password: {type: string}\n";

std::string errors(const std::vector<Diagnostic> &diagnostics)
{
    std::string s;
    for (const Diagnostic &d : diagnostics)
        if (d.severity == Severity::Error)
            s += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " + d.message.str() + "\n";
    return s;
}

} // namespace

TEST(CatalogOverride, ASecondDefinitionOfABuiltInTypeIsAnErrorAtItsLine)
{
    Catalog c = Catalog::builtin();
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(c.load(kRedefined, "team.yaml", diagnostics));
    ASSERT_EQ(errors(diagnostics).substr(0, 4), "3:3:") << errors(diagnostics);
    EXPECT_NE(errors(diagnostics).find("'database'"), std::string::npos) << errors(diagnostics);
    // The first definition stays, with its secret.
    ASSERT_NE(c.type("database"), nullptr);
    ASSERT_NE(c.type("database")->property("password"), nullptr);
    EXPECT_TRUE(c.type("database")->property("password")->secret);
    EXPECT_NE(c.type("database")->name, "Our database");
}

TEST(CatalogOverride, AnOverrideMustKeepEverySecret)
{
    std::string dropsSecret = kRedefined;
    dropsSecret.insert(dropsSecret.find("    name:"), "    overrides: true\n");
    Catalog c = Catalog::builtin();
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(c.load(dropsSecret, "team.yaml", diagnostics));
    EXPECT_NE(errors(diagnostics).find("password"), std::string::npos) << errors(diagnostics);
    EXPECT_TRUE(c.type("database")->property("password")->secret);

    std::string keepsSecret = dropsSecret;
    keepsSecret.replace(keepsSecret.find("{type: string}"), 14, "{type: string, secret: true}");
    Catalog d = Catalog::builtin();
    diagnostics.clear();
    EXPECT_TRUE(d.load(keepsSecret, "team.yaml", diagnostics)) << errors(diagnostics);
    EXPECT_EQ(errors(diagnostics), "");
    EXPECT_EQ(d.type("database")->name, "Our database");
    EXPECT_TRUE(d.type("database")->property("password")->secret);
}

TEST(CatalogOverride, OverridesOnANewTypeIsAnError)
{
    std::string text = kRedefined;
    text.replace(text.find("database:"), 9, "our_db:");
    text.insert(text.find("    name:"), "    overrides: true\n");
    Catalog c = Catalog::builtin();
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(c.load(text, "team.yaml", diagnostics));
    EXPECT_NE(errors(diagnostics).find("overrides"), std::string::npos) << errors(diagnostics);
}
