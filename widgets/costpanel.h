#pragma once

#include <QWidget>

#include <optional>

class QLabel;
class QTreeWidget;

namespace sky {

class Document;
struct TopologyChange;

// What the design costs a month as placed, per node, zone and provider and
// in total (model/placement/costreport.h, as `skyplan cost` computes it),
// recomputed after every edit that could change it. With no provider
// profiles named, it says so instead of a figure.
class CostPanel : public QWidget
{
    Q_OBJECT

public:
    explicit CostPanel(Document *document, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }
    // The monthly total, unset without profiles; its text ("1234.56 USD/month").
    std::optional<double> total() const { return m_total; }
    QString totalText() const { return m_totalText; }
    void recompute();

signals:
    void totalChanged(const QString &text);

private:
    void onChanged(const TopologyChange &change);

    Document *m_document;
    QTreeWidget *m_tree;
    QLabel *m_summary;
    std::optional<double> m_total;
    QString m_totalText;
    bool m_pending = false;
};

} // namespace sky
