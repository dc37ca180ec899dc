import Foundation

/// The formula's tokens: names (plain, dotted or back-quoted), numbers and operators.
extension FormulaParser {
    func tokenize() throws -> [(token: Token, position: Int)] {
        var result: [(Token, Int)] = []
        let characters = Array(text.unicodeScalars)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let position = i + 1
            if c == " " || c == "\t" { i += 1; continue }
            switch c {
            case "~": result.append((.tilde, position)); i += 1
            case "+": result.append((.plus, position)); i += 1
            case "-": result.append((.minus, position)); i += 1
            case "*": result.append((.star, position)); i += 1
            case ":": result.append((.colon, position)); i += 1
            case "(": result.append((.open, position)); i += 1
            case ")": result.append((.close, position)); i += 1
            case "|": result.append((.bar, position)); i += 1
            case "^": result.append((.caret, position)); i += 1
            case "/": result.append((.slash, position)); i += 1
            case ",": result.append((.comma, position)); i += 1
            case "=": result.append((.equals, position)); i += 1
            default:
                if c.properties.isAlphabetic || c == "_" || c == "." {
                    var j = i
                    while j < characters.count,
                          characters[j].properties.isAlphabetic || characters[j].properties.numericType != nil
                            || characters[j] == "_" || characters[j] == "." {
                        j += 1
                    }
                    var name = String(String.UnicodeScalarView(characters[i..<j]))
                    if name == "." { throw error(at: position, "'.' (all other columns) is not supported; list the terms") }
                    if name.hasPrefix(".") && name.count == 1 { name = "" }
                    result.append((.name(name), position))
                    i = j
                } else if c.properties.numericType != nil {
                    var j = i
                    while j < characters.count, characters[j].properties.numericType != nil || characters[j] == "." { j += 1 }
                    // An exponent: 1e-3, 2.5E+07.
                    if j + 1 < characters.count, characters[j] == "e" || characters[j] == "E" {
                        var k = j + 1
                        if characters[k] == "+" || characters[k] == "-" { k += 1 }
                        if k < characters.count, characters[k].properties.numericType != nil {
                            j = k
                            while j < characters.count, characters[j].properties.numericType != nil { j += 1 }
                        }
                    }
                    result.append((.number(String(String.UnicodeScalarView(characters[i..<j]))), position))
                    i = j
                } else if c == "`" {
                    guard let close = characters[(i + 1)...].firstIndex(of: "`") else {
                        throw error(at: position, "unterminated back-quoted name")
                    }
                    result.append((.name(String(String.UnicodeScalarView(characters[(i + 1)..<close]))), position))
                    i = close + 1
                } else {
                    throw error(at: position, "unexpected character '\(c)'")
                }
            }
        }
        result.append((.end, characters.count + 1))
        if result.first?.0 == .end { throw error(at: 1, "the formula is empty; write it as 'response ~ terms'") }
        return result
    }
}
