import Testing
@testable import OutcomeStats

@Test func shortTextIsQuotedWhole() {
    #expect(excerpt(of: "y ~ a + b", around: 5) == "y ~ a + b")
    #expect(excerpt(of: String(repeating: "a", count: 160), around: 1) == String(repeating: "a", count: 160))
}

/// The excerpt keeps 160 characters, three quarters of them before the position, and says how
/// long the whole text is.
@Test func longTextIsQuotedAroundThePosition() {
    let text = String(repeating: "a", count: 1_000) + "X" + String(repeating: "b", count: 1_000)
    let quoted = excerpt(of: text, around: 1_001)
    #expect(quoted == "…" + String(repeating: "a", count: 120) + "X" + String(repeating: "b", count: 39) + "… (2001 characters)")
    #expect(excerpt(of: text, around: 1).hasPrefix(String(repeating: "a", count: 160) + "…"))
    #expect(excerpt(of: text, around: 2_001).hasSuffix(String(repeating: "b", count: 40) + " (2001 characters)"))
    // Positions outside the text are clamped.
    #expect(excerpt(of: text, around: 99_999).hasSuffix("b (2001 characters)"))
    #expect(excerpt(of: text, around: -5).hasPrefix("aaa"))
}
