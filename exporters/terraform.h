#pragma once

// Names and helpers shared by the Terraform writer and reader.
//
// The writer builds the configuration as a tree of blocks (tf::Body), then
// prints it as HCL native syntax or as Terraform JSON syntax: both come from
// the same tree, so they say the same. Strings in the tree are Terraform
// template text: "${aws_vpc.main.id}" is a reference, and a literal from the
// design has its "${" and "%{" doubled (tf::literal).
//
// A round trip keeps a configuration by value: what Skyplan models (a
// resource of a known type as a node, a security rule or firewall as a link,
// a subnet as a zone, a provider's region as the placement) comes back as
// the model, and the resource itself (address, type, every attribute as
// read) is kept under `terraform:` on the node, the link or the topology
// (kKept), and written back unchanged into `kept.tf.json`.

#include "diagnostic.h"
#include "value.h"

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sky {

class Catalog;
class Topology;
struct WriteOptions;
struct OutputFile;

namespace tf {

inline constexpr std::string_view kKept = "terraform"; // on nodes, links, zones and the topology
// Fields of what a node, link or zone keeps: the resource's address
// ("aws_instance.web"), its mode ("managed" or "data"), its type and its
// name, its provider configuration, and its attributes as read.
inline constexpr std::string_view kAddress = "address";
inline constexpr std::string_view kMode = "mode";
inline constexpr std::string_view kType = "type";
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kProvider = "provider";
inline constexpr std::string_view kValues = "values";
// On the topology: resources without a Skyplan meaning, and the other
// top-level blocks of a configuration (variables, outputs, providers, ...).
inline constexpr std::string_view kResources = "resources";
inline constexpr std::string_view kBlocks = "blocks";
// The file the writer puts kept resources in, whatever the syntax asked:
// JSON syntax says what is a block and what an attribute without a schema.
inline constexpr std::string_view kKeptFile = "kept.tf.json";
// Resources kept from a plan or a state hold what the provider reported
// (ids, computed attributes), which is no configuration: they go back into
// this file, in the shape `terraform show -json` prints, which Terraform
// ignores and Skyplan reads.
inline constexpr std::string_view kKeptStateFile = "kept-state.json";

// A literal as Terraform template text: "${" and "%{" doubled.
std::string literal(std::string_view s);

// A block body: attributes and nested blocks in order.
struct Body;
struct Entry
{
    std::string key;
    Value value;                 // an attribute
    std::shared_ptr<Body> block; // or a nested block
    bool raw = false;            // HCL: strings printed bare (provider = aws.x, depends_on = [a.b])
};

struct Body
{
    std::vector<Entry> entries;

    Body &set(std::string key, Value value)
    {
        entries.push_back(Entry{std::move(key), std::move(value), nullptr, false});
        return *this;
    }
    Body &setRaw(std::string key, Value value)
    {
        entries.push_back(Entry{std::move(key), std::move(value), nullptr, true});
        return *this;
    }
    Body &block(std::string key)
    {
        auto b = std::make_shared<Body>();
        entries.push_back(Entry{std::move(key), Value(), b, false});
        return *b;
    }
};

// A top-level block: `resource "T" "N"`, `data "T" "N"`, `variable "N"`,
// `output "N"`, `provider "P"`, `terraform`.
struct Block
{
    std::string kind;
    std::vector<std::string> labels;
    Body body;
};

// Top-level blocks in order; a deque, so that a reference to one stays good
// while more are added.
using Blocks = std::deque<Block>;

// The blocks as HCL native syntax, or as one Terraform JSON document.
std::string printHcl(const Blocks &blocks);
std::string printJson(const Blocks &blocks);
// A value as JSON text (strings escaped, numbers as read).
void appendJson(std::string &out, const Value &v);

// A JSON document (RFC 8259) parsed into a Value: integers that fit stay
// integers, duplicate keys keep the last. False with a `file:line:col`
// diagnostic on a syntax error, or beyond 512 levels of nesting.
// `topKeys`, when given, gets where each key of the top-level object is.
using KeyPositions = std::vector<std::pair<std::string, SourceLoc>>;
bool parseJson(std::string_view text, const std::string &file, Value &out, std::vector<Diagnostic> &diagnostics,
               KeyPositions *topKeys = nullptr);

} // namespace tf

bool writeTerraform(const Topology &topology, const Catalog &catalog, const WriteOptions &options,
                    std::vector<OutputFile> &files, std::string &error, std::vector<Diagnostic> &warnings);
bool readTerraform(std::string_view text, const std::string &file, const Catalog &catalog, Topology &out,
                   std::vector<Diagnostic> &diagnostics);

} // namespace sky
