#pragma once

#include "diagnostic.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sky {

class Catalog;
class Topology;

// What an export may be asked beyond the topology. Each field names the
// formats that read it; the command line refuses it for any other.
struct WriteOptions
{
    // A version of the target format ("1.29" for Compose's older file
    // format), empty for its default.
    std::string version;
    // terraform: where a node the placement has not put anywhere goes
    // ("aws" or "google", and a region such as "eu-west-1").
    std::string provider;
    std::string region;
    // terraform: JSON configuration (*.tf.json) instead of HCL.
    bool json = false;
    // kubernetes: a directory with a kustomization.yaml instead of one
    // multi-document stream.
    bool directory = false;
    // kubernetes: zones become "namespaces" (default when empty) or "labels".
    std::string zones;
};

// One file of an export that writes a directory: `name` is relative to that
// directory, one plain file name (no folder, no "..").
struct OutputFile
{
    std::string name;
    std::string text;
};

// One file format Skyplan can write or read besides, or including, its own
// (Tiled's FileFormat). Formats are stateless: read and write are const and
// may run on several threads at once.
class Format
{
public:
    virtual ~Format() = default;

    virtual std::string name() const = 0;        // command-line name: "tosca"
    virtual std::string description() const = 0; // "TOSCA Simple Profile 1.2 YAML"
    virtual std::string extension() const = 0;   // ".tosca.yaml", with the dot
    // What files of this format are called, for an open dialog's filter:
    // extension() and any other usual name ("*.json" for a Terraform plan).
    virtual std::vector<std::string> readPatterns() const { return {"*" + extension()}; }
    virtual bool canRead() const { return false; }
    virtual bool canWrite() const { return false; }

    // The topology as this format's text. False with `error` set when it
    // cannot be written; the catalog gives types, terminals and schemas.
    virtual bool write(const Topology &topology, const Catalog &catalog, std::string &out,
                       std::string &error) const;
    // The same with options, and a warning in `warnings` for each thing the
    // format cannot carry (naming the node and the field), so nothing is
    // lost in silence. The default refuses a version it does not know and
    // calls write().
    virtual bool writeWith(const Topology &topology, const Catalog &catalog, const WriteOptions &options,
                           std::string &out, std::string &error, std::vector<Diagnostic> &warnings) const;

    // True when an export with `options` is a directory of files
    // (Terraform's main.tf, variables.tf, ...): the caller then uses
    // writeFiles and writes each file into the directory it was given.
    virtual bool writesDirectory(const WriteOptions &) const { return false; }
    // The export as files. The default is writeWith's text as one file named
    // after the topology with extension().
    virtual bool writeFiles(const Topology &topology, const Catalog &catalog, const WriteOptions &options,
                            std::vector<OutputFile> &files, std::string &error,
                            std::vector<Diagnostic> &warnings) const;

    // Reads `text` (named `file` in messages). Problems go to `diagnostics`
    // with file:line:col; false when nothing trustworthy was read.
    virtual bool read(std::string_view text, const std::string &file, const Catalog &catalog,
                      Topology &out, std::vector<Diagnostic> &diagnostics) const;
};

// "node 'ID': MESSAGE", a warning of rule SP-EXPORT: what an export cannot
// carry, named as every writer names it.
Diagnostic exportWarning(const std::string &node, const std::string &message);

// The formats an application offers, filled by the application (app/), not
// by static initialisers.
class FormatRegistry
{
public:
    void add(std::unique_ptr<Format> format);
    const Format *find(std::string_view name) const;
    const std::vector<std::unique_ptr<Format>> &formats() const { return m_formats; }
    // "adl, compose, dot, tosca": for usage messages.
    std::string names(bool readable, bool writable) const;

private:
    std::vector<std::unique_ptr<Format>> m_formats;
};

} // namespace sky
