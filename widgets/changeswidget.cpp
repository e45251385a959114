#include "changeswidget.h"

#include "diff.h"
#include "document.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sky {

namespace {

constexpr int kSubjectsRole = Qt::UserRole + 1;

Mark markOf(Change::Kind kind)
{
    switch (kind) {
    case Change::Kind::Added:
        return Mark::Added;
    case Change::Kind::Removed:
        return Mark::Removed;
    case Change::Kind::Changed:
    case Change::Kind::Renamed:
        break;
    }
    return Mark::Changed;
}

QString valueText(const std::optional<Value> &value, bool secret)
{
    if (!value)
        return QObject::tr("(unset)");
    if (secret)
        return QObject::tr("<secret>");
    return toQString(displayValue(*value));
}

QStringList subjectList(const std::vector<std::string> &subjects)
{
    QStringList list;
    for (const std::string &s : subjects)
        list << toQString(s);
    return list;
}

} // namespace

ChangesWidget::ChangesWidget(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
    , m_summary(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree);
    m_summary->setContentsMargins(6, 4, 6, 4);
    m_tree->setObjectName(QStringLiteral("changesTree"));
    m_tree->setHeaderLabels({tr("Change"), tr("Before"), tr("After")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) { activate(item); });
    connect(m_tree, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) { activate(item); });
}

void ChangesWidget::setComparison(const Comparison &comparison, const SecretPolicy &secrets)
{
    m_tree->clear();
    const Topology &shown = comparison.shown;
    for (const Change &change : comparison.diff.changes) {
        const Mark mark = markOf(change.kind);
        QString title = QStringLiteral("%1 %2 %3")
                            .arg(toQString(std::string(changeKindName(change.kind))),
                                 toQString(std::string(entityName(change.entity))), toQString(change.id));
        if (change.kind == Change::Kind::Renamed)
            title += tr(" (was %1)").arg(toQString(change.oldId));
        auto *item = new QTreeWidgetItem(m_tree, {title});
        item->setForeground(0, markColor(mark));
        item->setData(0, kSubjectsRole, subjectList(changeSubjects(change)));
        std::string nodeType;
        if (change.entity == Entity::Node)
            if (const Node *n = shown.node(change.id))
                nodeType = n->type;
        for (const FieldChange &field : change.fields) {
            const bool secret = secrets.isSecret(change.entity, nodeType, field.key);
            auto *row = new QTreeWidgetItem(item, {toQString(field.key.text(change.entity)),
                                                   valueText(field.before, secret), valueText(field.after, secret)});
            if (secret && change.kind == Change::Kind::Changed)
                row->setText(2, tr("<secret changed>"));
            row->setData(0, kSubjectsRole, item->data(0, kSubjectsRole));
        }
        // Short changes open, long added/removed entities stay folded.
        item->setExpanded(change.kind == Change::Kind::Changed && change.fields.size() <= 6);
    }
    if (!comparison.diff.moves.empty()) {
        auto *moves = new QTreeWidgetItem(m_tree, {tr("%n node(s) moved (layout only)", nullptr,
                                                      int(comparison.diff.moves.size()))});
        moves->setForeground(0, markColor(Mark::Moved));
        for (const Move &move : comparison.diff.moves) {
            const auto at = [](const std::optional<Point> &p) {
                return p ? QStringLiteral("%1, %2").arg(p->x).arg(p->y) : QObject::tr("(none)");
            };
            auto *row = new QTreeWidgetItem(moves, {toQString(move.node), at(move.before), at(move.after)});
            row->setData(0, kSubjectsRole, QStringList{toQString(move.node)});
        }
    }
    const int changes = int(comparison.diff.changes.size());
    m_summary->setText(changes == 0 && comparison.diff.moves.empty()
                           ? tr("The two topologies are the same.")
                           : tr("%n change(s)", nullptr, changes)
                                 + tr(", %n layout move(s)", nullptr, int(comparison.diff.moves.size())));
}

int ChangesWidget::changeCount() const
{
    return m_tree->topLevelItemCount();
}

void ChangesWidget::next()
{
    step(1);
}

void ChangesWidget::previous()
{
    step(-1);
}

void ChangesWidget::step(int delta)
{
    const int count = m_tree->topLevelItemCount();
    if (count == 0)
        return;
    QTreeWidgetItem *current = m_tree->currentItem();
    while (current && current->parent())
        current = current->parent();
    int index = current ? m_tree->indexOfTopLevelItem(current) + delta : (delta > 0 ? 0 : count - 1);
    index = (index % count + count) % count; // wraps around, as "next change" does in editors
    QTreeWidgetItem *item = m_tree->topLevelItem(index);
    m_tree->setCurrentItem(item);
    m_tree->scrollToItem(item);
    activate(item);
}

void ChangesWidget::activate(QTreeWidgetItem *item)
{
    if (!item)
        return;
    std::vector<std::string> subjects;
    const QStringList list = item->data(0, kSubjectsRole).toStringList();
    for (const QString &s : list)
        subjects.push_back(toStd(s));
    if (!subjects.empty())
        emit subjectsActivated(subjects);
}

} // namespace sky
