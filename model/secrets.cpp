#include "secrets.h"

#include "catalog.h"

#include <cctype>

namespace sky {

bool secretLikeName(std::string_view name)
{
    std::string folded;
    folded.reserve(name.size());
    for (const char c : name)
        if (c != '-' && c != '_' && c != '.' && c != ' ')
            folded += char(std::tolower(static_cast<unsigned char>(c)));
    for (const char *word : {"password", "passwd", "passphrase", "secret", "token", "psk", "privatekey", "apikey",
                             "credential", "certificate"})
        if (folded.find(word) != std::string::npos)
            return true;
    return false;
}

bool isSecretProperty(const ComponentType *type, std::string_view name)
{
    const PropertySchema *schema = type ? type->property(name) : nullptr;
    return (schema && schema->secret) || secretLikeName(name);
}

bool isSecretLiteral(const Value &v, bool declared)
{
    if (v.isNull() || v.secretRef())
        return false;
    return declared || v.isString() || v.isMap() || v.isList();
}

std::string secretVariableName(const std::string &prefix, std::string_view name)
{
    std::string ref = prefix.empty() ? std::string(name) : prefix + '_' + std::string(name);
    for (char &ch : ref)
        ch = std::isalnum(static_cast<unsigned char>(ch)) ? char(std::toupper(static_cast<unsigned char>(ch))) : '_';
    return ref;
}

Value maskNestedSecrets(const Value &v, const std::string &prefix, bool &changed)
{
    if (v.isMap() && !v.secretRef()) {
        ValueMap out;
        for (const auto &[k, sub] : v.toMap()) {
            if (secretLikeName(k) && isSecretLiteral(sub, false)) {
                out.emplace(k, Value::secret(secretVariableName(prefix, k)));
                changed = true;
            } else {
                out.emplace(k, maskNestedSecrets(sub, secretVariableName(prefix, k), changed));
            }
        }
        return Value(std::move(out));
    }
    if (v.isList()) {
        ValueList out;
        out.reserve(v.toList().size());
        for (const Value &item : v.toList())
            out.push_back(maskNestedSecrets(item, prefix, changed));
        return Value(std::move(out));
    }
    return v;
}

} // namespace sky
