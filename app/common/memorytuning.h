#pragma once

namespace sky {

// Tells the C library to keep memory a program frees for its next use,
// rather than hand it back to the system at once and fault it in again.
// The designer re-checks the whole topology after every edit: each check
// allocates and frees some MB to hundreds of MB (graphs, flow network,
// findings), and glibc's defaults returned most of it (blocks over 128 KiB
// are mmapped and unmapped, a free top of the heap over 128 KiB is
// trimmed), so every check paid its page faults again: 20,000 a check at
// 100,000 nodes, half the time of a check on this machine (PERFORMANCE.md,
// "Session 10"). Up to 32 MiB a block now comes from the heap and up to
// 512 MiB of freed heap is kept. A process-wide choice, so the programs
// (skyplan, skyplan-studio, the benchmarks) make it in main(); the
// libraries never do. A no-op outside glibc.
void keepFreedMemoryForReuse();

} // namespace sky
