#include "propertyeditor.h"

#include "document.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>

#include <limits>

namespace sky {

QString valueText(const Value &value)
{
    if (value.isString())
        return toQString(value.toString());
    if (value.isList()) {
        QStringList items;
        for (const Value &v : value.toList())
            items << valueText(v);
        return items.join(QLatin1String(", "));
    }
    return toQString(value.display());
}

Value valueFromText(const QString &text, PropertyKind kind)
{
    const QString trimmed = text.trimmed();
    switch (kind) {
    case PropertyKind::List: {
        ValueList items;
        const auto parts = trimmed.split(u',', Qt::SkipEmptyParts);
        for (const QString &part : parts)
            items.push_back(resolvePlainScalar(toStd(part.trimmed())));
        return items;
    }
    case PropertyKind::String:
    case PropertyKind::Ip:
    case PropertyKind::Size:
    case PropertyKind::Bandwidth:
    case PropertyKind::Enum:
        return toStd(trimmed);
    default:
        return resolvePlainScalar(toStd(trimmed));
    }
}

namespace {

QString defaultText(const PropertySchema &schema)
{
    if (schema.defaultValue && !schema.defaultValue->isNull())
        return QObject::tr("default (%1)").arg(valueText(*schema.defaultValue));
    return schema.required ? QObject::tr("required") : QObject::tr("not set");
}

QWidget *enumEditor(const PropertySchema &schema, const Value *current, PropertyCommit commit, QWidget *parent)
{
    auto *combo = new QComboBox(parent);
    combo->addItem(defaultText(schema));
    for (const std::string &v : schema.values)
        combo->addItem(toQString(v), toQString(v));
    if (current && current->isString()) {
        const int index = combo->findData(toQString(current->toString()));
        if (index < 0) // a value the schema does not list: keep it visible
            combo->addItem(toQString(current->toString()), toQString(current->toString()));
        combo->setCurrentIndex(index < 0 ? combo->count() - 1 : index);
    }
    QObject::connect(combo, &QComboBox::currentIndexChanged, combo, [combo, commit](int index) {
        if (index <= 0)
            commit(std::nullopt);
        else
            commit(Value(toStd(combo->itemData(index).toString())));
    });
    return combo;
}

QWidget *booleanEditor(const PropertySchema &schema, const Value *current, PropertyCommit commit, QWidget *parent)
{
    auto *combo = new QComboBox(parent);
    combo->addItem(defaultText(schema));
    combo->addItem(QObject::tr("yes"));
    combo->addItem(QObject::tr("no"));
    if (current && current->isBool())
        combo->setCurrentIndex(current->toBool() ? 1 : 2);
    QObject::connect(combo, &QComboBox::currentIndexChanged, combo, [commit](int index) {
        if (index <= 0)
            commit(std::nullopt);
        else
            commit(Value(index == 1));
    });
    return combo;
}

QWidget *integerEditor(const PropertySchema &schema, const Value *current, PropertyCommit commit, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    const int lo = schema.min ? int(*schema.min) : -1000000000;
    const int hi = schema.max ? int(*schema.max) : 1000000000;
    // One step below the minimum stands for "not set: use the default".
    spin->setRange(lo - 1, hi);
    spin->setSpecialValueText(defaultText(schema));
    spin->setValue(current && current->isInt() ? int(current->toInt()) : lo - 1);
    spin->setKeyboardTracking(false);
    spin->setToolTip(QObject::tr("%1 to %2").arg(lo).arg(hi));
    QObject::connect(spin, &QSpinBox::valueChanged, spin, [spin, commit](int value) {
        if (value == spin->minimum())
            commit(std::nullopt);
        else
            commit(Value(value));
    });
    return spin;
}

QWidget *numberEditor(const PropertySchema &schema, const Value *current, PropertyCommit commit, QWidget *parent)
{
    auto *spin = new QDoubleSpinBox(parent);
    const double lo = schema.min.value_or(-1e9);
    const double hi = schema.max.value_or(1e9);
    spin->setDecimals(3);
    spin->setRange(lo - 1, hi);
    spin->setSpecialValueText(defaultText(schema));
    spin->setValue(current && current->isNumber() ? current->toDouble() : lo - 1);
    spin->setKeyboardTracking(false);
    QObject::connect(spin, &QDoubleSpinBox::valueChanged, spin, [spin, commit](double value) {
        if (value <= spin->minimum())
            commit(std::nullopt);
        else
            commit(Value(value));
    });
    return spin;
}

QWidget *secretEditor(const PropertySchema &schema, const Value *current, PropertyCommit commit, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *prefix = new QLabel(QObject::tr("secret"), box);
    prefix->setToolTip(QObject::tr("The value is read from this secret or environment variable at deploy time; "
                                   "it is never stored in the topology."));
    auto *edit = new QLineEdit(box);
    edit->setObjectName(QStringLiteral("secretName"));
    edit->setPlaceholderText(schema.required ? QObject::tr("VARIABLE_NAME (required)") : QObject::tr("VARIABLE_NAME"));
    edit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*")), edit));
    if (current) {
        if (const auto ref = current->secretRef()) {
            edit->setText(toQString(*ref));
        } else {
            // A literal where a secret belongs: never shown, flagged instead.
            edit->setPlaceholderText(QObject::tr("a literal is stored here: replace it with a secret name"));
            edit->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #e03131; }"));
        }
    }
    layout->addWidget(prefix);
    layout->addWidget(edit, 1);
    QObject::connect(edit, &QLineEdit::editingFinished, edit, [edit, commit] {
        const QString name = edit->text().trimmed();
        if (name.isEmpty())
            commit(std::nullopt);
        else
            commit(Value::secret(toStd(name)));
    });
    box->setFocusProxy(edit);
    return box;
}

QWidget *textEditor(const PropertySchema &schema, const Value *current, PropertyCommit commit, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setPlaceholderText(defaultText(schema));
    if (current)
        edit->setText(valueText(*current));
    const PropertyKind kind = schema.kind;
    QObject::connect(edit, &QLineEdit::editingFinished, edit, [edit, commit, kind] {
        if (edit->text().trimmed().isEmpty())
            commit(std::nullopt);
        else
            commit(valueFromText(edit->text(), kind));
    });
    return edit;
}

} // namespace

QWidget *createPropertyEditor(const PropertySchema &schema, const Value *current, PropertyCommit commit,
                              QWidget *parent)
{
    QWidget *editor = nullptr;
    if (schema.secret)
        editor = secretEditor(schema, current, std::move(commit), parent);
    else if (schema.kind == PropertyKind::Enum)
        editor = enumEditor(schema, current, std::move(commit), parent);
    else if (schema.kind == PropertyKind::Boolean)
        editor = booleanEditor(schema, current, std::move(commit), parent);
    else if (schema.kind == PropertyKind::Integer)
        editor = integerEditor(schema, current, std::move(commit), parent);
    else if (schema.kind == PropertyKind::Number)
        editor = numberEditor(schema, current, std::move(commit), parent);
    else
        editor = textEditor(schema, current, std::move(commit), parent);
    editor->setObjectName(QStringLiteral("property:") + toQString(schema.name));
    if (!schema.description.empty())
        editor->setToolTip(toQString(schema.description));
    return editor;
}

} // namespace sky
