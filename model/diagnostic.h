#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
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

// What a finding is about: node ids and link keys ("a.out -> b.in"), in
// order, kept in one buffer, each after its length. A finding about one
// short id allocates nothing (the string's own small buffer holds it), and a
// rule that reports a hundred thousand findings does not allocate a vector
// and a string for each. Read it as a range of string_views; a view points
// into the buffer, so it lasts only as long as this Subjects stays where it
// is (a short buffer moves with its Diagnostic): copy what must outlive it.
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
    Subjects(Subjects &&other) noexcept : m_text(std::move(other.m_text)), m_count(std::exchange(other.m_count, 0))
    {
        other.m_text.clear();
    }
    Subjects &operator=(Subjects &&other) noexcept
    {
        if (this != &other) {
            m_text = std::move(other.m_text);
            m_count = std::exchange(other.m_count, 0);
            other.m_text.clear();
        }
        return *this;
    }
    Subjects(std::initializer_list<std::string_view> items)
    {
        for (const std::string_view s : items)
            push_back(s);
    }
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
    const_iterator begin() const { return const_iterator(m_text); }
    const_iterator end() const { return const_iterator(std::string_view(m_text).substr(m_text.size())); }
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
    std::string m_text;
    std::uint32_t m_count = 0;
};

// One finding: of the reader (malformed input) or of a rule (a check).
struct Diagnostic
{
    Severity severity = Severity::Error;
    std::string rule; // stable id, e.g. SP-YAML-SYNTAX
    std::string message;
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
