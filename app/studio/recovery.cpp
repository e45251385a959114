#include "recovery.h"

#include "atomicfile.h"
#include "descriptor.h"
#include "document.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QStandardPaths>
#include <QUuid>

namespace sky {

QString RecoveryStore::directory()
{
    const QString overridden = qEnvironmentVariable("SKYPLAN_RECOVERY_DIR");
    const QString dir = overridden.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/recovery")
        : overridden;
    QDir().mkpath(dir);
    return dir;
}

RecoveryStore::RecoveryStore()
    : m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_lock(std::make_unique<QLockFile>(directory() + u'/' + m_id + QStringLiteral(".lock")))
{
    m_lock->setStaleLockTime(0);
    m_lock->tryLock(0);
}

RecoveryStore::~RecoveryStore()
{
    discard();
    m_lock->unlock();
}

QString RecoveryStore::recoveryFile() const
{
    return directory() + u'/' + m_id + QStringLiteral(".sky.yaml");
}

bool RecoveryStore::autosave(const Topology &topology, const QString &originalPath)
{
    std::string error;
    if (!saveDescriptor(topology, toStd(recoveryFile()), error))
        return false;
    QJsonObject note;
    note[QStringLiteral("original")] = originalPath;
    note[QStringLiteral("saved")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    // Atomic too: a kill while writing the note must not lose the work.
    const QByteArray json = QJsonDocument(note).toJson();
    return writeFileAtomically(toStd(directory() + u'/' + m_id + QStringLiteral(".json")),
                               std::string_view(json.constData(), std::size_t(json.size())), error);
}

void RecoveryStore::discard()
{
    QFile::remove(recoveryFile());
    QFile::remove(directory() + u'/' + m_id + QStringLiteral(".json"));
}

void RecoveryStore::remove(const QString &id)
{
    const QString base = directory() + u'/' + id;
    QFile::remove(base + QStringLiteral(".sky.yaml"));
    QFile::remove(base + QStringLiteral(".json"));
    QFile::remove(base + QStringLiteral(".lock"));
}

std::vector<RecoveryStore::Orphan> RecoveryStore::orphans()
{
    std::vector<Orphan> result;
    const QDir dir(directory());
    const auto notes = dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Time);
    for (const QFileInfo &info : notes) {
        const QString id = info.completeBaseName();
        // A lock we can take belongs to no running process: its window died.
        QLockFile lock(dir.filePath(id + QStringLiteral(".lock")));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        lock.unlock();
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject note = QJsonDocument::fromJson(file.readAll()).object();
        const QString recovery = dir.filePath(id + QStringLiteral(".sky.yaml"));
        if (!QFile::exists(recovery)) {
            remove(id);
            continue;
        }
        result.push_back({id, recovery, note.value(QStringLiteral("original")).toString(),
                          QDateTime::fromString(note.value(QStringLiteral("saved")).toString(), Qt::ISODate)});
    }
    return result;
}

} // namespace sky
