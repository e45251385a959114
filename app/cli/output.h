#pragma once

#include "diagnostic.h"

#include <ostream>
#include <string>
#include <vector>

namespace sky::cli {

// One diagnostic a line: file:line:col: severity: message [rule]
void printText(std::ostream &out, const std::vector<Diagnostic> &diagnostics);

// {"files": [...], "diagnostics": [{...}], "summary": {...}}
void printJson(std::ostream &out, const std::vector<std::string> &files,
               const std::vector<Diagnostic> &diagnostics);

// SARIF 2.1.0: one run of the tool "skyplan", every rule in its driver, one
// result a diagnostic, so code-scanning tools show findings on pull requests.
void printSarif(std::ostream &out, const std::vector<Diagnostic> &diagnostics, const std::string &toolVersion);

// A file path as a URI reference: relative paths stay relative, absolute
// ones become file:// URIs; reserved characters are percent-encoded.
std::string fileUri(const std::string &path);

// True (with a message on stderr) when -o `output` is the input file itself,
// by any path or link: writing it would overwrite what is being read.
bool outputIsInput(const std::string &command, const std::string &input, const std::string &output);

} // namespace sky::cli
