/// Kernel hints for the large, freshly allocated buffers of a load (Linux; no-ops elsewhere).

#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back the 2 MiB-aligned interior of a fresh, large buffer with
/// transparent huge pages, before anything is written to it.
///
/// A million-row column is 8 MB: with 4 KiB pages, writing it first costs 2,048 page faults
/// (each zeroes a page and takes a trip through the kernel), about a fifth of the time a load
/// spends; with 2 MiB pages it costs a handful. The advice (`madvise(MADV_HUGEPAGE)`) changes
/// no contents and no semantics — the kernel may ignore it (transparent huge pages off, no
/// free huge page) — and covers only whole 2 MiB extents inside the buffer, so no memory
/// outside it is touched. Buffers under 4 MiB and other systems are left alone.
///
/// Used for the frame's columns, which are written whole right after allocation (measured on
/// a 1,000,002-row load: 24 → 16 ms to build the frame), not for the parse's growing buffers.
@inline(__always)
func adviseHugePages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
    #if os(Linux)
    let huge = 2 << 20
    guard byteCount >= 2 * huge else { return }
    let address = UInt(bitPattern: start)
    let begin = (address + UInt(huge - 1)) & ~UInt(huge - 1)
    let end = (address + UInt(byteCount)) & ~UInt(huge - 1)
    if end > begin, let pointer = UnsafeMutableRawPointer(bitPattern: begin) {
        _ = madvise(pointer, Int(end - begin), MADV_HUGEPAGE)
    }
    #endif
}

/// Writes-faults in, with one system call, the whole pages inside `[start, start + byteCount)`
/// that a loop is about to write (`madvise(MADV_POPULATE_WRITE)`, Linux 5.14 and later).
///
/// Filling a buffer page by page costs one page fault per 4 KiB page — in a virtual machine,
/// a trip through the kernel of a microsecond or more each, for a million-row load some ten
/// thousand of them. Populating the pages ahead of the writes zeroes the same memory without
/// the traps. Only pages wholly inside the range are named, contents and semantics are
/// unchanged, and a kernel that does not know the advice simply refuses it (the pages then
/// fault in as before).
@inline(__always)
func prefaultPages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
    #if os(Linux)
    let page = 4096
    let address = UInt(bitPattern: start)
    let begin = (address + UInt(page - 1)) & ~UInt(page - 1)
    let end = (address + UInt(byteCount)) & ~UInt(page - 1)
    if end > begin, let pointer = UnsafeMutableRawPointer(bitPattern: begin) {
        _ = madvise(pointer, Int(end - begin), 23 /* MADV_POPULATE_WRITE */)
    }
    #endif
}
