//! Names defined in the `smithy.api` prelude namespace, which relative shape ids fall
//! back to. Only the names matter here: the loader defines the prelude's simple shapes,
//! and trait values are kept as written, so no trait definitions are needed.

pub const NAMESPACE: &str = "smithy.api";

const NAMES: &[&str] = &[
    // Simple shapes and `Unit`.
    "String", "Blob", "BigInteger", "BigDecimal", "Timestamp", "Document", "Boolean", "Byte", "Short",
    "Integer", "Long", "Float", "Double", "PrimitiveBoolean", "PrimitiveByte", "PrimitiveShort",
    "PrimitiveInteger", "PrimitiveLong", "PrimitiveFloat", "PrimitiveDouble", "Unit",
    // Traits.
    "addedDefault", "auth", "authDefinition", "box", "clientOptional", "cors", "default", "deprecated",
    "documentation", "endpoint", "enum", "enumValue", "error", "eventHeader", "eventPayload", "examples",
    "externalDocumentation", "hostLabel", "http", "httpApiKeyAuth", "httpBasicAuth", "httpBearerAuth",
    "httpChecksumRequired", "httpDigestAuth", "httpError", "httpHeader", "httpLabel", "httpPayload",
    "httpPrefixHeaders", "httpQuery", "httpQueryParams", "httpResponseCode", "idRef", "idempotencyToken",
    "idempotent", "input", "internal", "jsonName", "length", "longPoll", "mediaType", "mixin", "nestedProperties",
    "noReplace", "notProperty", "optionalAuth", "output", "paginated", "pattern", "private", "property",
    "protocolDefinition", "range", "readonly", "recommended", "references", "requestCompression",
    "required", "requiresLength", "resourceIdentifier", "retryable", "sensitive", "since", "sparse",
    "streaming", "suppress", "tags", "timestampFormat", "title", "trait", "traitValidators", "uniqueItems",
    "unitType", "unstable", "xmlAttribute", "xmlFlattened", "xmlName", "xmlNamespace",
];

pub fn defines(name: &str) -> bool {
    NAMES.contains(&name)
}
