// Helpers for what a TOSCA import keeps verbatim (tosca.h, kKeep): sizes read
// from capabilities as written, node names rewritten after a rename.
#include "tosca.h"

#include "quantity.h"
#include "yamltree.h"

#include <cmath>

#include <algorithm>
#include <cctype>

namespace sky::tosca {

namespace {

const Value *at(const Value &v, std::initializer_list<std::string_view> path)
{
    const Value *cur = &v;
    for (std::string_view k : path) {
        if (!cur->isMap())
            return nullptr;
        cur = cur->find(std::string(k));
        if (!cur)
            return nullptr;
    }
    return cur;
}

void renameText(Value &v, const std::map<std::string, std::string> &renames)
{
    if (!v.isString())
        return;
    if (auto it = renames.find(v.toString()); it != renames.end())
        v = Value(it->second);
}

} // namespace

bool isNodeFunction(std::string_view name)
{
    return name == "get_property" || name == "get_attribute" || name == "get_operation_output"
           || name == "get_artifact";
}

bool isFunctionCall(const Value &v)
{
    if (!v.isMap() || v.toMap().size() != 1)
        return false;
    const std::string &k = v.toMap().begin()->first;
    return k == "get_input" || k == "concat" || k == "token" || k == "join" || isNodeFunction(k);
}

Resources hostResources(const Value &capabilities)
{
    Resources r;
    if (const Value *c = at(capabilities, {"host", "properties", "num_cpus"}); c && c->isNumber())
        r.cpu = c->toDouble();
    if (const Value *m = at(capabilities, {"host", "properties", "mem_size"}); m && m->isString()) {
        std::string s = m->toString();
        std::erase(s, ' ');
        r.memory = parseSize(s);
    }
    return r;
}

int scalableInstances(const Value &capabilities)
{
    const Value *d = at(capabilities, {"scalable", "properties", "default_instances"});
    return d && d->isInt() && d->toInt() >= 0 && d->toInt() <= 100000 ? int(d->toInt()) : 1;
}

void renameNodes(Value &v, const std::map<std::string, std::string> &renames, bool underMappings)
{
    if (renames.empty())
        return;
    if (v.isList()) {
        ValueList &l = v.list();
        if (underMappings && l.size() == 2)
            renameText(l[0], renames);
        for (Value &i : l)
            renameNodes(i, renames);
        return;
    }
    if (!v.isMap())
        return;
    for (auto &[k, item] : v.map()) {
        if (isNodeFunction(k) && item.isList() && !item.toList().empty()) {
            renameText(item.list()[0], renames);
        } else if ((k == "members" || k == "targets") && item.isList()) {
            for (Value &m : item.list())
                renameText(m, renames);
            continue;
        } else if (k == "substitution_mappings" && item.isMap()) {
            for (const char *side : {"capabilities", "requirements"})
                if (auto it = item.map().find(side); it != item.map().end() && it->second.isMap())
                    for (auto &[_, pair] : it->second.map())
                        renameNodes(pair, renames, true);
            continue;
        }
        renameNodes(item, renames);
    }
}

std::string idFor(const std::string &name, const std::set<std::string> &taken)
{
    std::string id;
    for (const char c : name)
        id += (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) || c == '_' || c == '-' ? c : '_';
    if (id.empty() || id[0] == '-')
        id.insert(id.begin(), '_');
    if (id.size() > 120)
        id.resize(120);
    std::string candidate = id;
    for (int i = 2; taken.count(candidate); ++i)
        candidate = id + '_' + std::to_string(i);
    return candidate;
}

} // namespace sky::tosca

namespace sky::tosca {

namespace {

// A plain scalar as PyYAML (YAML 1.1), which every TOSCA orchestrator in
// Python reads with, types it where that differs from YAML 1.2's core
// schema: yes/no/on/off are booleans; a float needs a dot and a signed
// exponent (1e3 is a string).
Value scalar11(const std::string &text)
{
    static const std::set<std::string_view> yes{"yes", "Yes", "YES", "on", "On", "ON"};
    static const std::set<std::string_view> no{"no", "No", "NO", "off", "Off", "OFF"};
    if (yes.count(text))
        return Value(true);
    if (no.count(text))
        return Value(false);
    Value v = resolvePlainScalar(text);
    if (v.kind() == Value::Kind::Number && std::isfinite(v.toDouble())) {
        const std::size_t e = text.find_first_of("eE");
        const bool signedExponent = e == std::string::npos || (e + 1 < text.size() && (text[e + 1] == '+' || text[e + 1] == '-'));
        if (text.find('.') == std::string::npos || !signedExponent)
            return Value(text);
    }
    return v;
}

} // namespace

Value toscaValue(const YamlNode *n)
{
    if (!n)
        return {};
    switch (n->kind) {
    case YamlNode::Kind::Null: return {};
    case YamlNode::Kind::Scalar: return n->quoted ? Value(n->scalar) : scalar11(n->scalar);
    case YamlNode::Kind::Sequence: {
        ValueList list;
        list.reserve(n->items.size());
        for (const YamlNode *item : n->items)
            list.push_back(toscaValue(item));
        return Value(std::move(list));
    }
    case YamlNode::Kind::Map: {
        ValueMap map;
        for (const auto &[k, v] : n->entries)
            map.emplace(k->scalar, toscaValue(v));
        return Value(std::move(map));
    }
    }
    return {};
}

} // namespace sky::tosca
