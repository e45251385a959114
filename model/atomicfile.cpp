#include "atomicfile.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sky {

namespace {

std::string folderOf(const std::string &path)
{
    const auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string baseName(const std::string &path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Temporary files are named ".NAME.skyplan-PID-XXXXXX": one left by a
// process that no longer runs (killed mid-write) is removed by the next save.
std::string tempPrefix(const std::string &path)
{
    return "." + baseName(path) + ".skyplan-";
}

void removeStaleTemporaries(const std::string &folder, const std::string &prefix)
{
    DIR *dir = ::opendir(folder.c_str());
    if (!dir)
        return;
    while (const dirent *e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name.rfind(prefix, 0) != 0)
            continue;
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            ::unlink((folder + "/" + name).c_str());
    }
    ::closedir(dir);
}

} // namespace

bool writeFileAtomically(const std::string &path, std::string_view contents, std::string &error)
{
    const std::string folder = folderOf(path);
    struct stat link{};
    if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
        error = "cannot write " + path + ": it is a symbolic link; refusing to replace it (write to its target instead)";
        return false;
    }
    removeStaleTemporaries(folder, tempPrefix(path));
    std::string tmp = folder + "/" + tempPrefix(path) + std::to_string(::getpid()) + "-XXXXXX";
    int fd = mkstemp(tmp.data());
    if (fd < 0) {
        error = "cannot create a temporary file in " + folder + ": " + std::strerror(errno);
        return false;
    }
    auto fail = [&](const std::string &what) {
        error = what + ": " + std::strerror(errno);
        if (fd >= 0)
            ::close(fd);
        ::unlink(tmp.c_str());
        return false;
    };

    // mkstemp creates 0600; give the file the old file's mode, or 0666 less the umask.
    struct stat st{};
    mode_t mode = 0;
    if (::stat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            errno = EISDIR;
            return fail("cannot write " + path + ": not a regular file");
        }
        mode = st.st_mode & 07777;
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    if (::fchmod(fd, mode) != 0)
        return fail("cannot set permissions of " + tmp);

    const char *p = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail("cannot write " + tmp);
        }
        p += n;
        left -= std::size_t(n);
    }
    if (::fsync(fd) != 0)
        return fail("cannot flush " + tmp);
    if (::close(fd) != 0) {
        fd = -1;
        return fail("cannot close " + tmp);
    }
    fd = -1;
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        return fail("cannot replace " + path);
    if (int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
        ::fsync(dir); // best effort: some file systems refuse fsync on folders
        ::close(dir);
    }
    return true;
}

bool writeFilesIntoFolder(const std::string &folder,
                          const std::vector<std::pair<std::string, std::string>> &files, std::string &error)
{
    for (const auto &[name, contents] : files)
        if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
            name.find('\0') != std::string::npos) {
            error = "refusing to write '" + name + "': not a plain file name";
            return false;
        }
    struct stat st {};
    if (::stat(folder.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            error = folder + " exists and is not a folder";
            return false;
        }
    } else if (errno != ENOENT || ::mkdir(folder.c_str(), 0777) != 0) {
        error = "cannot create folder " + folder + ": " + std::strerror(errno);
        return false;
    }
    for (const auto &[name, contents] : files)
        if (!writeFileAtomically(folder + "/" + name, contents, error))
            return false;
    return true;
}

} // namespace sky
