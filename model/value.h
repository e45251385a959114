#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sky {

class Value;
using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value>;

// A YAML-shaped value: what a property, a policy field or an unknown field
// holds. Plain scalars are typed the way YAML 1.2's core schema types them;
// a quoted scalar is always a string.
class Value
{
public:
    enum class Kind { Null, Bool, Int, Number, String, List, Map };

    Value() = default;
    Value(bool b) : m_data(b) {}
    Value(int i) : m_data(std::int64_t(i)) {}
    Value(std::int64_t i) : m_data(i) {}
    Value(double d) : m_data(d) {}
    Value(const char *s) : m_data(std::string(s)) {}
    Value(std::string s) : m_data(std::move(s)) {}
    Value(ValueList l) : m_data(std::move(l)) {}
    Value(ValueMap m) : m_data(std::move(m)) {}

    Kind kind() const { return Kind(m_data.index()); }
    bool isNull() const { return kind() == Kind::Null; }
    bool isBool() const { return kind() == Kind::Bool; }
    bool isInt() const { return kind() == Kind::Int; }
    bool isNumber() const { return kind() == Kind::Number || kind() == Kind::Int; }
    bool isString() const { return kind() == Kind::String; }
    bool isList() const { return kind() == Kind::List; }
    bool isMap() const { return kind() == Kind::Map; }
    bool isScalar() const { return !isList() && !isMap(); }

    bool toBool() const { return std::get<bool>(m_data); }
    std::int64_t toInt() const { return std::get<std::int64_t>(m_data); }
    double toDouble() const;
    const std::string &toString() const { return std::get<std::string>(m_data); }
    const ValueList &toList() const { return std::get<ValueList>(m_data); }
    const ValueMap &toMap() const { return std::get<ValueMap>(m_data); }
    ValueList &list() { return std::get<ValueList>(m_data); }
    ValueMap &map() { return std::get<ValueMap>(m_data); }

    // The referenced variable of a secret reference `{secret: NAME}`, if this is one.
    std::optional<std::string> secretRef() const;
    static Value secret(const std::string &name);

    // A short human rendering, for messages: 443, "nginx:1.27", [a, b].
    std::string display() const;

    const Value *find(const std::string &key) const;

    friend bool operator==(const Value &, const Value &) = default;

private:
    std::variant<std::monostate, bool, std::int64_t, double, std::string, ValueList, ValueMap> m_data;
};

// Resolves a plain (unquoted) YAML scalar the way the YAML 1.2 core schema
// does: null, true/false, integers (decimal, 0x, 0o), floats, else a string.
Value resolvePlainScalar(const std::string &text);

} // namespace sky
