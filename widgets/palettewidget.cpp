#include "palettewidget.h"

#include "canvasview.h"
#include "catalog.h"
#include "document.h"
#include "iconcache.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sky {

namespace {

constexpr int kTypeRole = Qt::UserRole + 1;
constexpr int kSearchRole = Qt::UserRole + 2; // what a search looks in: name, id, description, engines

// A tree whose leaves drag out as component types.
class TypeTree : public QTreeWidget
{
public:
    using QTreeWidget::QTreeWidget;

protected:
    QStringList mimeTypes() const override { return {QLatin1String(CanvasView::kTypeMime)}; }
    QMimeData *mimeData(const QList<QTreeWidgetItem *> &items) const override
    {
        if (items.isEmpty() || PaletteWidget::typeOf(items.first()).isEmpty())
            return nullptr;
        auto *data = new QMimeData;
        const QString type = PaletteWidget::typeOf(items.first());
        data->setData(QLatin1String(CanvasView::kTypeMime), type.toUtf8());
        data->setText(type);
        return data;
    }
};

} // namespace

PaletteWidget::PaletteWidget(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_tree(new TypeTree(this))
    , m_noMatch(new QLabel(this))
{
    m_search->setPlaceholderText(tr("Search components…"));
    m_search->setClearButtonEnabled(true);
    m_tree->setHeaderHidden(true);
    m_tree->setIconSize(QSize(28, 28));
    m_tree->setDragEnabled(true);
    m_tree->setDragDropMode(QAbstractItemView::DragOnly);
    m_tree->setRootIsDecorated(false);
    m_tree->setIndentation(8);
    // Not uniform: the tier headings (text only) are lower than the types
    // with their icons, and the first row set every row's height, so the
    // icons overlapped row to row.
    m_tree->setUniformRowHeights(false);
    m_noMatch->setObjectName(QStringLiteral("noMatch"));
    m_noMatch->setWordWrap(true);
    m_noMatch->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_noMatch->setContentsMargins(4, 12, 4, 4);
    m_noMatch->setForegroundRole(QPalette::PlaceholderText);
    m_noMatch->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(m_noMatch);
    layout->addWidget(m_tree);
    connect(m_search, &QLineEdit::textChanged, this, &PaletteWidget::setFilter);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (const QString type = typeOf(item); !type.isEmpty())
            emit placeRequested(type);
    });
    setCatalog(Catalog::builtin());
}

QString PaletteWidget::typeOf(const QTreeWidgetItem *item)
{
    return item ? item->data(0, kTypeRole).toString() : QString();
}

void PaletteWidget::setCatalog(const Catalog &catalog)
{
    m_tree->clear();
    for (Tier tier : allTiers()) {
        QString title = toQString(std::string(tierName(tier)));
        title[0] = title[0].toUpper();
        auto *group = new QTreeWidgetItem(m_tree, {title});
        group->setFlags(Qt::ItemIsEnabled);
        QFont font = group->font(0);
        font.setBold(true);
        group->setFont(0, font);
        group->setForeground(0, IconCache::tierColor(int(tier)));
        for (const auto &[id, type] : catalog.types()) {
            if (type.tier != tier)
                continue;
            auto *item = new QTreeWidgetItem(group, {toQString(type.name)});
            item->setIcon(0, IconCache::icon(toQString(type.icon)));
            item->setData(0, kTypeRole, toQString(id));
            item->setToolTip(0, QStringLiteral("<b>%1</b> (%2)<br>%3")
                                    .arg(toQString(type.name), toQString(id), toQString(type.description)));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
            // A search for "sql" or "kafka" finds the type whose software it is.
            QStringList search{toQString(type.name), toQString(id), toQString(type.description)};
            for (const PropertySchema &property : type.properties)
                for (const std::string &value : property.values)
                    search << toQString(value);
            item->setData(0, kSearchRole, search.join(u'\n'));
        }
        if (group->childCount() == 0)
            delete group;
    }
    m_tree->expandAll();
    setFilter(m_search->text());
}

void PaletteWidget::setFilter(const QString &text)
{
    const QString needle = text.trimmed();
    int total = 0;
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = m_tree->topLevelItem(g);
        int visible = 0;
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem *item = group->child(i);
            const bool match = needle.isEmpty()
                               || item->data(0, kSearchRole).toString().contains(needle, Qt::CaseInsensitive);
            item->setHidden(!match);
            visible += match;
        }
        group->setHidden(visible == 0);
        total += visible;
    }
    m_noMatch->setText(tr("No component matches \"%1\".").arg(needle));
    m_noMatch->setVisible(total == 0 && !needle.isEmpty());
    m_tree->setVisible(!m_noMatch->isVisible());
}

QTreeWidgetItem *PaletteWidget::itemForType(const QString &type) const
{
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g)
        for (int i = 0; i < m_tree->topLevelItem(g)->childCount(); ++i)
            if (typeOf(m_tree->topLevelItem(g)->child(i)) == type)
                return m_tree->topLevelItem(g)->child(i);
    return nullptr;
}

} // namespace sky
