// The commands end to end on the region-closing example: validate reports
// the closing region, place --keep moves what must move and writes the file,
// cost prices the result, diff --cost shows the delta, and place refuses to
// guess a provider.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct Outcome
{
    int code = -1;
    std::string out;
};

Outcome run(const std::string &args)
{
    Outcome r;
    const std::string command = std::string(SKYPLAN_BIN) + " " + args + " 2>&1";
    FILE *pipe = popen(command.c_str(), "r");
    if (!pipe)
        return r;
    std::array<char, 4096> buf{};
    while (const std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe))
        r.out.append(buf.data(), n);
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

fs::path copyExample()
{
    const fs::path dir = fs::temp_directory_path() / ("skyplan-place-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const char *name : {"shop.sky.yaml", "acme-cloud.yaml"})
        fs::copy_file(fs::path(SKYPLAN_EXAMPLES) / "region-closing" / name, dir / name);
    return dir;
}

} // namespace

TEST(PlacementCli, RegionClosingStory)
{
    const fs::path dir = copyExample();
    const std::string shop = (dir / "shop.sky.yaml").string(), moved = (dir / "moved.sky.yaml").string();

    Outcome v = run("validate " + shop);
    EXPECT_EQ(v.code, 1);
    EXPECT_NE(v.out.find("node 'web' is placed on acme/us-northwest where the region is closing (closes on 2027-01-31) [SP-PLACEMENT]"),
              std::string::npos) << v.out;

    Outcome p = run("place " + shop + " --keep -q -o " + moved);
    EXPECT_EQ(p.code, 0) << p.out;
    EXPECT_NE(p.out.find("web: acme/us-northwest -> acme/us-east (region closing on 2027-01-31)"), std::string::npos) << p.out;
    EXPECT_NE(p.out.find("cost delta: +25.55 USD a month (before 584.80, after 610.35)"), std::string::npos) << p.out;
    EXPECT_EQ(run("validate " + moved).out.find("SP-PLACEMENT"), std::string::npos);

    Outcome c = run("cost " + moved + " --format json");
    EXPECT_EQ(c.code, 0);
    EXPECT_NE(c.out.find("\"total\": {\"monthly\": 610.35"), std::string::npos) << c.out;
    Outcome csv = run("cost " + moved + " --format csv");
    EXPECT_NE(csv.out.find("db,database,,acme,us-west,db,240.90,10.00,0.00,0.20,251.10,"), std::string::npos) << csv.out;

    Outcome d = run("diff " + shop + " " + moved + " --cost");
    EXPECT_EQ(d.code, 1);
    EXPECT_NE(d.out.find("total: 584.80 -> 610.35 (+25.55)"), std::string::npos) << d.out;

    // The original is untouched (written elsewhere), and a dry run writes nothing.
    EXPECT_NE(run("cost " + shop).out.find("total USD a month: 584.80"), std::string::npos);
    fs::remove_all(dir);
}

TEST(PlacementCli, NoProviderIsNeverGuessed)
{
    const fs::path dir = copyExample();
    const std::string bare = (dir / "bare.sky.yaml").string();
    std::ofstream(bare) << "skyplan: 1\nnodes:\n  web: {type: web_server}\n";
    Outcome p = run("place " + bare);
    EXPECT_EQ(p.code, 2);
    EXPECT_NE(p.out.find("no provider profiles: name them with --providers (built-in: aws,private-dc)"),
              std::string::npos) << p.out;
    Outcome unknown = run("place " + bare + " --providers azure");
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.out.find("unknown provider 'azure' (built-in: aws, private-dc"), std::string::npos) << unknown.out;
    Outcome ok = run("place " + bare + " --providers private-dc --dry-run");
    EXPECT_EQ(ok.code, 0) << ok.out;
    EXPECT_NE(ok.out.find("web: private-dc/"), std::string::npos) << ok.out;
    fs::remove_all(dir);
}

// The pull-request comment: the changes, the cost delta and the findings
// the move clears (the closing region's SP-PLACEMENT errors, judged by each
// side's own profiles); the JSON and the picture's legend carry the delta.
TEST(PlacementCli, ReviewCarriesTheCostDeltaAndTheFindingsCleared)
{
    const fs::path dir = copyExample();
    const std::string shop = (dir / "shop.sky.yaml").string(), moved = (dir / "moved.sky.yaml").string();
    ASSERT_EQ(run("place " + shop + " --keep -q -o " + moved).code, 0);

    Outcome md = run("diff " + shop + " " + moved + " --format markdown");
    EXPECT_EQ(md.code, 1);
    EXPECT_NE(md.out.find("**0 added, 0 removed, 5 changed, 0 renamed**"), std::string::npos) << md.out;
    EXPECT_NE(md.out.find("| web | 73.00 | 80.30 | +7.30 |"), std::string::npos) << md.out;
    EXPECT_NE(md.out.find("| **total** | **584.80** | **610.35** | **+25.55** |"), std::string::npos) << md.out;
    EXPECT_NE(md.out.find("**Cleared by this change (5)**"), std::string::npos) << md.out;
    EXPECT_NE(md.out.find("- error SP-PLACEMENT: node 'web' is placed on acme/us-northwest"), std::string::npos)
        << md.out;
    EXPECT_EQ(md.out.find("Added by this change"), std::string::npos) << md.out;

    // The reverse change adds what the move cleared.
    Outcome back = run("diff " + moved + " " + shop + " --format markdown");
    EXPECT_NE(back.out.find("**Added by this change (5)**"), std::string::npos) << back.out;
    EXPECT_NE(back.out.find("**-25.55**"), std::string::npos) << back.out;

    Outcome json = run("diff " + shop + " " + moved + " --format json --cost");
    EXPECT_NE(json.out.find("\"cost\":{\"currency\":\"USD\",\"before\":584.80,\"after\":610.35,\"delta\":25.55,"),
              std::string::npos) << json.out;
    EXPECT_EQ(run("diff " + shop + " " + moved + " --format json").out.find("\"cost\""), std::string::npos);

    const std::string svg = (dir / "review.svg").string();
    ASSERT_EQ(run("render --diff " + shop + " " + moved + " -o " + svg).code, 0);
    std::ifstream in(svg);
    const std::string picture((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(picture.find("cost a month: 584.80 \xE2\x86\x92 610.35 USD (+25.55)"), std::string::npos);
    fs::remove_all(dir);
}

// What Markdown or HTML would read as markup in a file name or a value is
// escaped in the comment.
TEST(PlacementCli, ReviewCommentEscapesMarkup)
{
    const fs::path dir = copyExample();
    const std::string a = (dir / "a.sky.yaml").string(), b = (dir / "b<script>|x.sky.yaml").string();
    std::ofstream(a) << "skyplan: 1\nnodes:\n  web: {type: web_server}\n";
    std::ofstream(b) << "skyplan: 1\nnodes:\n  web: {type: web_server, label: \"<img src=x onerror=alert(1)> | *\"}\n";
    Outcome md = run("diff " + a + " '" + b + "' --format markdown");
    EXPECT_EQ(md.code, 1) << md.out;
    // Every '<' of the comment is escaped but the line breaks it writes itself.
    for (std::size_t at = md.out.find('<'); at != std::string::npos; at = md.out.find('<', at + 1))
        EXPECT_TRUE((at > 0 && md.out[at - 1] == '\\') || md.out.compare(at, 4, "<br>") == 0)
            << md.out.substr(at, 20) << "\n" << md.out;
    EXPECT_NE(md.out.find("\\<img src=x onerror=alert(1)\\> \\| \\*"), std::string::npos) << md.out;
    fs::remove_all(dir);
}
