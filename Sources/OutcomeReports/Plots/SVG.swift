/// A node of an SVG (XML) tree: an element or a run of text.
public enum SVGNode: Sendable, Equatable {
    /// A child element.
    case element(SVGElement)
    /// Character data, escaped on output.
    case text(String)
}

/// A tiny SVG element writer: a name, ordered attributes and children, rendered as
/// indented, escaped XML.
///
/// Attributes keep the order they were given in and every attribute value and text run is
/// escaped by ``SVGElement/escape(_:)``, so output is byte-stable and safe for any user
/// string. Element and attribute *names* come from code and are not checked.
///
/// ```swift
/// let label = SVGElement("text", ["x": "10", "y": "20"], text: "Week")
/// label.rendered()   // "<text x=\"10\" y=\"20\">Week</text>\n"
/// ```
public struct SVGElement: Sendable, Equatable {
    /// The element name, e.g. `line`.
    public let name: String
    /// Attributes in output order.
    public let attributes: [SVGAttribute]
    /// Children in output order.
    public var children: [SVGNode]

    /// An element.
    ///
    /// - Parameters:
    ///   - name: the element name.
    ///   - attributes: name–value pairs, written in this order.
    ///   - children: child nodes.
    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes.map { SVGAttribute(name: $0.key, value: $0.value) }
        self.children = children
    }

    /// An element holding only text, such as `<title>` or `<text>`.
    ///
    /// - Parameters:
    ///   - name: the element name.
    ///   - attributes: name–value pairs, written in this order.
    ///   - text: the character data (escaped on output).
    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        self.init(name, attributes, children: [.text(text)])
    }

    /// An element with attributes given as an array (for attributes built in a loop).
    ///
    /// - Parameters:
    ///   - name: the element name.
    ///   - attributes: the attributes, written in this order.
    ///   - children: child nodes.
    public init(_ name: String, attributes: [SVGAttribute], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// Appends a child element.
    ///
    /// - Parameter element: the child.
    public mutating func append(_ element: SVGElement) {
        children.append(.element(element))
    }

    /// The XML text of this element and its subtree, ending with a newline.
    ///
    /// Empty elements are self-closed (`<line …/>`); an element whose children are all text
    /// is written on one line; otherwise each child goes on its own line, indented two
    /// spaces per level.
    ///
    /// - Parameter indent: the nesting level of this element.
    /// - Returns: the XML text.
    public func rendered(indent: Int = 0) -> String {
        var output = ""
        write(to: &output, indent: indent)
        return output
    }

    private func write(to output: inout String, indent: Int) {
        let padding = String(repeating: "  ", count: indent)
        output += padding + "<" + name
        for attribute in attributes {
            output += " " + attribute.name + "=\"" + SVGElement.escape(attribute.value) + "\""
        }
        if children.isEmpty {
            output += "/>\n"
            return
        }
        output += ">"
        let textOnly = children.allSatisfy { if case .text = $0 { true } else { false } }
        if textOnly {
            for case .text(let text) in children { output += SVGElement.escape(text) }
        } else {
            output += "\n"
            for child in children {
                switch child {
                case .element(let element): element.write(to: &output, indent: indent + 1)
                case .text(let text): output += padding + "  " + SVGElement.escape(text) + "\n"
                }
            }
            output += padding
        }
        output += "</" + name + ">\n"
    }

    /// `text` escaped for XML character data and attribute values.
    ///
    /// `&`, `<`, `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`
    /// (the numeric form works in both XML and HTML, so SVG can be inlined into HTML); tab,
    /// line feed and carriage return become character references so attribute values keep
    /// them; other characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF), bidirectional
    /// overrides and noncharacters become U+FFFD (see ``UnsafeText``).
    ///
    /// - Parameter text: any string.
    /// - Returns: the escaped text.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t": output += "&#9;"
            case "\n": output += "&#10;"
            case "\r": output += "&#13;"
            case _ where UnsafeText.isUnsafe(scalar):
                output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

/// One attribute of an ``SVGElement``.
public struct SVGAttribute: Sendable, Equatable, Hashable {
    /// The attribute name, e.g. `stroke-width`.
    public let name: String
    /// The unescaped value.
    public let value: String

    /// An attribute.
    ///
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - value: the value (escaped on output).
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
