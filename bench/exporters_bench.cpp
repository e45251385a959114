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

// Terraform (issue 23): the directory of files for AWS, in HCL and in JSON
// syntax, against BM_Native above (budget 3x).
template<bool Json>
void BM_TerraformExport(benchmark::State &state)
{
    const auto format = makeTerraformFormat();
    topology();
    WriteOptions options;
    options.provider = "aws";
    options.region = "eu-west-1";
    options.json = Json;
    for (auto _ : state) {
        std::vector<OutputFile> files;
        std::vector<Diagnostic> warnings;
        std::string error;
        format->writeFiles(topology(), Catalog::builtin(), options, files, error, warnings);
        std::size_t bytes = 0;
        for (const OutputFile &f : files)
            bytes += f.text.size();
        benchmark::DoNotOptimize(bytes);
        state.counters["bytes"] = double(bytes);
    }
}

// A `terraform show -json` state of 10,000 resources as a real web estate
// holds them: 100 subnets; per server a security group, an instance and an
// ingress rule from the group in front of it; databases, buckets, and a type
// Skyplan does not know. Attribute values as a state has them (ids, ARNs).
const std::string &foreignState()
{
    static const std::string text = [] {
        std::string s = "{\"format_version\":\"1.0\",\"terraform_version\":\"1.9.8\",\"values\":{\"root_module\":{\"resources\":[";
        int count = 0;
        const auto add = [&s, &count](const std::string &type, const std::string &name, const std::string &values) {
            s += count++ ? ",\n" : "\n";
            s += "{\"address\":\"" + type + "." + name + "\",\"mode\":\"managed\",\"type\":\"" + type
                 + "\",\"name\":\"" + name
                 + "\",\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"schema_version\":1,\"values\":{" + values
                 + "},\"sensitive_values\":{}}";
        };
        for (int i = 0; i < 100; ++i)
            add("aws_subnet", "s" + std::to_string(i),
                "\"id\":\"subnet-" + std::to_string(100000 + i) + "\",\"cidr_block\":\"10.1." + std::to_string(i)
                    + ".0/24\",\"availability_zone\":\"eu-west-1a\",\"region\":\"eu-west-1\",\"tags\":{\"Name\":\"s"
                    + std::to_string(i) + "\"}");
        int i = 0;
        while (count < 10000) {
            const std::string n = std::to_string(i);
            const std::string sg = "sg-" + std::to_string(500000 + i);
            add("aws_security_group", "g" + n,
                "\"id\":\"" + sg + "\",\"name\":\"g" + n + "\",\"vpc_id\":\"vpc-1\",\"region\":\"eu-west-1\",\"arn\":\"arn:aws:ec2:eu-west-1:123456789012:security-group/" + sg + "\"");
            if (i % 10 == 9)
                add("aws_db_instance", "d" + n,
                    "\"id\":\"db-" + n + "\",\"engine\":\"postgres\",\"engine_version\":\"16.4\",\"instance_class\":\"db.t3.medium\",\"allocated_storage\":50,\"port\":5432,\"region\":\"eu-west-1\",\"vpc_security_group_ids\":[\"" + sg + "\"],\"tags\":{\"Name\":\"d" + n + "\"}");
            else if (i % 10 == 8)
                add("aws_s3_bucket", "b" + n, "\"id\":\"bucket-" + n + "\",\"bucket\":\"bucket-" + n + "\",\"region\":\"eu-west-1\"");
            else if (i % 10 == 7)
                add("aws_cloudwatch_log_group", "l" + n, "\"id\":\"/app/" + n + "\",\"name\":\"/app/" + n + "\",\"retention_in_days\":14");
            else
                add("aws_instance", "i" + n,
                    "\"id\":\"i-0" + std::to_string(7000000 + i) + "\",\"ami\":\"ami-0a1b2c3d4e5f60718\",\"instance_type\":\"t3.small\",\"subnet_id\":\"subnet-"
                        + std::to_string(100000 + i % 100) + "\",\"region\":\"eu-west-1\",\"vpc_security_group_ids\":[\"" + sg
                        + "\"],\"tags\":{\"Name\":\"i" + n + "\"},\"root_block_device\":[{\"volume_size\":20,\"volume_type\":\"gp3\",\"encrypted\":true}]");
            if (i > 0 && count < 10000)
                add("aws_vpc_security_group_ingress_rule", "r" + n,
                    "\"id\":\"sgr-" + n + "\",\"security_group_id\":\"" + sg + "\",\"referenced_security_group_id\":\"sg-"
                        + std::to_string(500000 + i - 1) + "\",\"ip_protocol\":\"tcp\",\"from_port\":8080,\"to_port\":8080,\"region\":\"eu-west-1\"");
            ++i;
        }
        s += "]}}}\n";
        return s;
    }();
    return text;
}

void BM_TerraformImport(benchmark::State &state)
{
    const auto format = makeTerraformFormat();
    foreignState();
    for (auto _ : state) {
        Topology t;
        std::vector<Diagnostic> diagnostics;
        format->read(foreignState(), "bench.json", Catalog::builtin(), t, diagnostics);
        benchmark::DoNotOptimize(t.nodes.size());
        state.counters["nodes"] = double(t.nodes.size());
        state.counters["links"] = double(t.links.size());
    }
    state.counters["bytes"] = double(foreignState().size());
}

// The native reader on the topology the state imports to (every resource
// kept by value in it).
void BM_TerraformNativeRead(benchmark::State &state)
{
    Topology t;
    std::vector<Diagnostic> diagnostics;
    makeTerraformFormat()->read(foreignState(), "bench.json", Catalog::builtin(), t, diagnostics);
    const std::string text = writeDescriptor(t);
    for (auto _ : state) {
        ReadResult r = readDescriptor(text, "bench");
        benchmark::DoNotOptimize(r.topology.nodes.size());
    }
    state.counters["bytes"] = double(text.size());
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

BENCHMARK(BM_TerraformExport<false>)->Name("BM_Export/terraform")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TerraformExport<true>)->Name("BM_Export/terraform-json")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TerraformNativeRead)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TerraformImport)->Name("BM_Import/terraform-state")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
