#pragma once

// Reading a file a user names (a CSV dataset, an experiment, a model, a lesson): the one check
// every loader shares. Only a regular file is read (after following symbolic links); a named pipe,
// a device, a directory or a socket is refused by name, so that a FIFO cannot hang a loader and
// /dev/zero cannot fill the memory. A file above the loader's size limit is refused with that
// limit in the message. The check is made on the opened descriptor (opened without blocking,
// then fstat), so a file swapped for a FIFO between a look and the open cannot hang us.
// Every failure throws moe::DataError "<path>: <what, in words>".

#include <cstdint>
#include <filesystem>
#include <string>

namespace moe {

// Size limits (docs/reliability.md, "Files a user names"). A CSV of 512 MiB holds about 50
// million numbers, far more than the live arena trains on; experiment and lesson files are a
// few kilobytes; the largest model the settings allow that fits in memory is a few hundred MB of
// JSON text.
inline constexpr std::uint64_t kMaxCsvFileBytes = std::uint64_t(512) << 20;
inline constexpr std::uint64_t kMaxJsonFileBytes = std::uint64_t(512) << 20;

// The whole file. Throws DataError if it is missing, not a regular file, unreadable or larger
// than `maxBytes`.
std::string readUserFile(const std::filesystem::path &path, std::uint64_t maxBytes);

// Its first `bytes` bytes at most (to tell what kind of file it is), with the same refusals
// except the size limit.
std::string readUserFileHead(const std::filesystem::path &path, std::uint64_t bytes);

// "512 MiB (536,870,912 bytes)": a limit as messages and docs state it.
std::string describeByteLimit(std::uint64_t bytes);

} // namespace moe
