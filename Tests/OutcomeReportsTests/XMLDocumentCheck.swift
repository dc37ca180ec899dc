import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses XML with Foundation's `XMLParser` (libxml2), reporting well-formedness errors and
/// collecting elements with their attributes and text, for structural checks of SVG output.
final class XMLDocumentCheck: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        /// Names of the enclosing elements' `class` attributes, outermost first.
        let classPath: [String]
        var text: String
    }

    private(set) var elements: [Element] = []
    private(set) var error: String?
    private var stack: [Int] = []
    private var classes: [String] = []

    /// Parses `text`; `error` is `nil` when it is well-formed.
    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() {
            error = parser.parserError.map { "\($0)" } ?? "parse failed"
            if error != nil, parser.lineNumber > 0 { error! += " at line \(parser.lineNumber)" }
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(Element(name: elementName, attributes: attributes, classPath: classes, text: ""))
        stack.append(elements.count - 1)
        classes.append(attributes["class"] ?? "")
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName: String?) {
        stack.removeLast()
        classes.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = stack.last { elements[index].text += string }
    }

    func elements(named name: String) -> [Element] { elements.filter { $0.name == name } }
}
