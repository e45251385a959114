#pragma once

#include <QDateTime>
#include <QString>

#include <memory>
#include <vector>

class QLockFile;

namespace sky {

class Topology;

// Autosave for one window: writes the topology to a recovery file next to a
// small note naming the original file, under a lock held while the window
// lives. After a crash the lock is stale (its process is gone), and the
// next start offers the recovery file.
class RecoveryStore
{
public:
    struct Orphan
    {
        QString id;
        QString recoveryFile;
        QString originalPath;
        QDateTime savedAt;
    };

    RecoveryStore();
    ~RecoveryStore();

    bool autosave(const Topology &topology, const QString &originalPath);
    void discard(); // the work is saved or thrown away: nothing to recover
    QString recoveryFile() const;

    static QString directory();
    static std::vector<Orphan> orphans(); // locks each one it returns
    static void remove(const QString &id);

private:
    QString m_id;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace sky
