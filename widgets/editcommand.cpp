#include "editcommand.h"

#include "document.h"

namespace sky {

EditCommand::EditCommand(Document *document, const QString &text, TopologyDelta delta,
                         MergeId mergeId, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_delta(std::move(delta))
    , m_mergeId(mergeId)
{
    setObsolete(m_delta.isNoOp());
}

void EditCommand::redo()
{
    m_document->applyDelta(m_delta, true);
}

void EditCommand::undo()
{
    m_document->applyDelta(m_delta, false);
}

bool EditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *later = static_cast<const EditCommand *>(other); // same id() => same class
    if (later->m_document != m_document || later->text() != text()
        || !m_delta.sameTargets(later->m_delta))
        return false;
    m_delta.mergeLater(later->m_delta);
    setObsolete(m_delta.isNoOp());
    return true;
}

} // namespace sky
