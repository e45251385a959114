#pragma once

namespace sky {
class FormatRegistry;
}

namespace sky::cli {

// The formats the command line offers, registered once on first use: the
// composition root decides which formats exist (STYLE.md 10).
const FormatRegistry &formats();

} // namespace sky::cli
