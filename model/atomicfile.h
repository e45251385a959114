#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sky {

// Replaces `path` with `contents` or leaves it untouched: a temporary file
// in the same folder, written, flushed and fsynced, renamed over the target,
// then the folder fsynced. An existing file's permissions are kept. On
// failure the temporary file is removed and `error` says why.
bool writeFileAtomically(const std::string &path, std::string_view contents, std::string &error);

// Writes each (name, contents) into `folder`, created when missing, each
// file atomically as above. Names are plain file names: one with a '/', a
// NUL, "." or ".." is refused before anything is written, so an export's
// files stay in the folder it was given. Files of the folder that are not
// named are left alone (a Terraform state, a .terraform folder).
bool writeFilesIntoFolder(const std::string &folder,
                          const std::vector<std::pair<std::string, std::string>> &files, std::string &error);

} // namespace sky
