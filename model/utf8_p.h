#pragma once

// The one UTF-8 decoder of the readers: the two YAML readers (yamltree.cpp,
// which reports where a file stops being UTF-8, and yamlfast.cpp, which
// hands anything unusual to yaml-cpp) and the Terraform JSON reader
// (exporters/terraformsyntax.cpp). Not part of the model's interface.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sky::detail {

struct Utf8Char
{
    std::uint32_t codePoint = 0;
    std::size_t length = 0; // in bytes; 0 when the bytes are not UTF-8
};

// The character at text[i] (i < text.size()). Not UTF-8: a bad lead or
// continuation byte, a sequence cut off by the end, an overlong form, a
// surrogate, or a value past U+10FFFF.
inline Utf8Char decodeUtf8(std::string_view text, std::size_t i)
{
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t cp = 0;
    if (c < 0x80)
        return {c, 1};
    if ((c & 0xE0) == 0xC0) {
        length = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        length = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        length = 4;
        cp = c & 0x07;
    } else {
        return {};
    }
    if (length > text.size() - i)
        return {};
    for (std::size_t k = 1; k < length; ++k) {
        const auto cc = static_cast<unsigned char>(text[i + k]);
        if ((cc & 0xC0) != 0x80)
            return {};
        cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return {};
    return {cp, length};
}

} // namespace sky::detail
