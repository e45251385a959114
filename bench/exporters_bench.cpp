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

// A foreign Compose file of 10,000 services as people write them: images
// pinned, commands, environment with interpolation, volumes, published
// ports, healthchecks, depends_on with conditions, two networks. Its import
// keeps all of that by value (compose.h).
const std::string &foreignCompose()
{
    static const std::string text = [] {
        std::string s = "services:\n";
        for (int i = 0; i < 10000; ++i) {
            const std::string id = "svc-" + std::to_string(i);
            const bool db = i % 10 == 9;
            s += "  " + id + ":\n";
            s += db ? "    image: postgres:16.4\n" : "    image: registry.example.com/team/app-" + std::to_string(i) + ":${TAG:-1.0}\n";
            s += "    command: [\"serve\", \"--port\", \"8080\"]\n";
            s += "    environment:\n      LOG_LEVEL: info\n      DB_URL: postgres://db-" + std::to_string(i) + ":5432/app\n";
            s += "    volumes: [\"data-" + std::to_string(i % 100) + ":/var/lib/data\", \"./conf:/etc/app:ro\"]\n";
            if (i % 50 == 0)
                s += "    ports: [\"127.0.0.1:" + std::to_string(8000 + i / 50) + ":8080\"]\n";
            s += "    healthcheck: {test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/health\"], interval: 10s}\n";
            if (!db)
                s += "    depends_on:\n      svc-" + std::to_string(i + (9 - i % 10)) + ": {condition: service_healthy}\n";
            s += std::string("    networks: [") + (db ? "back" : "front, back") + "]\n";
            s += "    restart: unless-stopped\n";
        }
        s += "networks:\n  front: {}\n  back: {}\nvolumes:\n";
        for (int v = 0; v < 100; ++v)
            s += "  data-" + std::to_string(v) + ": {}\n";
        return s;
    }();
    return text;
}

const Topology &foreignTopology()
{
    static const Topology t = [] {
        Topology out;
        std::vector<Diagnostic> diagnostics;
        makeComposeFormat()->read(foreignCompose(), "bench", Catalog::builtin(), out, diagnostics);
        return out;
    }();
    return t;
}

void BM_ForeignImport(benchmark::State &state)
{
    const auto format = makeComposeFormat();
    foreignCompose();
    for (auto _ : state) {
        Topology t;
        std::vector<Diagnostic> diagnostics;
        format->read(foreignCompose(), "bench", Catalog::builtin(), t, diagnostics);
        benchmark::DoNotOptimize(t.nodes.size());
    }
    state.counters["bytes"] = double(foreignCompose().size());
}

void BM_ForeignExport(benchmark::State &state)
{
    const auto format = makeComposeFormat();
    foreignTopology();
    for (auto _ : state) {
        std::string text, error;
        format->write(foreignTopology(), Catalog::builtin(), text, error);
        benchmark::DoNotOptimize(text.data());
    }
}

// The native reader and writer on the topology the foreign file imports to.
void BM_ForeignNativeRead(benchmark::State &state)
{
    const std::string text = writeDescriptor(foreignTopology());
    for (auto _ : state) {
        ReadResult r = readDescriptor(text, "bench");
        benchmark::DoNotOptimize(r.topology.nodes.size());
    }
}

void BM_ForeignNativeWrite(benchmark::State &state)
{
    foreignTopology();
    for (auto _ : state) {
        std::string text = writeDescriptor(foreignTopology());
        benchmark::DoNotOptimize(text.data());
    }
}

} // namespace

BENCHMARK(BM_ForeignNativeRead)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ForeignImport)->Name("BM_Import/compose-foreign")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ForeignNativeWrite)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ForeignExport)->Name("BM_Export/compose-foreign")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Native)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Export<makeToscaFormat>)->Name("BM_Export/tosca")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Export<makeComposeFormat>)->Name("BM_Export/compose")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Export<makeKubernetesFormat>)->Name("BM_Export/kubernetes")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Export<makeAdlFormat>)->Name("BM_Export/adl")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Export<makeDotFormat>)->Name("BM_Export/dot")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NativeRead)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import<makeToscaFormat>)->Name("BM_Import/tosca")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import<makeComposeFormat>)->Name("BM_Import/compose")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import<makeKubernetesFormat>)->Name("BM_Import/kubernetes")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
