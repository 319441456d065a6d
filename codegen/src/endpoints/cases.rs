//! The model's `smithy.rules#endpointTests` as `#[test]` functions of the generated
//! crate: the case's parameters, then the expected endpoint or error message.

use super::emit::{endpoint_struct, param_literal, Emitter};
use crate::emit::doc;
use crate::endpoints::rules::{Expectation, Param, TestCase};
use crate::error::Result;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

impl Emitter<'_> {
    /// Test case `i`; `params` are the rule set's parameters with their fields.
    pub(super) fn test_case(
        &self,
        i: usize,
        case: &TestCase,
        params: &[(&Param, Ident)],
    ) -> Result<TokenStream> {
        let name = test_name(i, &case.doc);
        let mut inits = Vec::new();
        for (pname, value) in &case.params {
            let (p, f) = params
                .iter()
                .find(|(p, _)| &p.name == pname)
                .ok_or_else(|| {
                    self.err(format!(
                        "test case {} sets `{pname}`, which is not a parameter",
                        i + 1
                    ))
                })?;
            let v = param_literal(p, value).ok_or_else(|| {
                self.err(format!(
                    "test case {} gives `{pname}` a value of the wrong type",
                    i + 1
                ))
            })?;
            inits.push(quote!(#f: #v,));
        }
        let params_value = if inits.is_empty() {
            quote!(Params::default())
        } else if inits.len() == params.len() {
            quote!(Params { #(#inits)* })
        } else {
            quote!(Params { #(#inits)* ..Default::default() })
        };
        let check = match &case.expect {
            Expectation::Error(message) => quote! {
                assert_eq!(resolve(&params), Err(EndpointError::new(#message)));
            },
            Expectation::Endpoint {
                url,
                headers,
                properties,
            } => {
                let headers: Vec<(&str, TokenStream)> = headers
                    .iter()
                    .map(|(k, vs)| (k.as_str(), quote!(vec![#(String::from(#vs)),*])))
                    .collect();
                let properties = properties
                    .iter()
                    .map(|(k, v)| Ok((k.as_str(), self.document(v, None)?)))
                    .collect::<Result<Vec<_>>>()?;
                let expected = endpoint_struct(quote!(#url), &headers, &properties);
                quote! {
                    let expected = #expected;
                    assert_eq!(resolve(&params), Ok(expected));
                }
            }
        };
        let d = doc(&case.doc);
        Ok(quote! {
            #d
            #[test]
            fn #name() {
                let params = #params_value;
                #check
            }
        })
    }
}

/// `case_7_region_us_east_1_fips_on` from the index and the case's documentation (a
/// leading `Case 7:` is not repeated).
fn test_name(i: usize, doc: &str) -> proc_macro2::Ident {
    let n = i + 1;
    let doc = doc.strip_prefix(&format!("Case {n}:")).unwrap_or(doc);
    let words: Vec<String> = doc
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        crate::emit::ident(&format!("case_{n}"))
    } else {
        crate::emit::ident(&format!("case_{n}_{}", words.join("_")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_names_come_from_the_documentation() {
        assert_eq!(
            test_name(6, "Case 7: Region us-east-1, FIPS on.").to_string(),
            "case_7_region_us_east_1_fips_on"
        );
        assert_eq!(test_name(0, "").to_string(), "case_1");
        assert_eq!(
            test_name(2, "{UseFIPS=true, Region=us-east-1}").to_string(),
            "case_3_usefips_true_region_us_east_1"
        );
    }
}
