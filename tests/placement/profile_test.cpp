// Provider profiles: the built-in ones read cleanly; a malformed profile is
// refused with file:line:col; unknown names list the choices; nothing falls
// back to a default provider.
#include "placement.h"
#include "provider.h"

#include <gtest/gtest.h>

using namespace sky;

namespace {

const char *kGood = R"(skyplan-provider: 1
id: tiny
label: Tiny
currency: USD
prices: {source: test, date: 2026-12-01}
transfer: {internet: 0.05, inter-region: 0.02, out: 0.05}
regions:
  r1: {country: DE, jurisdiction: EU}
offerings:
  vm: {types: [web_server], vcpu: 2, memory: 4GiB, hourly: {r1: 0.1}}
)";

// The profile with line `line` (1-based) replaced.
std::string withLine(int line, const std::string &text)
{
    std::string s = kGood;
    std::size_t at = 0;
    for (int i = 1; i < line; ++i)
        at = s.find('\n', at) + 1;
    const std::size_t end = s.find('\n', at);
    return s.replace(at, end - at, text);
}

struct Read
{
    bool ok;
    std::vector<Diagnostic> found;
};

Read read(const std::string &text)
{
    ProviderProfile p;
    Read r;
    r.ok = readProviderProfile(text, "p.yaml", p, r.found);
    return r;
}

} // namespace

TEST(ProviderProfile, BuiltinsReadCleanly)
{
    ASSERT_GE(builtinProviderFiles().size(), 2u);
    for (const auto &[name, text] : builtinProviderFiles()) {
        ProviderProfile p;
        std::vector<Diagnostic> found;
        EXPECT_TRUE(readProviderProfile(text, std::string(name), p, found)) << name;
        for (const Diagnostic &d : found)
            ADD_FAILURE() << d.format();
        EXPECT_FALSE(p.priceSource.empty());
        EXPECT_FALSE(p.priceDate.empty());
        EXPECT_FALSE(p.offerings.empty());
    }
    std::vector<Diagnostic> found;
    const ProviderSet set = loadProviders({"aws", "private-dc"}, "x.sky.yaml", found);
    EXPECT_TRUE(found.empty());
    ASSERT_NE(set.find("aws"), nullptr);
    // The EC2 figure of the table the profile is generated from (us-east-1, m5.large).
    const Offering *m5 = set.find("aws")->offering("m5.large");
    ASSERT_NE(m5, nullptr);
    EXPECT_DOUBLE_EQ(m5->hourly.at("us-east-1"), 0.096);
    EXPECT_DOUBLE_EQ(m5->vcpu, 2);
    EXPECT_DOUBLE_EQ(m5->memoryGiB, 8);
}

TEST(ProviderProfile, GoodProfileReads)
{
    const Read r = read(kGood);
    EXPECT_TRUE(r.ok);
    EXPECT_TRUE(r.found.empty());
}

TEST(ProviderProfile, MalformedProfilesGiveLineAndColumn)
{
    struct Case
    {
        int line;
        std::string text;
        int wantLine, wantColumn;
        std::string wantText;
    };
    const Case cases[] = {
        {10, "  vm: {types: [web_server], vcpu: 2, memory: 4GiB, hourly: {r1: -0.1}}", 10, 65, "negative"},
        {10, "  vm: {types: [web_server], vcpu: 2, memory: 4GiB}", 10, 3, "has no price"},
        {10, "  vm: {types: [web_server], hourly: {r9: 0.1}}", 10, 38, "unknown region 'r9' (regions: r1)"},
        {10, "  vm: {types: [web_server], hourly: {r1: cheap}}", 10, 42, "must be a number"},
        {10, "  bad: {types: [x], hourly: 1, colour: red}", 10, 32, "unknown field 'colour'"},
        {5, "prices: {source: test}", 1, 1, "date"},
        {8, "  r1: {country: DE, jurisdiction: EU, status: closing}", 8, 3, "no 'closes' date"},
        {6, "transfer: {internet: 0.05, inter-region: 0.02}", 6, 11, "transfer needs"},
    };
    for (const Case &c : cases) {
        const Read r = read(withLine(c.line, c.text));
        SCOPED_TRACE(c.text);
        EXPECT_FALSE(r.ok);
        ASSERT_FALSE(r.found.empty());
        bool matched = false;
        for (const Diagnostic &d : r.found)
            matched |= d.loc.line == c.wantLine && d.loc.column == c.wantColumn
                       && d.message.find(c.wantText) != std::string::npos && d.rule == "SP-PROVIDER";
        EXPECT_TRUE(matched) << r.found.front().format();
    }
}

TEST(ProviderProfile, UnknownNamesListTheChoicesAndNothingIsDefault)
{
    std::vector<Diagnostic> found;
    const ProviderSet set = loadProviders({"azure"}, "x.sky.yaml", found);
    EXPECT_TRUE(set.empty());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].message.find("unknown provider 'azure' (built-in: aws, private-dc"), std::string::npos)
        << found[0].format();
    found.clear();
    EXPECT_TRUE(loadProviders({}, "x.sky.yaml", found).empty());
    EXPECT_TRUE(found.empty());
    found.clear();
    loadProviders({"../elsewhere.yaml"}, "/tmp/x.sky.yaml", found);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].message.find("outside the topology's folder"), std::string::npos);
}
