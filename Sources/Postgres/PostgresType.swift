/// A PostgreSQL type by OID, as it travels in the wire protocol. Only the built-in types Docket
/// binds and decodes are named here; their OIDs are fixed in `pg_type.dat` and never change.
public struct PostgresType: Hashable, Sendable, CustomStringConvertible {
    public var oid: UInt32
    public init(oid: UInt32) { self.oid = oid }

    public static let unspecified = PostgresType(oid: 0)
    public static let bool = PostgresType(oid: 16)
    public static let bytea = PostgresType(oid: 17)
    public static let char = PostgresType(oid: 18)
    public static let name = PostgresType(oid: 19)
    public static let int8 = PostgresType(oid: 20)
    public static let int2 = PostgresType(oid: 21)
    public static let int4 = PostgresType(oid: 23)
    public static let text = PostgresType(oid: 25)
    public static let oidType = PostgresType(oid: 26)
    public static let json = PostgresType(oid: 114)
    public static let float4 = PostgresType(oid: 700)
    public static let float8 = PostgresType(oid: 701)
    public static let unknown = PostgresType(oid: 705)
    public static let bpchar = PostgresType(oid: 1042)
    public static let varchar = PostgresType(oid: 1043)
    public static let date = PostgresType(oid: 1082)
    public static let timestamp = PostgresType(oid: 1114)
    public static let timestamptz = PostgresType(oid: 1184)
    public static let numeric = PostgresType(oid: 1700)
    public static let uuid = PostgresType(oid: 2950)
    public static let jsonb = PostgresType(oid: 3802)

    /// Element type → array type, for the element types we bind as arrays.
    static let arrayOf: [UInt32: UInt32] = [
        16: 1000, 17: 1001, 18: 1002, 19: 1003, 21: 1005, 23: 1007, 25: 1009, 1042: 1014,
        1043: 1015, 20: 1016, 700: 1021, 701: 1022, 26: 1028, 1114: 1115, 1082: 1182,
        1184: 1185, 1700: 1231, 2950: 2951, 114: 199, 3802: 3807,
    ]
    static let elementOf: [UInt32: UInt32] = Dictionary(uniqueKeysWithValues: arrayOf.map { ($1, $0) })

    /// The array type whose elements are of this type, if PostgreSQL has one we know.
    public var arrayType: PostgresType? { Self.arrayOf[oid].map(PostgresType.init(oid:)) }
    /// The element type when this is an array type we know.
    public var elementType: PostgresType? { Self.elementOf[oid].map(PostgresType.init(oid:)) }

    public var isTextual: Bool { [25, 1043, 1042, 19, 18, 705, 114].contains(oid) }

    public var description: String {
        let names: [UInt32: String] = [
            16: "bool", 17: "bytea", 18: "char", 19: "name", 20: "bigint", 21: "smallint", 23: "integer",
            25: "text", 26: "oid", 114: "json", 700: "real", 701: "double precision", 705: "unknown",
            1042: "character", 1043: "varchar", 1082: "date", 1114: "timestamp", 1184: "timestamptz",
            1700: "numeric", 2950: "uuid", 3802: "jsonb",
        ]
        if let name = names[oid] { return name }
        if let element = elementType { return "\(element)[]" }
        return "type oid \(oid)"
    }
}
