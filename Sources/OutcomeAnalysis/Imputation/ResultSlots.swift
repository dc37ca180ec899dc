import Foundation

/// One result per index, set from concurrent work and read after it, so that work spread over
/// the cores is collected in index order whatever order it finished in.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Result<Value, Error>?]
    private var filled = 0
    private let lock = NSLock()
    private let onFill: (@Sendable (Int) -> Void)?

    /// Slots for `count` results; `onFill` is called with the number of slots filled so far
    /// after each one is set (in increasing order, never concurrently).
    init(count: Int, onFill: (@Sendable (Int) -> Void)? = nil) {
        slots = Array(repeating: nil, count: count)
        self.onFill = onFill
    }

    func set(_ index: Int, _ value: Result<Value, Error>) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = value
        filled += 1
        onFill?(filled)
    }

    func get(_ index: Int) -> Result<Value, Error> {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]!
    }
}
