#pragma once

#include "diagnostic.h"

#include <ostream>
#include <string>
#include <vector>

namespace sky::cli {

std::string jsonString(const std::string &s);

// One diagnostic a line: file:line:col: severity: message [rule]
void printText(std::ostream &out, const std::vector<Diagnostic> &diagnostics);

// {"files": [...], "diagnostics": [{...}], "summary": {...}}
void printJson(std::ostream &out, const std::vector<std::string> &files,
               const std::vector<Diagnostic> &diagnostics);

} // namespace sky::cli
