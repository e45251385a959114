// `skyplan merge` on sides in other formats (issue 6: merge works on any file
// Skyplan reads, as diff does): TOSCA and Compose exports of the same edits
// merge to what the native files merge to, the result is a native topology,
// and a result is never written where its name says another format.
#include "runner.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

std::string q(const std::string &s)
{
    return "'" + s + "'";
}

// Base, ours (a changed property, a moved node) and theirs (an added node
// and link), with secrets as references so every format carries them alike.
std::string topology(const std::string &engine, int webX, bool withCache)
{
    return "skyplan: 1\n"
           "name: shop\n"
           "nodes:\n"
           "  internet: {type: internet}\n"
           "  web:\n"
           "    type: web_server\n"
           "    zone: front\n"
           "    properties: {image: \"nginx:1.27\", port: 8080}\n"
           "  db:\n"
           "    type: database\n"
           "    zone: data\n"
           "    properties: {engine: " + engine + ", password: {secret: DB_PASSWORD}}\n"
           + std::string(withCache ? "  cache: {type: cache, zone: data}\n" : "")
           + "links:\n"
             "  - {from: internet.out, to: web.in, protocol: http, port: 8080}\n"
             "  - {from: web.out, to: db.in}\n"
           + std::string(withCache ? "  - {from: web.out, to: cache.in}\n" : "")
           + "zones: {front: {label: Front}, data: {label: Data}}\n"
             "layout:\n"
             "  nodes: {internet: [0, 0], web: [" + std::to_string(webX) + ", 0], db: [480, 0]"
           + std::string(withCache ? ", cache: [480, 160]" : "") + "}\n";
}

class MergeFormats : public ::testing::Test
{
protected:
    void SetUp() override { m_dir = makeTempDir(); }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string path(const std::string &name) const { return m_dir + "/" + name; }

    // The native text written as `name`.sky.yaml and exported to `format` as
    // `name`.`format`.yaml (the extension that names the format).
    std::string exported(const std::string &name, const std::string &text, const std::string &format) const
    {
        const std::string native = path(name + ".sky.yaml");
        writeText(native, text);
        if (format == "skyplan")
            return native;
        const std::string out = path(name + "." + format + ".yaml");
        const Outcome r = skyplan("export " + q(native) + " --to " + format + " --force -o " + q(out));
        EXPECT_EQ(r.code, 0) << r.err;
        return out;
    }

    // Merges the three sides given in `formats` and checks that the result is
    // a native topology equal, layout included, to the merge of the native files.
    void expectSameMergeAsNative(const std::string &baseFormat, const std::string &oursFormat,
                                 const std::string &theirsFormat) const
    {
        const std::string base = exported("base", topology("postgres", 320, false), baseFormat);
        const std::string ours = exported("ours", topology("mysql", 400, false), oursFormat);
        const std::string theirs = exported("theirs", topology("postgres", 320, true), theirsFormat);
        const std::string out = path("out.sky.yaml");
        const Outcome r = skyplan("merge " + q(base) + " " + q(ours) + " " + q(theirs) + " -o " + q(out));
        ASSERT_EQ(r.code, 0) << r.err;
        const std::string merged = readText(out);
        EXPECT_EQ(merged.rfind("skyplan: 1\n", 0), 0u) << merged;
        EXPECT_NE(merged.find("engine: mysql"), std::string::npos) << merged;
        EXPECT_NE(merged.find("cache:"), std::string::npos) << merged;

        const std::string expected = path("expected.sky.yaml");
        writeText(expected, topology("mysql", 400, true));
        const Outcome same = skyplan("diff " + q(expected) + " " + q(out));
        EXPECT_EQ(same.code, 0) << same.out << same.err << merged;
        // Readable as a native topology (1 would be findings about the design itself).
        EXPECT_NE(skyplan("validate " + q(out)).code, 2) << merged;
    }

private:
    std::string m_dir;
};

} // namespace

TEST_F(MergeFormats, ToscaSidesMergeLikeNativeOnes)
{
    expectSameMergeAsNative("tosca", "tosca", "tosca");
}

TEST_F(MergeFormats, ComposeSidesMergeLikeNativeOnes)
{
    expectSameMergeAsNative("compose", "compose", "compose");
}

TEST_F(MergeFormats, EachSideIsReadInItsOwnFormat)
{
    expectSameMergeAsNative("skyplan", "tosca", "compose");
}

TEST_F(MergeFormats, ConflictBetweenToscaSidesKeepsBothValues)
{
    const std::string base = exported("base", topology("postgres", 320, false), "tosca");
    const std::string ours = exported("ours", topology("mysql", 320, false), "tosca");
    const std::string theirs = exported("theirs", topology("mariadb", 320, false), "compose");
    const std::string out = path("out.sky.yaml");
    const Outcome r = skyplan("merge " + q(base) + " " + q(ours) + " " + q(theirs) + " -o " + q(out));
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("CONFLICT (both changed): node db, properties.engine: base \"postgres\", "
                         "ours \"mysql\", theirs \"mariadb\"; kept ours"),
              std::string::npos)
        << r.err;
    const std::string merged = readText(out);
    for (const char *value : {"skyplan: 1", "mysql", "mariadb", "merge-conflicts"})
        EXPECT_NE(merged.find(value), std::string::npos) << value << " lost:\n" << merged;
}

TEST_F(MergeFormats, GitTemporaryFilesAreReadByTheirPathOrByFrom)
{
    // git's %O %A %B have no extension of their own; %P (--path) has it.
    const std::string sides[] = {
        exported("base", topology("postgres", 320, false), "compose"),
        exported("ours", topology("mysql", 320, false), "compose"),
        exported("theirs", topology("postgres", 320, true), "compose"),
    };
    std::string files;
    for (int i = 0; i < 3; ++i) {
        const std::string temporary = path(".merge_file_" + std::to_string(i));
        writeText(temporary, readText(sides[i]));
        files += q(temporary) + " ";
    }
    const Outcome byPath = skyplan("merge " + files + "--path deploy/shop.compose.yaml -o -");
    EXPECT_EQ(byPath.code, 0) << byPath.err;
    EXPECT_NE(byPath.out.find("engine: mysql"), std::string::npos) << byPath.out;
    EXPECT_NE(byPath.out.find("cache:"), std::string::npos) << byPath.out;

    const Outcome byFrom = skyplan("merge " + files + "--from compose -o -");
    EXPECT_EQ(byFrom.code, 0) << byFrom.err;
    EXPECT_EQ(byFrom.out, byPath.out);

    // Read as native, the Compose text is no topology: trouble, not a merge.
    const Outcome asNative = skyplan("merge " + files + "-o -");
    EXPECT_EQ(asNative.code, 2) << asNative.out;
}

TEST_F(MergeFormats, NeverWritesNativeTextUnderAnotherFormatsName)
{
    const std::string base = exported("base", topology("postgres", 320, false), "tosca");
    const std::string ours = exported("ours", topology("mysql", 320, false), "tosca");
    const std::string theirs = exported("theirs", topology("postgres", 320, true), "tosca");
    const std::string before = readText(ours);
    // Without -o the result would replace OURS, a TOSCA file.
    const Outcome r = skyplan("merge " + q(base) + " " + q(ours) + " " + q(theirs));
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("-o FILE.sky.yaml"), std::string::npos) << r.err;
    EXPECT_EQ(readText(ours), before);
    const Outcome named = skyplan("merge " + q(base) + " " + q(ours) + " " + q(theirs) + " -o "
                                  + q(path("out.compose.yaml")));
    EXPECT_EQ(named.code, 2) << named.err;
    EXPECT_FALSE(fs::exists(path("out.compose.yaml")));
}
