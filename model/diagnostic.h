#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sky {

enum class Severity { Error, Warning, Info };
std::string_view severityName(Severity s);

struct SourceLoc
{
    int line = 0; // 1-based; 0 when unknown
    int column = 0;
    friend bool operator==(const SourceLoc &, const SourceLoc &) = default;
};

// Text that lives as long as the program: a string literal (the rules'
// hints in allRules() are literals too). Held by a view, so a rule that
// reports a hundred thousand findings does not copy its hint a hundred
// thousand times. Only a literal converts (consteval), so a temporary string
// cannot slip in and dangle.
class StaticText
{
public:
    constexpr StaticText() = default;
    template <std::size_t N>
    consteval StaticText(const char (&literal)[N]) : m_text(literal, N - 1)
    {}
    constexpr std::string_view view() const { return m_text; }
    constexpr operator std::string_view() const { return m_text; }
    constexpr bool empty() const { return m_text.empty(); }
    std::string str() const { return std::string(m_text); }

private:
    std::string_view m_text;
};

namespace detail {

// The characters behind SharedTexts: a count of the texts that point into
// them, then the characters.
struct SharedTextBlock
{
    std::atomic<std::size_t> refs;
    std::size_t capacity;
    char *chars() { return reinterpret_cast<char *>(this + 1); }
    static SharedTextBlock *create(std::size_t capacity, std::size_t refs);
    static void destroy(SharedTextBlock *block);
};

} // namespace detail

// Text that many findings can share: the characters live in a block with a
// reference count, and a copy points at the same characters. A text made
// from a string gets a block of its own (one allocation, as a std::string);
// a TextArena puts the texts of thousands of findings in a few large blocks,
// so a check that reports a hundred thousand findings neither allocates nor
// frees one message at a time. Immutable once shared: the only change,
// appending (for Subjects), copies the characters unless this text is the
// block's one user.
class SharedText
{
public:
    SharedText() = default;
    SharedText(std::string_view text);
    SharedText(const std::string &text) : SharedText(std::string_view(text)) {}
    SharedText(const char *text) : SharedText(std::string_view(text)) {}
    SharedText(const SharedText &other) noexcept
        : m_block(other.m_block), m_offset(other.m_offset), m_size(other.m_size)
    {
        if (m_block)
            m_block->refs.fetch_add(1, std::memory_order_relaxed);
    }
    SharedText(SharedText &&other) noexcept
        : m_block(std::exchange(other.m_block, nullptr)), m_offset(std::exchange(other.m_offset, 0)),
          m_size(std::exchange(other.m_size, 0))
    {}
    SharedText &operator=(const SharedText &other) noexcept
    {
        SharedText copy(other);
        swap(copy);
        return *this;
    }
    SharedText &operator=(SharedText &&other) noexcept
    {
        SharedText moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~SharedText()
    {
        if (m_block && m_block->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
            detail::SharedTextBlock::destroy(m_block);
    }

    std::string_view view() const
    {
        return m_block ? std::string_view(m_block->chars() + m_offset, m_size) : std::string_view();
    }
    operator std::string_view() const { return view(); }
    std::string str() const { return std::string(view()); }
    const char *data() const { return view().data(); }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    // As std::string::find: npos when absent.
    std::size_t find(std::string_view what, std::size_t from = 0) const { return view().find(what, from); }

    void swap(SharedText &other) noexcept
    {
        std::swap(m_block, other.m_block);
        std::swap(m_offset, other.m_offset);
        std::swap(m_size, other.m_size);
    }

    friend bool operator==(const SharedText &a, const SharedText &b) { return a.view() == b.view(); }
    friend bool operator==(const SharedText &a, std::string_view b) { return a.view() == b; }
    friend bool operator==(const SharedText &a, const std::string &b) { return a.view() == b; }
    friend bool operator==(const SharedText &a, const char *b) { return a.view() == b; }
    friend std::string operator+(const SharedText &a, std::string_view b)
    {
        std::string s;
        s.reserve(a.size() + b.size());
        s += a.view();
        s += b;
        return s;
    }
    friend std::string operator+(std::string_view a, const SharedText &b)
    {
        std::string s;
        s.reserve(a.size() + b.size());
        s += a;
        s += b.view();
        return s;
    }
    friend std::ostream &operator<<(std::ostream &out, const SharedText &text);

private:
    friend class Subjects;
    friend class TextArena;
    SharedText(detail::SharedTextBlock *block, std::size_t offset, std::size_t size) noexcept
        : m_block(block), m_offset(std::uint32_t(offset)), m_size(std::uint32_t(size))
    {}
    // Appends `n` bytes and returns where to write them.
    char *grow(std::size_t n);

    detail::SharedTextBlock *m_block = nullptr;
    std::uint32_t m_offset = 0, m_size = 0; // in the block
};

// What a finding is about: node ids and link keys ("a.out -> b.in"), in
// order, kept in one buffer, each after its length. A rule that reports a
// hundred thousand findings does not allocate a vector and a string for
// each; through a TextArena it allocates nothing for each. Read it as a range
// of string_views; a view points into the buffer, which copies share: it
// lasts as long as this Subjects or a copy of it is neither changed nor
// destroyed. Copy what must outlive it.
class Subjects
{
public:
    class const_iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = std::string_view;

        const_iterator() = default;
        std::string_view operator*() const { return m_at; }
        const_iterator &operator++()
        {
            *this = const_iterator(m_next);
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator was = *this;
            ++*this;
            return was;
        }
        friend bool operator==(const const_iterator &a, const const_iterator &b)
        {
            return a.m_here.data() == b.m_here.data();
        }

    private:
        friend class Subjects;
        explicit const_iterator(std::string_view text);
        // The buffer from the current subject's length on (empty at the
        // end), the subject, and the buffer from the next one on.
        std::string_view m_here, m_at, m_next;
    };

    Subjects() = default;
    Subjects(const Subjects &) = default;
    Subjects &operator=(const Subjects &) = default;
    // A moved-from Subjects is empty: the count goes with the text.
    Subjects(Subjects &&other) noexcept : m_text(std::move(other.m_text)), m_count(std::exchange(other.m_count, 0)) {}
    Subjects &operator=(Subjects &&other) noexcept
    {
        if (this != &other) {
            m_text = std::move(other.m_text);
            m_count = std::exchange(other.m_count, 0);
        }
        return *this;
    }
    Subjects(std::initializer_list<std::string_view> items);
    // Explicit: a rule that builds its list as a vector copies it here, so
    // the copy shows where it is made.
    explicit Subjects(const std::vector<std::string> &items)
    {
        for (const std::string &s : items)
            push_back(s);
    }

    void push_back(std::string_view subject);
    std::size_t size() const { return m_count; }
    bool empty() const { return m_count == 0; }
    const_iterator begin() const { return const_iterator(m_text.view()); }
    const_iterator end() const { return const_iterator(m_text.view().substr(m_text.size())); }
    std::string_view front() const { return *begin(); }
    // The i-th subject: walks from the first, so loop with begin()/end().
    std::string_view operator[](std::size_t i) const;
    std::vector<std::string> toVector() const { return {begin(), end()}; }

    friend bool operator==(const Subjects &, const Subjects &) = default;
    friend bool operator==(const Subjects &a, const std::vector<std::string> &b)
    {
        return a.size() == b.size() && std::equal(b.begin(), b.end(), a.begin());
    }

private:
    friend class TextArena;
    // The bytes push_back() writes for `subject`.
    static std::size_t encodedSize(std::string_view subject);
    static char *encode(char *at, std::string_view subject);

    SharedText m_text;
    std::uint32_t m_count = 0;
};

// Hands out texts and subjects that share a few large blocks: for code that
// reports many findings. Each text keeps its block alive, the arena or not.
class TextArena
{
public:
    TextArena() = default;
    TextArena(const TextArena &) = delete;
    TextArena &operator=(const TextArena &) = delete;
    ~TextArena() { retire(); }

    SharedText text(std::string_view text);
    Subjects subjects(std::string_view subject);
    Subjects subjects(const Subjects &subjects); // a copy in the arena

private:
    // Room for `n` bytes in the current block, taken and counted as one more text.
    SharedText take(std::size_t n);
    void retire();

    detail::SharedTextBlock *m_block = nullptr;
    std::size_t m_used = 0, m_nextSize = 1024;
    // Texts handed out from m_block: counted here, and added to the block's
    // count when the arena leaves it, so handing one out costs no atomic
    // operation. Until then the block's count holds kHold.
    std::size_t m_handed = 0;
    static constexpr std::size_t kHold = std::size_t(1) << 62;
};

// One finding: of the reader (malformed input) or of a rule (a check).
struct Diagnostic
{
    Severity severity = Severity::Error;
    std::string rule; // stable id, e.g. SP-YAML-SYNTAX
    SharedText message;
    StaticText hint; // how to fix it
    Subjects subjects; // node ids and link keys ("a.out -> b.in")
    std::string file;
    SourceLoc loc;

    // file:line:col: severity: message [rule]
    std::string format() const;
};

bool hasErrors(const std::vector<Diagnostic> &diagnostics);
void sortByLocation(std::vector<Diagnostic> &diagnostics);

// Where each part of a topology was read from, so a check can point at the
// line that declares its subject. Keys are paths such as "nodes/web",
// "nodes/web/properties/port", "links/a.out -> b.in", "zones/dmz".
class SourceMap
{
public:
    void set(const std::string &path, SourceLoc loc) { m_locs[path] = loc; }
    void set(std::string &&path, SourceLoc loc) { m_locs.insert_or_assign(std::move(path), loc); }
    // Room for `paths` entries, so that reading a large file does not rehash.
    void reserve(std::size_t paths) { m_locs.reserve(paths); }
    SourceLoc find(const std::string &path) const;

private:
    std::unordered_map<std::string, SourceLoc> m_locs;
};

} // namespace sky
