#pragma once

#include "comparison.h"

#include <QWidget>

#include <string>
#include <vector>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace sky {

class SecretPolicy;

// The change list of a comparison: one row a change (added, removed,
// changed, renamed; nodes, links, zones, policies, the topology), its fields
// as children with old and new values (secrets as "<secret changed>"), and
// the layout moves apart. Activating a row asks for its subjects to be
// selected and centred; next() and previous() walk the rows.
class ChangesWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ChangesWidget(QWidget *parent = nullptr);

    void setComparison(const Comparison &comparison, const SecretPolicy &secrets);
    QTreeWidget *tree() const { return m_tree; }
    int changeCount() const;
    void next();
    void previous();

signals:
    void subjectsActivated(const std::vector<std::string> &subjects);

private:
    void step(int delta);
    void activate(QTreeWidgetItem *item);

    QTreeWidget *m_tree;
    QLabel *m_summary;
};

} // namespace sky
