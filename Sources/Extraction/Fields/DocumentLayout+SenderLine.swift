import Foundation

/// The sender line of a window envelope letter: the issuer's name and address run into one
/// small line ("Kraxi GmbH · Flugzeugallee 17 · 12345 Papierfeld", "QualityHosting AG -
/// Uferweg 40-42 - D-63571 Gelnhausen", "Alphabet, Lilienthalallee 26, 80786 München") printed
/// over the address the letter goes to, so the post returns it there. DIN 5008 and most
/// European invoices print one; a note zone of a few blank or small lines ("Einschreiben") may
/// sit between it and the addressee, which is why it is looked for further up than a label.
extension DocumentLayout {
    /// How far above an addressee's name a sender line may be: DIN 5008's window puts up to
    /// 17.7 mm (50 pt) of note zone between them; QualityHosting's gap is 56 pt.
    static let windowNoteZone = 80.0

    /// Whether a line reads as a sender line: a name, then address parts, split by separator
    /// words or commas, in a dozen words at most.
    static func isSenderLine(_ line: PageLine) -> Bool {
        guard line.words.count <= 14 else { return false }
        let parts = senderLineParts(line)
        guard parts.count >= 2, let first = parts.first, ValueShape.looksLikeName(first) else { return false }
        return parts.dropFirst().contains { ValueShape.looksLikeAddressLine($0) }
    }

    /// The line's parts between separator words and after commas.
    static func senderLineParts(_ line: PageLine) -> [String] {
        var parts: [String] = []
        var current: [String] = []
        func close() {
            if !current.isEmpty { parts.append(current.joined(separator: " ")) }
            current = []
        }
        for word in line.words.map(\.text) {
            if isSeparator(word) { close(); continue }
            if word.hasSuffix(","), word.count > 1 {
                current.append(String(word.dropLast()))
                close()
            } else {
                current.append(word)
            }
        }
        close()
        return parts
    }

    /// The sender line over the text at `x0...x1` on line `index`: the nearest line above
    /// that has text over it, within the note zone, when that line is a sender line.
    static func senderLineOver(_ lines: [PageLine], _ index: Int, x0: Double, x1: Double) -> Int? {
        let line = lines[index]
        var above = index - 1
        while above >= 0, lines[above].page == line.page, line.y0 - lines[above].y1 < windowNoteZone {
            if lines[above].words.contains(where: { $0.x0 < x1 + 2 && $0.x1 > x0 - 2 }) {
                return isSenderLine(lines[above]) ? above : nil
            }
            above -= 1
        }
        return nil
    }

    /// Marks the phrases printed on a sender line and the top phrase of the address under one.
    mutating func markSenderLines() {
        var senderLines: [Int: Bool] = [:]
        for i in candidates.indices where candidates[i].kind == .phrase {
            let line = candidates[i].line
            if senderLines[line] == nil { senderLines[line] = Self.isSenderLine(lines[line]) }
            candidates[i].onSenderLine = senderLines[line] ?? false
            let box = candidates[i].bbox
            // The addressee is the top line of the window: a line right above in its column
            // that is not the sender line (a street over its city) makes it a later address line.
            if let sender = Self.senderLineOver(lines, line, x0: box[0], x1: box[2]) {
                candidates[i].underSenderLine = Self.senderLineParts(lines[sender]).first
            }
        }
    }
}
