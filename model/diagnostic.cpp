#include "diagnostic.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <ostream>
#include <numeric>
#include <tuple>

namespace sky {

std::string_view severityName(Severity s)
{
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    }
    return "error";
}

namespace {

// Appends `text` with every control character a terminal would act on
// (C0 but tab, DEL, C1 as UTF-8 C2 80..C2 9F) written as \uXXXX (newline
// as \n): a name holding a newline or ESC[1A cannot forge a line of output
// or move the cursor (issue 26).
void appendPrintable(std::string &out, std::string_view text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        unsigned code = 0x100;
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            code = c;
        else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80
                 && static_cast<unsigned char>(text[i + 1]) <= 0x9F)
            code = static_cast<unsigned char>(text[++i]);
        if (code == 0x100) {
            out += char(c);
        } else if (code == '\n') {
            out += "\\n";
        } else {
            out += "\\u00";
            out += hex[code >> 4];
            out += hex[code & 15];
        }
    }
}

} // namespace

std::string Diagnostic::format() const
{
    std::string s;
    appendPrintable(s, file.empty() ? std::string_view("<input>") : std::string_view(file));
    if (loc.line > 0)
        s += ':' + std::to_string(loc.line) + ':' + std::to_string(loc.column);
    s += ": ";
    s += severityName(severity);
    s += ": ";
    appendPrintable(s, message.view());
    if (!rule.empty())
        s += " [" + rule + ']';
    return s;
}

namespace detail {

SharedTextBlock *SharedTextBlock::create(std::size_t capacity, std::size_t refs)
{
    void *memory = ::operator new(sizeof(SharedTextBlock) + capacity);
    auto *block = new (memory) SharedTextBlock;
    block->refs.store(refs, std::memory_order_relaxed);
    block->capacity = capacity;
    return block;
}

void SharedTextBlock::destroy(SharedTextBlock *block)
{
    block->~SharedTextBlock();
    ::operator delete(static_cast<void *>(block));
}

} // namespace detail

SharedText::SharedText(std::string_view text)
{
    if (!text.empty())
        std::memcpy(grow(text.size()), text.data(), text.size());
}

char *SharedText::grow(std::size_t n)
{
    const std::size_t size = m_size + n;
    // Alone on its block, with room after the text: nobody else sees the
    // bytes written there.
    if (m_block && m_block->refs.load(std::memory_order_acquire) == 1 && m_offset + size <= m_block->capacity) {
        m_size = std::uint32_t(size);
        return m_block->chars() + m_offset + size - n;
    }
    // A first text gets its exact size; a growing one doubles.
    const std::size_t capacity = m_size == 0 ? size : std::max(size, 2 * std::size_t(m_size));
    SharedText grown(detail::SharedTextBlock::create(capacity, 1), 0, size);
    if (m_size)
        std::memcpy(grown.m_block->chars(), data(), m_size);
    swap(grown); // the old text goes with `grown`
    return m_block->chars() + size - n;
}

std::ostream &operator<<(std::ostream &out, const SharedText &text)
{
    return out << text.view();
}

// Each subject is its length (7 bits a byte, low bits first, the high bit
// set on every byte but the last) followed by its bytes.
std::size_t Subjects::encodedSize(std::string_view subject)
{
    std::size_t bytes = 1;
    for (std::size_t n = subject.size() >> 7; n; n >>= 7)
        ++bytes;
    return bytes + subject.size();
}

char *Subjects::encode(char *at, std::string_view subject)
{
    std::size_t n = subject.size();
    do {
        const auto low = char(n & 0x7f);
        n >>= 7;
        *at++ = n ? char(low | 0x80) : low;
    } while (n);
    if (!subject.empty())
        std::memcpy(at, subject.data(), subject.size());
    return at + subject.size();
}

Subjects::Subjects(std::initializer_list<std::string_view> items)
{
    std::size_t bytes = 0;
    for (const std::string_view s : items)
        bytes += encodedSize(s);
    char *at = m_text.grow(bytes);
    for (const std::string_view s : items)
        at = encode(at, s);
    m_count = std::uint32_t(items.size());
}

void Subjects::push_back(std::string_view subject)
{
    encode(m_text.grow(encodedSize(subject)), subject);
    ++m_count;
}

SharedText TextArena::take(std::size_t n)
{
    if (n == 0)
        return {};
    constexpr std::size_t kLargest = 64 * 1024, kAlone = 4096;
    if (n >= kAlone) // a long text gets its own block rather than waste the rest of one
        return SharedText(detail::SharedTextBlock::create(n, 1), 0, n);
    if (!m_block || m_block->capacity - m_used < n) {
        retire();
        // A text longer than the next block's size (but short of kAlone)
        // gets a block that holds it.
        m_block = detail::SharedTextBlock::create(std::max(m_nextSize, n), kHold);
        m_nextSize = std::min(2 * m_nextSize, kLargest);
    }
    SharedText taken(m_block, m_used, n);
    m_used += n;
    ++m_handed;
    return taken;
}

void TextArena::retire()
{
    if (!m_block)
        return;
    // Trade the hold for the texts handed out; the last of them (already
    // gone, or still to go) frees the block.
    const std::size_t drop = kHold - m_handed;
    if (m_block->refs.fetch_sub(drop, std::memory_order_acq_rel) == drop)
        detail::SharedTextBlock::destroy(m_block);
    m_block = nullptr;
    m_used = 0;
    m_handed = 0;
}

SharedText TextArena::text(std::string_view text)
{
    SharedText taken = take(text.size());
    if (!text.empty())
        std::memcpy(const_cast<char *>(taken.data()), text.data(), text.size());
    return taken;
}

Subjects TextArena::subjects(std::string_view subject)
{
    Subjects s;
    s.m_text = take(Subjects::encodedSize(subject));
    Subjects::encode(const_cast<char *>(s.m_text.data()), subject);
    s.m_count = 1;
    return s;
}

Subjects TextArena::subjects(const Subjects &subjects)
{
    Subjects s;
    s.m_text = text(subjects.m_text.view());
    s.m_count = subjects.m_count;
    return s;
}

Subjects::const_iterator::const_iterator(std::string_view text) : m_here(text)
{
    if (text.empty())
        return; // end()
    // Only push_back() writes the buffer, so it is well formed; the bounds
    // are kept all the same, so a bad length can never read past it.
    std::size_t n = 0, at = 0;
    for (int shift = 0; at < text.size() && shift < 64; shift += 7) {
        const auto byte = static_cast<unsigned char>(text[at++]);
        n |= std::size_t(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            break;
    }
    n = std::min(n, text.size() - at);
    m_at = text.substr(at, n);
    m_next = text.substr(at + n);
}

std::string_view Subjects::operator[](std::size_t i) const
{
    auto it = begin();
    while (i-- > 0)
        ++it;
    return *it;
}

bool hasErrors(const std::vector<Diagnostic> &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

void sortByLocation(std::vector<Diagnostic> &diagnostics)
{
    const auto less = [](const Diagnostic &a, const Diagnostic &b) {
        return std::tie(a.file, a.loc.line, a.loc.column) < std::tie(b.file, b.loc.line, b.loc.column);
    };
    if (std::is_sorted(diagnostics.begin(), diagnostics.end(), less))
        return;
    // Sorts positions, then moves each finding once: a Diagnostic is large.
    std::vector<std::size_t> order(diagnostics.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return less(diagnostics[a], diagnostics[b]); });
    std::vector<Diagnostic> sorted;
    sorted.reserve(diagnostics.size());
    for (const std::size_t i : order)
        sorted.push_back(std::move(diagnostics[i]));
    diagnostics = std::move(sorted);
}

SourceLoc SourceMap::find(const std::string &path) const
{
    const auto it = m_locs.find(path);
    return it == m_locs.end() ? SourceLoc{} : it->second;
}

} // namespace sky
