#pragma once

// JSON string literals (RFC 8259), for every writer that puts text into JSON
// or into a JSON-like quoted string: the CLI's JSON and SARIF reports, the
// JSON the exporters keep in metadata and labels, ADL's quoted values.
// Header-only: a handful of lines every caller inlines into its own loop.

#include <string>
#include <string_view>

namespace sky {

// Appends `s` to `out` in double quotes: '"' and '\' escaped, newline,
// carriage return and tab as \n \r \t, the other control characters and DEL
// as \u00XX. Other bytes, UTF-8 sequences included, are copied as they are.
inline void appendJsonString(std::string &out, std::string_view s)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    out += '"';
    std::size_t plain = 0; // start of the run of bytes that need no escape
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
            continue;
        out.append(s.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    out.append(s.data() + plain, s.size() - plain);
    out += '"';
}

inline std::string jsonString(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    appendJsonString(out, s);
    return out;
}

} // namespace sky
