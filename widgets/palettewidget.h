#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace sky {

class Catalog;

// The catalog's component types by tier, with a search box. Drag a type to
// the canvas (mime type CanvasView::kTypeMime) or double-click to place it.
class PaletteWidget : public QWidget
{
    Q_OBJECT

public:
    explicit PaletteWidget(QWidget *parent = nullptr);

    void setCatalog(const Catalog &catalog);
    void setFilter(const QString &text);
    QTreeWidget *tree() const { return m_tree; }
    QLabel *noMatchLabel() const { return m_noMatch; } // shown when a search finds no type
    QTreeWidgetItem *itemForType(const QString &type) const;
    static QString typeOf(const QTreeWidgetItem *item);

signals:
    void placeRequested(const QString &type);

private:
    QLineEdit *m_search;
    QTreeWidget *m_tree;
    QLabel *m_noMatch;
};

} // namespace sky
