#pragma once

#include <string>
#include <string_view>

namespace sky {

// Replaces `path` with `contents` or leaves it untouched: a temporary file
// in the same folder, written, flushed and fsynced, renamed over the target,
// then the folder fsynced. An existing file's permissions are kept. On
// failure the temporary file is removed and `error` says why.
bool writeFileAtomically(const std::string &path, std::string_view contents, std::string &error);

} // namespace sky
