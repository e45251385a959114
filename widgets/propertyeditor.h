#pragma once

#include "catalog.h"
#include "value.h"

#include <QString>

#include <functional>
#include <optional>

class QWidget;

namespace sky {

// Builds the editor a property schema calls for: enum → combo box, integer
// → spin box within min/max, boolean → combo box, secret → the name of a
// secret reference (never a visible literal), other kinds → a line edit.
// `commit` receives the new value, or nullopt for "back to the default".
using PropertyCommit = std::function<void(std::optional<Value>)>;

QWidget *createPropertyEditor(const PropertySchema &schema, const Value *current,
                              PropertyCommit commit, QWidget *parent);

// The text a line edit shows for a value, and back.
QString valueText(const Value &value);
Value valueFromText(const QString &text, PropertyKind kind);

} // namespace sky
