// Load and save of generated topologies, against yaml-cpp's own YAML::Load of
// the same text in the same run (the ratio is the figure that travels).
#include "catalog.h"
#include "descriptor.h"
#include "generator.h"
#include "yamlfast.h"

#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <unistd.h>

using namespace sky;

namespace {

const std::string &textOf(int nodes)
{
    static std::map<int, std::string> cache;
    auto it = cache.find(nodes);
    if (it == cache.end())
        it = cache.emplace(nodes, writeDescriptor(generateTopology(Catalog::builtin(), {nodes, 1.5, 42, true}))).first;
    return it->second;
}

void BM_ReadDescriptor(benchmark::State &state)
{
    const std::string &text = textOf(int(state.range(0)));
    for (auto _ : state) {
        ReadResult r = readDescriptor(text, "bench.sky.yaml");
        benchmark::DoNotOptimize(r.topology.nodes.size());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * text.size()));
    state.counters["bytes"] = double(text.size());
}

// The first pass alone: our bounded tree, by the fast path for this canonical text.
void BM_ParseYamlEvents(benchmark::State &state)
{
    const std::string &text = textOf(int(state.range(0)));
    for (auto _ : state) {
        std::vector<Diagnostic> d;
        auto doc = parseYaml(text, "bench.sky.yaml", d);
        benchmark::DoNotOptimize(doc.get());
    }
}

// The same first pass, yaml-cpp only (parseYaml's fallback for what the
// fast path gives up on), and the fast path alone: the ratio of the two is
// what the fast path buys on our own canonical text.
void BM_ParseYamlSlow(benchmark::State &state)
{
    const std::string &text = textOf(int(state.range(0)));
    for (auto _ : state) {
        std::vector<Diagnostic> d;
        auto doc = parseYamlSlow(text, "bench.sky.yaml", d);
        benchmark::DoNotOptimize(doc.get());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * text.size()));
}

void BM_ParseYamlFast(benchmark::State &state)
{
    const std::string &text = textOf(int(state.range(0)));
    for (auto _ : state) {
        auto doc = parseYamlFast(text);
        if (!doc)
            state.SkipWithError("the fast path gave up on canonical text");
        benchmark::DoNotOptimize(doc.get());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * text.size()));
}

void BM_YamlCppLoad(benchmark::State &state)
{
    const std::string &text = textOf(int(state.range(0)));
    for (auto _ : state) {
        YAML::Node n = YAML::Load(text);
        benchmark::DoNotOptimize(n.size());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * text.size()));
}

void BM_WriteDescriptor(benchmark::State &state)
{
    const Topology t = readDescriptor(textOf(int(state.range(0))), "b").topology;
    for (auto _ : state) {
        std::string out = writeDescriptor(t);
        benchmark::DoNotOptimize(out.data());
    }
}

// Save as the user gets it: canonical text, read back and compared, atomic write with fsync.
void BM_SaveDescriptor(benchmark::State &state)
{
    const Topology t = readDescriptor(textOf(int(state.range(0))), "b").topology;
    const std::string path = (std::filesystem::temp_directory_path() / ("skyplan-bench-" + std::to_string(::getpid()) + ".sky.yaml")).string();
    std::string error;
    for (auto _ : state) {
        if (!saveDescriptor(t, path, error))
            state.SkipWithError(error.c_str());
    }
    std::filesystem::remove(path);
}

} // namespace

BENCHMARK(BM_ReadDescriptor)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseYamlEvents)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseYamlSlow)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseYamlFast)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_YamlCppLoad)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
// 100,000 nodes (about 20 MB): where a superlinear reader would show.
BENCHMARK(BM_ReadDescriptor)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_YamlCppLoad)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteDescriptor)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SaveDescriptor)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
