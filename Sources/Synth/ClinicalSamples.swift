import Foundation

/// HL7 C-CDA and FHIR samples for `XMLSamples`: invented patients, providers and payers.
enum ClinicalSamples {
    static let organizations = ["Lakeshore Community Clinic", "Valley Regional Hospital", "Summit Family Practice", "Riverside Medical Group"]
    static let labs = ["Northgate Reference Laboratory", "Crescent Clinical Labs", "Harborview Pathology"]
    static let tests: [(loinc: String, name: String, unit: String, low: Int, high: Int)] = [
        ("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", 70, 99),
        ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 1, 2),
        ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 12, 17),
        ("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", 100, 199),
    ]
    static let drugs = ["Amlodipine 5 MG Oral Tablet", "Metformin 500 MG Oral Tablet", "Lisinopril 10 MG Oral Tablet", "Atorvastatin 20 MG Oral Tablet"]
    static let problems = [("I10", "Essential hypertension"), ("E11.9", "Type 2 diabetes mellitus"), ("J45.909", "Asthma, unspecified"), ("M54.5", "Low back pain")]

    static func patient(_ r: inout SampleRandom) -> (given: String, family: String, gender: String, birth: (iso: String, compact: String), id: String) {
        let person = XMLSamples.person(&r)
        return (person.given, person.family, r.pick(["male", "female"]), r.date(year: r.int(1935...2010)), "MRN-\(r.digits(7))")
    }

    static func cdaHeader(code: String, name: String, effective: String, patient p: (given: String, family: String, gender: String, birth: (iso: String, compact: String), id: String),
                          author: (String, String), organization: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ClinicalDocument xmlns="urn:hl7-org:v3">
          <templateId root="2.16.840.1.113883.10.20.22.1.1"/>
          <code code="\(code)" codeSystem="2.16.840.1.113883.6.1" displayName="\(name)"/><title>\(name)</title>
          <effectiveTime value="\(effective)120000-0500"/>
          <recordTarget><patientRole><id root="2.16.840.1.113883.19.5" extension="\(p.id)"/>
            <patient><name><given>\(p.given)</given><family>\(p.family)</family></name>
              <administrativeGenderCode code="\(p.gender == "male" ? "M" : "F")" codeSystem="2.16.840.1.113883.5.1"/><birthTime value="\(p.birth.compact)"/></patient>
          </patientRole></recordTarget>
          <author><assignedAuthor><assignedPerson><name><given>\(author.0)</given><family>\(author.1)</family></name></assignedPerson>
            <representedOrganization><name>\(organization)</name></representedOrganization></assignedAuthor></author>
        """
    }

    static func cdaSummary(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let p = patient(&r), author = XMLSamples.person(&r), organization = r.pick(organizations), day = r.date(year: 2026)
        let problem = r.pick(problems), drug = r.pick(drugs)
        let xml = cdaHeader(code: "34133-9", name: "Summarization of Episode Note", effective: day.compact, patient: p, author: author, organization: organization) + """
          <component><structuredBody>
            <component><section><code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/><title>Problems</title>
              <entry><act><entryRelationship><observation><value code="\(problem.0)" codeSystem="2.16.840.1.113883.6.90" displayName="\(problem.1)"/></observation></entryRelationship></act></entry></section></component>
            <component><section><code code="10160-0" codeSystem="2.16.840.1.113883.6.1"/><title>Medications</title>
              <entry><substanceAdministration><consumable><manufacturedProduct><manufacturedMaterial><code code="\(r.digits(6))" codeSystem="2.16.840.1.113883.6.88" displayName="\(drug)"/></manufacturedMaterial></manufacturedProduct></consumable></substanceAdministration></entry></section></component>
          </structuredBody></component>
        </ClinicalDocument>
        """
        return XMLSamples.make("ccd-\(tag).xml", xml, "clinical_summary", [
            "patient_name": "\(p.given) \(p.family)", "birth_date": p.birth.iso, "gender": p.gender, "patient_id": p.id,
            "document_date": day.iso, "author_name": "\(author.given) \(author.family)", "organization": organization,
        ])
    }

    static func cdaLab(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let p = patient(&r), author = XMLSamples.person(&r), lab = r.pick(labs), day = r.date(year: 2026), test = r.pick(tests)
        let xml = cdaHeader(code: "11502-2", name: "Laboratory Report", effective: day.compact, patient: p, author: author, organization: lab) + """
          <component><structuredBody><component><section><code code="30954-2" codeSystem="2.16.840.1.113883.6.1"/><title>Results</title>
            <entry><organizer><component><observation><code code="\(test.loinc)" codeSystem="2.16.840.1.113883.6.1" displayName="\(test.name)"/>
              <value xsi:type="PQ" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" value="\(r.int(test.low...test.high * 2))" unit="\(test.unit)"/></observation></component></organizer></entry>
          </section></component></structuredBody></component>
        </ClinicalDocument>
        """
        return XMLSamples.make("lab-\(tag).xml", xml, "lab_report", [
            "patient_name": "\(p.given) \(p.family)", "birth_date": p.birth.iso, "collection_date": day.iso, "lab_name": lab,
        ])
    }

    static func fhirPatient(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let p = patient(&r), street = "\(r.int(1...400)) \(r.pick(["Elm", "Harbor", "Mill", "Station"])) Street"
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Patient xmlns="http://hl7.org/fhir"><identifier><value value="\(p.id)"/></identifier>
          <name><family value="\(p.family)"/><given value="\(p.given)"/></name><gender value="\(p.gender)"/><birthDate value="\(p.birth.iso)"/>
          <address><line value="\(street)"/><city value="Springfield"/><state value="IL"/><postalCode value="62701"/></address>
        </Patient>
        """
        return XMLSamples.make("patient-\(tag).xml", xml, "patient_record", [
            "patient_name": "\(p.given) \(p.family)", "birth_date": p.birth.iso, "gender": p.gender, "patient_id": p.id,
            "address": "\(street), Springfield, IL 62701",
        ])
    }

    static func fhirClaim(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let p = patient(&r), provider = r.pick(organizations), day = r.date(year: 2026), charge = r.amount(5_000...500_000)
        let member = "MBR-\(r.digits(6))", code = r.pick(problems).0
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Claim xmlns="http://hl7.org/fhir"><identifier><value value="CLM-\(tag)"/></identifier><status value="active"/>
          <patient><display value="\(p.given) \(p.family)"/></patient><billablePeriod><start value="\(day.iso)"/></billablePeriod>
          <provider><display value="\(provider)"/></provider>
          <diagnosis><sequence value="1"/><diagnosisCodeableConcept><coding><code value="\(code)"/></coding></diagnosisCodeableConcept></diagnosis>
          <insurance><sequence value="1"/><focal value="true"/><coverage><identifier><value value="\(member)"/></identifier></coverage></insurance>
          <total><value value="\(charge)"/><currency value="USD"/></total>
        </Claim>
        """
        return XMLSamples.make("claim-\(tag).xml", xml, "claim", [
            "patient_name": "\(p.given) \(p.family)", "member_id": member, "provider_name": provider, "service_date": day.iso,
            "total_charge": charge, "claim_number": "CLM-\(tag)",
        ])
    }

    static func fhirEOB(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let p = patient(&r), billed = r.int(5_000...500_000), paid = billed * r.int(40...90) / 100, member = "MBR-\(r.digits(6))"
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ExplanationOfBenefit xmlns="http://hl7.org/fhir"><identifier><value value="EOB-\(tag)"/></identifier><status value="active"/>
          <patient><display value="\(p.given) \(p.family)"/></patient><insurer><display value="Harborline Mutual"/></insurer>
          <claim><identifier><value value="CLM-\(tag)"/></identifier></claim>
          <insurance><focal value="true"/><coverage><identifier><value value="\(member)"/></identifier></coverage></insurance>
          <total><category><coding><code value="submitted"/></coding></category><amount><value value="\(SampleRandom.money(billed))"/><currency value="USD"/></amount></total>
          <total><category><coding><code value="benefit"/></coding></category><amount><value value="\(SampleRandom.money(paid))"/><currency value="USD"/></amount></total>
          <payment><amount><value value="\(SampleRandom.money(paid))"/><currency value="USD"/></amount></payment>
        </ExplanationOfBenefit>
        """
        return XMLSamples.make("eob-\(tag).xml", xml, "explanation_of_benefits", [
            "member_name": "\(p.given) \(p.family)", "member_id": member, "claim_number": "CLM-\(tag)",
            "billed_amount": SampleRandom.money(billed), "paid_amount": SampleRandom.money(paid),
        ])
    }

    static func fhirLabBundle(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let p = patient(&r), lab = r.pick(labs), day = r.date(year: 2026)
        let observations = (0..<r.int(1...3)).map { _ -> String in
            let test = r.pick(tests)
            return """
            <entry><resource><Observation><status value="final"/><code><coding><system value="http://loinc.org"/><code value="\(test.loinc)"/><display value="\(test.name)"/></coding></code>
              <effectiveDateTime value="\(day.iso)T08:00:00Z"/><valueQuantity><value value="\(r.int(test.low...test.high * 2))"/><unit value="\(test.unit)"/></valueQuantity>
              <referenceRange><low><value value="\(test.low)"/></low><high><value value="\(test.high)"/></high></referenceRange></Observation></resource></entry>
            """
        }
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Bundle xmlns="http://hl7.org/fhir"><type value="collection"/>
          <entry><resource><Patient><identifier><value value="\(p.id)"/></identifier><name><family value="\(p.family)"/><given value="\(p.given)"/></name>
            <gender value="\(p.gender)"/><birthDate value="\(p.birth.iso)"/></Patient></resource></entry>
          <entry><resource><DiagnosticReport><status value="final"/><code><coding><system value="http://loinc.org"/><code value="24323-8"/><display value="Metabolic panel"/></coding></code>
            <effectiveDateTime value="\(day.iso)T08:00:00Z"/><performer><display value="\(lab)"/></performer></DiagnosticReport></resource></entry>
          \(observations.joined())
        </Bundle>
        """
        return XMLSamples.make("lab-\(tag)-fhir.xml", xml, "lab_report", [
            "patient_name": "\(p.given) \(p.family)", "birth_date": p.birth.iso, "collection_date": day.iso, "lab_name": lab,
        ])
    }

    static func fhirMedication(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let p = patient(&r), prescriber = XMLSamples.person(&r), drug = r.pick(drugs), day = r.date(year: 2026)
        let quantity = String(r.pick([30, 60, 90])), refills = String(r.int(0...5))
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <MedicationRequest xmlns="http://hl7.org/fhir"><status value="active"/><intent value="order"/>
          <medicationCodeableConcept><coding><system value="http://www.nlm.nih.gov/research/umls/rxnorm"/><code value="\(r.digits(6))"/><display value="\(drug)"/></coding></medicationCodeableConcept>
          <subject><display value="\(p.given) \(p.family)"/></subject><authoredOn value="\(day.iso)"/>
          <requester><display value="Dr. \(prescriber.given) \(prescriber.family)"/></requester>
          <dosageInstruction><text value="1 tablet by mouth daily"/></dosageInstruction>
          <dispenseRequest><numberOfRepeatsAllowed value="\(refills)"/><quantity><value value="\(quantity)"/></quantity></dispenseRequest>
        </MedicationRequest>
        """
        return XMLSamples.make("prescription-\(tag).xml", xml, "prescription", [
            "patient_name": "\(p.given) \(p.family)", "prescriber_name": "Dr. \(prescriber.given) \(prescriber.family)", "drug_name": drug,
            "dose": "1 tablet by mouth daily", "quantity": quantity, "refills": refills, "prescription_date": day.iso,
        ])
    }
}
