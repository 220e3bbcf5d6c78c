#include "core/base/userfile.h"

#include "core/base/error.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#if defined(_WIN32)
#include <fstream>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace moe {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path &path, const std::string &what)
{
    throw DataError(path.string() + ": " + what);
}

// " (a link to /dev/zero)" when `path` is a symbolic link whose target exists, else "".
std::string linkNote(const fs::path &path)
{
    std::error_code error;
    if (!fs::is_symlink(fs::symlink_status(path, error)))
        return {};
    const fs::path target = fs::canonical(path, error);
    return error ? std::string() : " (a link to " + target.string() + ")";
}

[[noreturn]] void refuseKind(const fs::path &path, const std::string &kind)
{
    throw DataError(path.string() + linkNote(path) + " is " + kind
                    + ", not a regular file; MoE Lab reads data, experiments, models and "
                      "lessons from regular files only");
}

[[noreturn]] void refuseSize(const fs::path &path, std::uint64_t size, std::uint64_t maxBytes)
{
    char mib[32];
    std::snprintf(mib, sizeof mib, "%.1f MiB", double(size) / double(1 << 20));
    fail(path,
         std::string("is ") + (size > maxBytes ? mib : "still growing")
             + "; MoE Lab reads files of at most " + describeByteLimit(maxBytes));
}

[[noreturn]] void failOpen(const fs::path &path, int error)
{
    switch (error) {
    case ENOENT:
    case ENOTDIR:
        fail(path, "file not found");
    case ELOOP:
        fail(path, "too many levels of symbolic links (a link that leads back to itself?)");
    case EACCES:
    case EPERM:
        fail(path, "cannot be opened for reading (permission denied)");
    case EISDIR:
        refuseKind(path, "a directory");
    default:
        fail(path, std::string("cannot be opened for reading (") + std::strerror(error) + ")");
    }
}

// Appends what is left of a stream of at most `limit` bytes; false if there is more than that.
template<typename ReadSome>
bool readAll(std::string &text, std::uint64_t expected, std::uint64_t limit, ReadSome readSome)
{
    text.resize(std::size_t(std::min(expected, limit)) + 1);
    std::size_t got = 0;
    while (true) {
        if (got == text.size()) {
            if (got > limit)
                break;
            text.resize(std::size_t(std::min<std::uint64_t>(limit + 1, got * 2 + (1 << 16))));
        }
        const std::size_t n = readSome(text.data() + got, text.size() - got);
        if (n == 0)
            break;
        got += n;
    }
    const bool whole = got <= limit;
    text.resize(std::min<std::size_t>(got, std::size_t(limit)));
    return whole;
}

#if defined(_WIN32)
std::string read(const fs::path &path, std::uint64_t limit, bool refuseLarger)
{
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (!fs::exists(status))
        fail(path, "file not found");
    if (fs::is_directory(status))
        refuseKind(path, "a directory");
    if (!fs::is_regular_file(status))
        refuseKind(path, "a device or another special file");
    const std::uint64_t size = fs::file_size(path, error);
    if (refuseLarger && size > limit)
        refuseSize(path, size, limit);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(path, "cannot be opened for reading (check the permissions)");
    std::string text;
    const bool whole = readAll(text, size, limit, [&](char *to, std::size_t n) {
        in.read(to, std::streamsize(n));
        if (in.bad())
            fail(path, "read error");
        return std::size_t(in.gcount());
    });
    if (refuseLarger && !whole)
        refuseSize(path, size, limit);
    return text;
}
#else
class Descriptor
{
public:
    explicit Descriptor(int fd)
        : m_fd(fd)
    { }
    ~Descriptor() { ::close(m_fd); }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

std::string kindOf(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a named pipe (FIFO)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISSOCK(mode))
        return "a socket";
    return "a special file";
}

std::string read(const fs::path &path, std::uint64_t limit, bool refuseLarger)
{
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    int fd;
    do
        fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int error = errno;
        struct stat info;
        if (error == ENXIO && ::stat(path.c_str(), &info) == 0) // a socket cannot be opened
            refuseKind(path, kindOf(info.st_mode));
        failOpen(path, error);
    }
    const Descriptor file(fd);
    // What was opened, not what the path names now: no swap between a check and the open.
    struct stat info;
    if (::fstat(fd, &info) != 0)
        fail(path, std::string("cannot be examined (") + std::strerror(errno) + ")");
    if (!S_ISREG(info.st_mode))
        refuseKind(path, kindOf(info.st_mode));
    const auto size = std::uint64_t(info.st_size);
    if (refuseLarger && size > limit)
        refuseSize(path, size, limit);
    std::string text;
    const bool whole = readAll(text, size, limit, [&](char *to, std::size_t n) {
        while (true) {
            const ssize_t got = ::read(fd, to, n);
            if (got >= 0)
                return std::size_t(got);
            if (errno != EINTR)
                fail(path, std::string("read error (") + std::strerror(errno) + ")");
        }
    });
    if (refuseLarger && !whole) // the file grew past the limit while being read
        refuseSize(path, size, limit);
    return text;
}
#endif

} // namespace

std::string readUserFile(const std::filesystem::path &path, std::uint64_t maxBytes)
{
    return read(path, maxBytes, true);
}

std::string readUserFileHead(const std::filesystem::path &path, std::uint64_t bytes)
{
    return read(path, bytes, false);
}

std::string describeByteLimit(std::uint64_t bytes)
{
    const std::string plain = std::to_string(bytes);
    std::string digits;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > 0 && (plain.size() - i) % 3 == 0)
            digits += ',';
        digits += plain[i];
    }
    const std::string exact = digits + " bytes";
    if (bytes >= (1 << 20) && bytes % (1 << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB (" + exact + ")";
    return exact;
}

} // namespace moe
