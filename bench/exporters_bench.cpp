// Export of a generated 10,000-node topology to each format, against the
// native writeDescriptor of the same topology in the same run: the ratio is
// the figure that travels (docs/PERFORMANCE.md, "Exports"; budget: 3x).
#include "allformats.h"
#include "catalog.h"
#include "descriptor.h"
#include "format.h"
#include "generator.h"

#include <benchmark/benchmark.h>

using namespace sky;

namespace {

const Topology &topology()
{
    static const Topology t = generateTopology(Catalog::builtin(), {10000, 1.5, 42, true});
    return t;
}

void BM_Native(benchmark::State &state)
{
    topology(); // generated once, outside the timing
    for (auto _ : state) {
        std::string text = writeDescriptor(topology());
        benchmark::DoNotOptimize(text.data());
        state.counters["bytes"] = double(text.size());
    }
}

template<std::unique_ptr<Format> (*Make)()>
void BM_Export(benchmark::State &state)
{
    const auto format = Make();
    topology();
    for (auto _ : state) {
        std::string text, error;
        format->write(topology(), Catalog::builtin(), text, error);
        benchmark::DoNotOptimize(text.data());
        state.counters["bytes"] = double(text.size());
    }
}

template<std::unique_ptr<Format> (*Make)()>
void BM_Import(benchmark::State &state)
{
    const auto format = Make();
    std::string text, error;
    format->write(topology(), Catalog::builtin(), text, error);
    for (auto _ : state) {
        Topology t;
        std::vector<Diagnostic> diagnostics;
        format->read(text, "bench", Catalog::builtin(), t, diagnostics);
        benchmark::DoNotOptimize(t.nodes.size());
    }
}

void BM_NativeRead(benchmark::State &state)
{
    const std::string text = writeDescriptor(topology());
    for (auto _ : state) {
        ReadResult r = readDescriptor(text, "bench");
        benchmark::DoNotOptimize(r.topology.nodes.size());
    }
}

} // namespace

BENCHMARK(BM_Native)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Export<makeToscaFormat>)->Name("BM_Export/tosca")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Export<makeComposeFormat>)->Name("BM_Export/compose")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Export<makeAdlFormat>)->Name("BM_Export/adl")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Export<makeDotFormat>)->Name("BM_Export/dot")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NativeRead)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import<makeToscaFormat>)->Name("BM_Import/tosca")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import<makeComposeFormat>)->Name("BM_Import/compose")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
