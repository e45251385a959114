// Measures one hostile input of the resource bounds (docs/RELIABILITY.md):
//   skyplan_bounds_measure CASE [FOLDER]
// prints "CASE<TAB>outcome<TAB>first error<TAB>read ms (wall)<TAB>read ms (CPU)
// <TAB>peak RSS KiB". The peak includes the input text of in-memory cases.
// One case a process, so that the peak RSS is that case's own; FOLDER (default
// /tmp) holds the files of the file cases. measure-bounds.sh runs them all.
// Not a test: tests/model/bounds_test.cpp asserts the behaviour.
#include "descriptor.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <sys/resource.h>

using namespace sky;
namespace fs = std::filesystem;

namespace {

std::string g_folder = "/tmp";

double cpuMs()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

std::string repeat(std::string_view s, int n)
{
    std::string out;
    out.reserve(s.size() * std::size_t(n));
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

std::string fileCase(const std::string &name, const std::function<void(std::ofstream &)> &fill)
{
    const std::string path = (fs::path(g_folder) / name).string();
    std::ofstream out(path, std::ios::binary);
    fill(out);
    return path;
}

struct Input
{
    std::string text; // read from memory, unless path is set
    std::string path;
    YamlLimits limits;
};

std::map<std::string, std::function<Input()>> cases()
{
    std::map<std::string, std::function<Input()>> c;
    c["baseline"] = [] { return Input{"skyplan: 1\nname: t\n", {}, {}}; };
    c["gigabyte-file"] = [] {
        Input in;
        in.path = fileCase("bounds-1g.sky.yaml", [](std::ofstream &out) { out << "skyplan: 1\n"; });
        fs::resize_file(in.path, std::uintmax_t(1) << 30);
        return in;
    };
    c["nesting-100k-flow"] = [] {
        return Input{
            "skyplan: 1\nextra: " + repeat("[", 100'000) + repeat("]", 100'000) + "\n", {}, {}};
    };
    c["nesting-100k-block"] = [] {
        return Input{"skyplan: 1\nextra:\n" + repeat("- ", 100'000) + "x\n", {}, {}};
    };
    c["alias-bomb"] = [] {
        std::string t = "skyplan: 1\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
        for (int i = 1; i < 10; ++i) {
            const std::string prev = "*l" + std::to_string(i - 1);
            t += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev +
                 repeat(", " + prev, 9) + "]\n";
        }
        return Input{t, {}, {}};
    };
    c["scalar-100mb-file"] = [] {
        Input in;
        in.path = fileCase("bounds-scalar.sky.yaml", [](std::ofstream &out) {
            out << "skyplan: 1\nname: t\ndescription: ";
            const std::string chunk(1 << 20, 'x');
            for (int i = 0; i < 100; ++i)
                out << chunk;
            out << "\n";
        });
        return in;
    };
    c["scalar-100mb-memory"] = [] {
        Input in{
            "skyplan: 1\nname: t\ndescription: " + std::string(100u << 20, 'x') + "\n", {}, {}};
        in.limits.maxBytes = 200u << 20; // past the file limit, to reach the scalar limit
        return in;
    };
    c["scalar-60mb-file"] = [] { // the largest scalar under the file limit
        Input in;
        in.path = fileCase("bounds-scalar60.sky.yaml", [](std::ofstream &out) {
            out << "skyplan: 1\nname: t\ndescription: ";
            const std::string chunk(1 << 20, 'x');
            for (int i = 0; i < 60; ++i)
                out << chunk;
            out << "\n";
        });
        return in;
    };
    c["scalar-2mb"] = [] {
        return Input{
            "skyplan: 1\nname: t\ndescription: " + std::string(2u << 20, 'x') + "\n", {}, {}};
    };
    c["map-100k-keys"] = [] {
        std::string t = "skyplan: 1\nname: many\nnodes:\n";
        for (int i = 0; i < 100'000; ++i)
            t += "  n" + std::to_string(i) + ": {type: internet}\n";
        return Input{t, {}, {}};
    };
    c["comma"] = [] { return Input{",", {}, {}}; };
    c["documents-10k"] = [] { return Input{repeat("---\nskyplan: 1\n", 10'000), {}, {}}; };
    c["nul-byte"] = [] { return Input{std::string("skyplan: 1\nname: a\0b\n", 20), {}, {}}; };
    c["crlf"] = [] {
        return Input{"skyplan: 1\r\nname: shop\r\nnodes:\r\n  i: {type: internet}\r\n  fw: {type: "
                     "firewall}\r\n"
                     "links:\r\n  - {from: i.out, to: fw.ext}\r\n",
                     {},
                     {}};
    };
    c["tab-indent"] = [] { return Input{"skyplan: 1\nnodes:\n\ta: {type: internet}\n", {}, {}}; };
    c["tab-in-value"] = [] { return Input{"skyplan: 1\nname: \"a\tb\"\n", {}, {}}; };
    c["utf16-bom"] = [] {
        return Input{std::string("\xFF\xFEs\0k\0y\0p\0l\0a\0n\0:\0 \0"
                                 "1\0\n\0",
                                 24),
                     {},
                     {}};
    };
    c["utf16-no-bom"] = [] {
        return Input{std::string("\0s\0k\0y\0p\0l\0a\0n\0:\0 \0"
                                 "1\0\n",
                                 22),
                     {},
                     {}};
    };
    return c;
}

} // namespace

int main(int argc, char **argv)
{
    auto all = cases();
    if (argc < 2 || !all.count(argv[1])) {
        std::fprintf(stderr, "usage: %s CASE [FOLDER]\ncases:", argv[0]);
        for (const auto &[name, _] : all)
            std::fprintf(stderr, " %s", name.c_str());
        std::fprintf(stderr, "\n");
        return 2;
    }
    if (argc > 2)
        g_folder = argv[2];
    Input in = all[argv[1]]();
    const double cpu0 = cpuMs();
    const auto t0 = std::chrono::steady_clock::now();
    const ReadResult r = in.path.empty() ? readDescriptor(in.text, "hostile.sky.yaml", in.limits)
                                         : readDescriptorFile(in.path, in.limits);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = cpuMs() - cpu0;
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    std::string first;
    for (const Diagnostic &d : r.diagnostics)
        if (d.severity == Severity::Error) {
            first = d.format();
            break;
        }
    const bool loaded = r.readable && !hasErrors(r.diagnostics);
    std::printf("%s\t%s\t%s\t%.1f\t%.1f\t%ld\n", argv[1], loaded ? "loaded" : "refused",
                first.c_str(), ms, cpu, u.ru_maxrss);
    if (!in.path.empty())
        fs::remove(in.path);
    return 0;
}
