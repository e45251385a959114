#pragma once

#include "comparison.h"

#include <QMainWindow>

namespace sky {

class CanvasScene;
class CanvasView;
class ChangesWidget;
class Document;

// File → Compare With…: the new topology with the removed items as red
// ghosts, added ones green, changed ones amber, on a canvas that only looks;
// a dock lists the changes with property-level detail; F8 / Shift+F8 walk
// them, and clicking one selects and centres it.
class CompareWindow : public QMainWindow
{
    Q_OBJECT

public:
    CompareWindow(const Topology &before, const Topology &after, const QString &beforeName,
                  const QString &afterName, QWidget *parent = nullptr);
    ~CompareWindow() override;

    const Comparison &comparison() const { return m_comparison; }
    CanvasScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }
    ChangesWidget *changes() const { return m_changes; }

private:
    Comparison m_comparison;
    Document *m_document;
    CanvasScene *m_scene;
    CanvasView *m_view;
    ChangesWidget *m_changes;
};

} // namespace sky
