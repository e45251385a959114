// Resource bounds (issue 7, docs/RELIABILITY.md): each hostile input is
// refused with file:line:col, or loaded, and never read past its limits. The
// times and memory of these cases are measured by tests/model/measure/bounds_measure.cpp,
// not here: these tests assert behaviour, not speed.
#include "descriptor.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

using namespace sky;
namespace fs = std::filesystem;

namespace {

const std::string kFile = "hostile.sky.yaml";

// The single error of a refused read, formatted as the user sees it.
std::string onlyError(const ReadResult &r)
{
    std::string out;
    for (const Diagnostic &d : r.diagnostics)
        if (d.severity == Severity::Error)
            out += (out.empty() ? "" : "\n") + d.format();
    return out;
}

long peakRssKiB()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

class TempDir
{
public:
    TempDir()
    {
        std::string templ = (fs::temp_directory_path() / "skyplan-bounds-XXXXXX").string();
        m_path = ::mkdtemp(templ.data());
    }
    ~TempDir() { fs::remove_all(m_path); }
    std::string file(const std::string &name) const { return (fs::path(m_path) / name).string(); }

private:
    std::string m_path;
};

std::string nodes(int count)
{
    std::string text = "skyplan: 1\nname: many\nnodes:\n";
    for (int i = 0; i < count; ++i)
        text += "  n" + std::to_string(i) + ": {type: internet}\n";
    return text;
}

} // namespace

TEST(Bounds, GigabyteFileIsRefusedFromItsSizeWithoutReadingIt)
{
    TempDir dir;
    const std::string path = dir.file("huge.sky.yaml");
    {
        std::ofstream(path) << "skyplan: 1\n";
    }
    fs::resize_file(path, std::uintmax_t(1) << 30); // sparse: no disk, no read
    const long before = peakRssKiB();
    const ReadResult r = readDescriptorFile(path);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(onlyError(r),
              path +
                  ": error: file of 1073741824 bytes is over the limit of 67108864 bytes [SP-IO]");
    // Not read: the peak memory did not grow by anything near the file.
    EXPECT_LT(peakRssKiB() - before, 64 * 1024);
}

TEST(Bounds, HundredThousandDeepNestingIsRefusedAtTheLimit)
{
    const std::string flow =
        "skyplan: 1\nextra: " + std::string(100'000, '[') + std::string(100'000, ']') + "\n";
    ReadResult r = readDescriptor(flow, kFile);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(onlyError(r), kFile + ":2:71: error: nesting deeper than 64 levels [SP-YAML]");

    std::string maps = "skyplan: 1\nextra: ";
    for (int i = 0; i < 100'000; ++i)
        maps += "{a: ";
    maps += "1" + std::string(100'000, '}') + "\n";
    r = readDescriptor(maps, kFile);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(onlyError(r), kFile + ":2:260: error: nesting deeper than 64 levels [SP-YAML]");

    std::string block = "skyplan: 1\nextra:\n";
    for (int i = 0; i < 100'000; ++i)
        block += "- ";
    block += "x\n";
    r = readDescriptor(block, kFile);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(onlyError(r), kFile + ":3:127: error: nesting deeper than 64 levels [SP-YAML]");
}

TEST(Bounds, AliasBombIsRefusedBeforeItExpands)
{
    std::string text = "skyplan: 1\nname: t\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
        const std::string prev = "*l" + std::to_string(i - 1);
        text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
        for (int k = 0; k < 10; ++k)
            text += (k ? ", " : "") + prev;
        text += "]\n";
    }
    const ReadResult r = readDescriptor(text, kFile);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(
        onlyError(r),
        kFile +
            ":7:45: error: aliases expand to more than 100000 nodes (an alias bomb?) [SP-YAML]");
}

TEST(Bounds, HundredMegabyteScalarIsRefused)
{
    // As a file: over the 64 MiB file limit, refused from its size.
    TempDir dir;
    const std::string path = dir.file("scalar.sky.yaml");
    {
        std::ofstream out(path, std::ios::binary);
        out << "skyplan: 1\nname: t\ndescription: ";
        const std::string chunk(1 << 20, 'x');
        for (int i = 0; i < 100; ++i)
            out << chunk;
        out << "\n";
    }
    ReadResult r = readDescriptorFile(path);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(onlyError(r),
              path +
                  ": error: file of 104857633 bytes is over the limit of 67108864 bytes [SP-IO]");

    // Under the file limit but over the scalar limit: refused at the scalar.
    const std::string text =
        "skyplan: 1\nname: t\ndescription: " + std::string(2 << 20, 'x') + "\n";
    r = readDescriptor(text, kFile);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(onlyError(r),
              kFile +
                  ":3:14: error: a scalar of 2097152 bytes is over the limit of 1048576 [SP-YAML]");
}

TEST(Bounds, HundredThousandKeyMapLoadsAndADuplicateAtItsEndIsFound)
{
    std::string text = nodes(100'000);
    ReadResult r = readDescriptor(text, kFile);
    EXPECT_TRUE(r.readable);
    EXPECT_FALSE(hasErrors(r.diagnostics)) << onlyError(r);
    EXPECT_EQ(r.topology.nodes.size(), 100'000u);

    text += "  n0: {type: internet}\n";
    r = readDescriptor(text, kFile);
    EXPECT_EQ(onlyError(r),
              kFile + ":100004:3: error: duplicate key 'n0' (first at line 4) [SP-YAML-DUPKEY]");
}

TEST(Bounds, CommaAloneIsRefused)
{
    const ReadResult r = readDescriptor(",", kFile);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(onlyError(r),
              kFile +
                  ":1:1: error: unexpected character; the file is not a YAML mapping [SP-YAML]");
}

TEST(Bounds, SecondDocumentIsRefused)
{
    const ReadResult r = readDescriptor("skyplan: 1\nname: a\n---\nskyplan: 1\nname: b\n", kFile);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(
        onlyError(r),
        kFile + ":3:1: error: a descriptor holds one YAML document; found another here [SP-YAML]");
    // Many documents: refused at the second, whatever follows.
    std::string many;
    for (int i = 0; i < 10'000; ++i)
        many += "---\nskyplan: 1\n";
    EXPECT_EQ(
        onlyError(readDescriptor(many, kFile)),
        kFile + ":3:1: error: a descriptor holds one YAML document; found another here [SP-YAML]");
}

TEST(Bounds, NulByteIsRefusedWhereItIs)
{
    const ReadResult r = readDescriptor(std::string("skyplan: 1\nname: a\0b\n", 20), kFile);
    EXPECT_FALSE(r.readable);
    EXPECT_EQ(onlyError(r),
              kFile + ":2:8: error: binary data (a NUL byte): not a YAML text file [SP-YAML]");
}

TEST(Bounds, CrlfLoadsWithTheRightLinesAndNoCarriageReturns)
{
    const std::string text =
        "skyplan: 1\r\nname: shop\r\ndescription: two\r\n  lines\r\nnodes:\r\n"
        "  i: {type: internet}\r\n  fw:\r\n    type: firewall\r\n    label: Edge\r\n"
        "links:\r\n  - {from: i.out, to: fw.ext}\r\n";
    const ReadResult r = readDescriptor(text, kFile);
    ASSERT_TRUE(r.readable);
    EXPECT_FALSE(hasErrors(r.diagnostics)) << onlyError(r);
    EXPECT_EQ(r.topology.name, "shop");
    EXPECT_EQ(r.topology.description, "two lines");
    EXPECT_EQ(r.topology.node("fw")->label, "Edge");
    EXPECT_EQ(r.sources.find("nodes/fw"), (SourceLoc{7, 3}));
    EXPECT_EQ(r.sources.find("links/i.out -> fw.ext"), (SourceLoc{11, 5}));
    // Written back with LF only.
    EXPECT_EQ(writeDescriptor(r.topology).find('\r'), std::string::npos);

    const ReadResult bad = readDescriptor(
        "skyplan: 1\r\nnodes:\r\n  a: {type: internet}\r\n  a: {type: internet}\r\n", kFile);
    EXPECT_EQ(onlyError(bad),
              kFile + ":4:3: error: duplicate key 'a' (first at line 3) [SP-YAML-DUPKEY]");
}

TEST(Bounds, TabsInIndentationAreRefusedTabsInValuesKept)
{
    const ReadResult bad = readDescriptor("skyplan: 1\nnodes:\n\ta: {type: internet}\n", kFile);
    EXPECT_FALSE(bad.readable);
    EXPECT_EQ(onlyError(bad),
              kFile + ":3:1: error: a tab in indentation: YAML indents with spaces only [SP-YAML]");

    const ReadResult ok =
        readDescriptor("skyplan: 1\t\nname: \"a\tb\"\ndescription: c\td\n", kFile);
    ASSERT_TRUE(ok.readable);
    EXPECT_FALSE(hasErrors(ok.diagnostics)) << onlyError(ok);
    EXPECT_EQ(ok.topology.name, "a\tb");
    EXPECT_EQ(ok.topology.description, "c\td");
}

TEST(Bounds, Utf16AndUtf32AreRefusedByName)
{
    const std::string le("\xFF\xFEs\0k\0y\0", 8);
    EXPECT_EQ(onlyError(readDescriptor(le, kFile)),
              kFile + ":1:1: error: the file is UTF-16LE text with a byte order mark, not UTF-8: "
                      "save it as UTF-8 [SP-YAML]");
    const std::string be("\xFE\xFF\0s\0k", 6);
    EXPECT_EQ(onlyError(readDescriptor(be, kFile)),
              kFile + ":1:1: error: the file is UTF-16BE text with a byte order mark, not UTF-8: "
                      "save it as UTF-8 [SP-YAML]");
    const std::string leNoBom("s\0k\0y\0", 6);
    EXPECT_EQ(onlyError(readDescriptor(leNoBom, kFile)),
              kFile +
                  ":1:1: error: the file is UTF-16LE text, not UTF-8: save it as UTF-8 [SP-YAML]");
    const std::string beNoBom("\0s\0k\0y", 6);
    EXPECT_EQ(onlyError(readDescriptor(beNoBom, kFile)),
              kFile +
                  ":1:1: error: the file is UTF-16BE text, not UTF-8: save it as UTF-8 [SP-YAML]");
    const std::string utf32("s\0\0\0k\0\0\0", 8);
    EXPECT_EQ(onlyError(readDescriptor(utf32, kFile)),
              kFile +
                  ":1:1: error: the file is UTF-32LE text, not UTF-8: save it as UTF-8 [SP-YAML]");
    // A UTF-8 byte order mark is fine.
    const ReadResult bom = readDescriptor("\xEF\xBB\xBFskyplan: 1\nname: t\n", kFile);
    EXPECT_TRUE(bom.readable);
    EXPECT_FALSE(hasErrors(bom.diagnostics)) << onlyError(bom);
}

// A byte that is not UTF-8 is reported where it stands: each kind the
// decoder refuses (a stray continuation byte, a cut-off sequence, an
// overlong form, a surrogate, a value past U+10FFFF, a byte no sequence
// starts with), after multi-byte characters that count one column each.
TEST(Bounds, InvalidUtf8IsReportedAtItsLineAndColumn)
{
    const std::string head = "skyplan: 1\nname: t\ndescription: \"h\xC3\xA9llo \xE2\x82\xAC ";
    for (const std::string &bad : {std::string("\x80"), std::string("\xC3") + "\"", std::string("\xC0\xAF"),
                                  std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"), std::string("\xFF")}) {
        const ReadResult r = readDescriptor(head + bad + "\"\n", kFile);
        EXPECT_FALSE(r.readable);
        // "description: \"" is 14 characters, then h é l l o space € space (8): the bad byte is column 23.
        EXPECT_EQ(onlyError(r), kFile + ":3:23: error: invalid UTF-8 byte sequence [SP-YAML]");
    }
    const ReadResult cut = readDescriptor("skyplan: 1\nname: \xE2\x82", kFile);
    EXPECT_EQ(onlyError(cut), kFile + ":2:7: error: invalid UTF-8 byte sequence [SP-YAML]");
    const ReadResult fine = readDescriptor(head + "\xF0\x9F\x9A\x80\"\n", kFile); // U+1F680 is fine
    EXPECT_TRUE(fine.readable) << onlyError(fine);
}
