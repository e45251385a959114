#pragma once

// One rule for what is secret, shared by every output: the exports, diff,
// merge messages, validate and the import warnings (issue 26). A property a
// catalog declares secret is secret; so is any field whose name looks like
// a secret, at any depth of a map.

#include "value.h"

#include <string>
#include <string_view>

namespace sky {

struct ComponentType;

// password, passwd, passphrase, secret, token, psk, private key (privateKey,
// ssh-private-key), api key, credentials, certificate: case, '-' and '_'
// ignored.
bool secretLikeName(std::string_view name);

// Whether a node's property is secret: declared so by its type, or named
// like a secret (`type` may be null: a type no catalog knows).
bool isSecretProperty(const ComponentType *type, std::string_view name);

// Whether `v`, held under a secret name, is a literal that no output may
// show: not null, not a reference {secret: NAME}. With `declared` false (a
// name that merely looks secret), numbers and booleans are not secrets.
bool isSecretLiteral(const Value &v, bool declared);

// `v` with every secret literal under a secret-looking key of its maps, at
// any depth, replaced by the reference {secret: PREFIX_KEY}; `changed` is
// set when any was. Reference names are upper case letters, digits and '_'.
Value maskNestedSecrets(const Value &v, const std::string &prefix, bool &changed);

// "web" + "db_password" -> "WEB_DB_PASSWORD": a variable name for a reference.
std::string secretVariableName(const std::string &prefix, std::string_view name);

} // namespace sky
