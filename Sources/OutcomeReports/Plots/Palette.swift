/// Colours for plot series: the Okabe–Ito palette, distinguishable with the common forms
/// of colour-vision deficiency.
///
/// Okabe, M. and Ito, K. (2008), *Color Universal Design*. The order puts the colours with
/// most contrast on white first; yellow, faint on white, comes late and black last.
public enum Palette {
    /// The eight Okabe–Ito colours as `#RRGGBB`, in series order: orange, sky blue, bluish
    /// green, blue, vermillion, reddish purple, yellow, black.
    public static let okabeIto: [String] = [
        "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#000000",
    ]

    /// The colour of the series at `index`; after eight series the colours repeat (the
    /// marker shape, see ``MarkerShape/forSeries(_:)``, still tells them apart).
    ///
    /// - Parameter index: the zero-based series index.
    /// - Returns: a `#RRGGBB` colour.
    public static func color(forSeries index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }
}
