@testable import Extraction
import Foundation
import Testing

/// The heads' "this name shows up again" inputs: printed domains and mentions on other lines.
@Suite struct NameMentionsTests {
    @Test func webAndMailAddressesArePrintedDomains() {
        #expect(NameMentions.domain(in: "info@free.fr") == "free.fr")
        #expect(NameMentions.domain(in: "https://www.envato.com/invoices/1") == "www.envato.com")
        #expect(NameMentions.domain(in: "weclapp.com") == "weclapp.com")
        #expect(NameMentions.domain(in: "www.qualityhosting.de.") == "www.qualityhosting.de")
        // Abbreviations, numbers and amounts with dots are not domains.
        for token in ["S.A.", "Nr.12.2024", "1.234,56", "z.B.", "Inc.", "e.V.", "file.pdf2"] {
            #expect(NameMentions.domain(in: token) == nil, "\(token)")
        }
    }

    @Test func aNameIsKnownByItsFirstWordThatIsNotALegalForm() {
        #expect(NameMentions.keyWord(of: "Amazon Web Services, Inc.") == "amazon")
        #expect(NameMentions.keyWord(of: "WS Retail Services Pvt. Ltd.") == "retail")
        #expect(NameMentions.keyWord(of: "weclapp.com") == "weclapp")
        #expect(NameMentions.keyWord(of: "GmbH & Co. KG") == nil)
        #expect(NameMentions.keyWord(of: "12345") == nil)
    }

    @Test func theIssuerShowsUpInItsDomainAndFooterAndTheCustomerDoesNot() {
        let page = NameMentions(texts: [
            "QualityHosting AG", "Rechnung", "iViveLabs Ltd.", "93B Sai Yu Chung",
            "Bei Zahlungsverzug durch Verschulden der QualityHosting AG berechnen wir",
            "QualityHosting AG · Uferstraße 3 · www.qualityhosting.de · Registergericht Hanau",
        ])
        #expect(page.inDomain("QualityHosting AG"))
        #expect(!page.inDomain("iViveLabs Ltd."))
        #expect(page.otherLines(mentioning: "QualityHosting AG", besides: 0) == 2)
        #expect(page.otherLines(mentioning: "iViveLabs Ltd.", besides: 2) == 0)
    }

    @Test func shortKeyWordsCountOnlyAsWholeWords() {
        let page = NameMentions(texts: ["Free SAS", "Freeway Parking", "free shipping", "www.free.fr", "info@freebox.fr"])
        // "free" as a word on two lines (one of them a domain); "Freeway" and "freebox" are other words.
        #expect(page.otherLines(mentioning: "Free SAS", besides: 0) == 2)
        #expect(page.inDomain("Free SAS"))
        #expect(!NameMentions(texts: ["Kraxi GmbH", "www.papierflieger.de"]).inDomain("Kraxi GmbH"))
        // A domain that spells the stem with its trade still names the stem.
        #expect(NameMentions(texts: ["Nordlicht GmbH", "nordlicht-medizintechnik.de"]).inDomain("Nordlicht Medizintechnik GmbH"))
    }
}
