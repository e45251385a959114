#pragma once

#include "topologydelta.h"

#include <QUndoCommand>

namespace sky {

class Document;

// Merge ids of the commands that merge with their successor: one enum, so
// two command kinds never collide (STYLE.md §8).
enum class MergeId {
    None = -1,
    Nudge = 1,       // arrow-key moves of the same selection
    EditField = 2,   // successive edits of the same field of the same targets
};

// The one command family of the designer: it sets the entities of a
// TopologyDelta to their after state on redo and back on undo, finding every
// target by id each time. Intent-level methods of Document build the delta
// and the translatable text.
class EditCommand : public QUndoCommand
{
public:
    EditCommand(Document *document, const QString &text, TopologyDelta delta,
                MergeId mergeId = MergeId::None, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;
    int id() const override { return int(m_mergeId); }
    bool mergeWith(const QUndoCommand *other) override;

    const TopologyDelta &delta() const { return m_delta; }

private:
    Document *m_document;
    TopologyDelta m_delta;
    MergeId m_mergeId;
};

} // namespace sky
