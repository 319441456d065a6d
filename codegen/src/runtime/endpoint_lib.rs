//! The rules engine's standard library, called by the generated `endpoint` module:
//! partitions, ARN and URL parsing, host labels, substrings and URI encoding.

use crate::primitives::Document;
use std::collections::BTreeMap;
use std::fmt;

/// Where to send requests: the result of endpoint resolution.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Endpoint {
    pub url: String,
    /// Headers to add to every request sent there.
    pub headers: BTreeMap<String, Vec<String>>,
    /// Further facts the rules attach, such as `authSchemes` (signing name and region).
    pub properties: BTreeMap<String, Document>,
}

impl Endpoint {
    /// An endpoint at `url`, without headers or properties.
    pub fn new(url: impl Into<String>) -> Self {
        Endpoint {
            url: url.into(),
            ..Endpoint::default()
        }
    }

    /// Adds a header with its values.
    pub fn header(mut self, name: impl Into<String>, values: Vec<String>) -> Self {
        self.headers.insert(name.into(), values);
        self
    }

    /// Adds a property.
    pub fn property(mut self, name: impl Into<String>, value: Document) -> Self {
        self.properties.insert(name.into(), value);
        self
    }
}

/// Endpoint resolution failed: the rules reject the parameters (a FIPS endpoint where
/// there is none, a custom endpoint with dual-stack, a missing region).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }

    /// The rule's message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "endpoint resolution failed: {}", self.message)
    }
}

impl std::error::Error for EndpointError {}

/// An AWS partition: the `aws.partition` function's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: &'static str,
    /// A region belongs here when it is `<prefix>-<word>-<digits>` for one of these.
    region_prefixes: &'static [&'static str],
    /// Regions listed by name, including the global pseudo-regions.
    regions: &'static [&'static str],
}

const PARTITIONS: [Partition; 8] = [
    Partition {
        name: "aws",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
        region_prefixes: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
    },
    Partition {
        name: "aws-cn",
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
        region_prefixes: &["cn"],
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
    },
    Partition {
        name: "aws-us-gov",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
        region_prefixes: &["us-gov"],
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
    },
    Partition {
        name: "aws-iso",
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "api.aws.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-iso-east-1",
        region_prefixes: &["us-iso"],
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
    },
    Partition {
        name: "aws-iso-b",
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "api.aws.scloud",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isob-east-1",
        region_prefixes: &["us-isob"],
        regions: &["aws-iso-b-global", "us-isob-east-1"],
    },
    Partition {
        name: "aws-iso-e",
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eu-isoe-west-1",
        region_prefixes: &["eu-isoe"],
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
    },
    Partition {
        name: "aws-iso-f",
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "api.aws.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isof-south-1",
        region_prefixes: &["us-isof"],
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
    },
    Partition {
        name: "aws-eusc",
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "api.amazonwebservices.eu",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eusc-de-east-1",
        region_prefixes: &["eusc-de"],
        regions: &["eusc-de-east-1"],
    },
];

/// `aws.partition`: the partition that lists `region`, else the first whose region
/// pattern matches, else `aws` (so new regions resolve before this table knows them).
pub fn partition(region: &str) -> Option<&'static Partition> {
    let listed = PARTITIONS.iter().find(|p| p.regions.contains(&region));
    let matched = || {
        PARTITIONS.iter().find(|p| {
            p.region_prefixes
                .iter()
                .any(|prefix| matches_region_pattern(region, prefix))
        })
    };
    Some(listed.or_else(matched).unwrap_or(&PARTITIONS[0]))
}

/// `<prefix>-<word>-<digits>`, where a word is ASCII letters, digits or `_`.
fn matches_region_pattern(region: &str, prefix: &str) -> bool {
    let Some(rest) = region
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('-'))
    else {
        return false;
    };
    let Some((word, number)) = rest.split_once('-') else {
        return false;
    };
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// `aws.parseArn`'s result: `arn:<partition>:<service>:<region>:<account>:<resource>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account_id: &'a str,
    /// The resource split at every `:` and `/`.
    pub resource_id: Vec<&'a str>,
}

/// `aws.parseArn`: `None` unless the value has six `:`-separated parts, starts with
/// `arn` and has a partition, a service and a resource.
pub fn parse_arn(value: &str) -> Option<Arn<'_>> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let (partition, service, region, account_id, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).collect();
    Some(Arn {
        partition,
        service,
        region,
        account_id,
        resource_id,
    })
}

/// `parseURL`'s result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url<'a> {
    pub scheme: &'a str,
    /// Host and port.
    pub authority: &'a str,
    pub path: &'a str,
    /// The path with exactly one `/` at each end.
    pub normalized_path: String,
    pub is_ip: bool,
}

/// `parseURL`: `None` for schemes other than http(s), for a query string and for a
/// missing host.
pub fn parse_url(value: &str) -> Option<Url<'_>> {
    let (scheme, rest) = value.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        || rest.contains('?')
    {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    if authority.is_empty() {
        return None;
    }
    let normalized_path = match path.trim_matches('/') {
        "" => "/".to_string(),
        inner => format!("/{inner}/"),
    };
    Some(Url {
        scheme,
        authority,
        path,
        normalized_path,
        is_ip: is_ip_host(authority),
    })
}

/// An IPv4 address or a bracketed IPv6 address, with or without a port.
fn is_ip_host(authority: &str) -> bool {
    if authority.starts_with('[') {
        return authority.contains(']');
    }
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host);
    host.parse::<std::net::Ipv4Addr>().is_ok()
}

/// `isValidHostLabel`: 1 to 63 ASCII letters, digits or `-`, starting with a letter or
/// digit; with `allow_subdomains`, several such labels joined by `.`.
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    let label = |l: &str| {
        (1..=63).contains(&l.len())
            && l.starts_with(|c: char| c.is_ascii_alphanumeric())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_subdomains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// `substring`: the ASCII characters `start..stop`, counted from the end when `reverse`;
/// `None` when the range does not fit or the value is not ASCII.
pub fn substring(value: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if start >= stop || value.len() < stop || !value.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (value.len() - stop, value.len() - start)
    } else {
        (start, stop)
    };
    Some(&value[from..to])
}

/// `uriEncode`: percent-encodes everything but the RFC 3986 unreserved characters.
pub fn uri_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `aws.isVirtualHostableS3Bucket`: a bucket name usable in a host name: 3 to 63
/// lowercase letters, digits, `-` and (with `allow_subdomains`) `.` between valid host
/// labels, starting and ending with a letter or digit, and not an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    let edge = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    (3..=63).contains(&value.len())
        && value.starts_with(edge)
        && value.ends_with(edge)
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && is_valid_host_label(value, allow_subdomains)
        && value.parse::<std::net::Ipv4Addr>().is_err()
}

/// `coalesce` with a last argument that is always set.
pub fn coalesce<T>(first: Option<T>, then: T) -> T {
    first.unwrap_or(then)
}

/// `coalesce` of values that may all be unset.
pub fn first_set<T>(first: Option<T>, then: Option<T>) -> Option<T> {
    first.or(then)
}

/// The element `index` of a string array, if there is one.
pub fn index<T: AsRef<str>>(items: &[T], index: usize) -> Option<&str> {
    items.get(index).map(AsRef::as_ref)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_by_list_pattern_and_fallback() {
        assert_eq!(partition("us-east-1").map(|p| p.name), Some("aws"));
        assert_eq!(
            partition("us-gov-west-1").map(|p| p.name),
            Some("aws-us-gov")
        );
        assert_eq!(
            partition("us-isob-west-9").map(|p| p.name),
            Some("aws-iso-b")
        );
        assert_eq!(partition("cn-south-7").map(|p| p.name), Some("aws-cn"));
        assert_eq!(
            partition("aws-iso-f-global").map(|p| p.name),
            Some("aws-iso-f")
        );
        assert_eq!(
            partition("eusc-de-north-2").map(|p| p.name),
            Some("aws-eusc")
        );
        assert_eq!(partition("local").map(|p| p.name), Some("aws"));
    }

    #[test]
    fn arns() {
        let arn = parse_arn("arn:aws:kinesis:us-east-1:123:stream/s/consumer/c:1").unwrap();
        assert_eq!(
            (arn.partition, arn.service, arn.region, arn.account_id),
            ("aws", "kinesis", "us-east-1", "123")
        );
        assert_eq!(arn.resource_id, ["stream", "s", "consumer", "c", "1"]);
        assert_eq!(parse_arn("arn:aws:s3:::bucket").unwrap().region, "");
        for bad in [
            "arn",
            "arn::kinesis:r:a:x",
            "arn:aws::r:a:x",
            "arn:aws:s:r:a:",
            "nope:aws:s:r:a:x",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn urls() {
        let url = parse_url("https://example.com:8443/a/b").unwrap();
        assert_eq!(
            (
                url.scheme,
                url.authority,
                url.path,
                url.normalized_path.as_str()
            ),
            ("https", "example.com:8443", "/a/b", "/a/b/")
        );
        assert!(!url.is_ip);
        assert!(parse_url("http://127.0.0.1:80").unwrap().is_ip);
        assert!(parse_url("http://[::1]/").unwrap().is_ip);
        assert_eq!(parse_url("http://h").unwrap().normalized_path, "/");
        assert_eq!(parse_url("ftp://h"), None);
        assert_eq!(parse_url("https://h/?q=1"), None);
    }

    #[test]
    fn labels_substrings_and_encoding() {
        assert!(is_valid_host_label("a-1", false));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert_eq!(substring("abcdef", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 4, true), Some("cdef"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abcdé", 0, 2, false), None);
        assert_eq!(uri_encode("a b/c~"), "a%20b%2Fc~");
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
        assert!(is_virtual_hostable_s3_bucket("a.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("a.bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("a..b", true));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert_eq!(index(&["a", "b"], 1), Some("b"));
        assert_eq!(index::<String>(&[], 0), None);
    }
}
