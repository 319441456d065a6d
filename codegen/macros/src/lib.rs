//! `toks!`: `quote!`'s syntax, building the generator's own token list (`crate::tokens`)
//! instead of a `proc_macro2::TokenStream`.
//!
//! The generated crate is printed straight from the emitters' tokens. Built through
//! `proc_macro2`, every identifier and punctuation mark was a checked, allocated token that
//! the printer then turned back into text; this macro turns the template's tokens into
//! pushes of static strings at compile time (see BENCHMARKS.md for what that saved).
//!
//! Syntax, as in `quote!`: `#var` splices anything implementing `crate::tokens::ToTokens`
//! (a `Tokens` value is moved in rather than copied, so it can be spliced once);
//! `#( ... ) sep *` repeats its body once per item of every iterable variable used in it
//! (slices and `Vec`s are borrowed, iterators consumed, single values repeated; all in
//! step, the shortest ending the loop), with an optional separator of one token or one
//! operator between repetitions. A repetition must iterate something, which is checked
//! when the code compiles. Only usable inside `codegen`.

use proc_macro2::{Delimiter, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};

#[proc_macro]
pub fn toks(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let out = out_var();
    let input = TokenStream::from(input);
    let written = count(input.clone());
    let body = expand(input, &out);
    quote!({
        let mut #out = crate::tokens::Tokens::with_capacity(#written);
        #body
        #out
    })
    .into()
}

/// The list being built; mixed-site, so that it cannot clash with the caller's names.
fn out_var() -> Ident {
    Ident::new("toks", Span::mixed_site())
}

/// Code pushing `input`'s tokens onto `out`.
fn expand(input: TokenStream, out: &Ident) -> TokenStream {
    let trees: Vec<TokenTree> = input.into_iter().collect();
    let mut code = TokenStream::new();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Ident(var)) = trees.get(i + 1) {
                    code.extend(quote!({
                        #[allow(unused_imports)]
                        use crate::tokens::splice::{Copied as _, Owned as _};
                        #var.splice_into(&mut #out);
                    }));
                    i += 2;
                    continue;
                }
                if let Some(TokenTree::Group(body)) = trees.get(i + 1).filter(|t| is_paren(t)) {
                    if let Some(star) = repetition_star(&trees, i + 2) {
                        let mut separator: Vec<TokenTree> = trees[i + 2..star].to_vec();
                        // Written against the `*`, its last character is not joined to
                        // what follows it.
                        if let Some(TokenTree::Punct(last)) = separator.last_mut() {
                            *last = Punct::new(last.as_char(), Spacing::Alone);
                        }
                        let separator = separator.into_iter().collect();
                        code.extend(repetition(body.stream(), separator, out));
                        i = star + 1;
                        continue;
                    }
                }
                code.extend(punct(p, trees.get(i + 1), out));
            }
            TokenTree::Punct(_) => {
                let (push, used) = puncts(&trees[i..], out);
                code.extend(push);
                i += used;
                continue;
            }
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                code.extend(quote!(#out.word(#text);));
            }
            TokenTree::Literal(lit) => {
                let text = lit.to_string();
                code.extend(quote!(#out.literal(#text);));
            }
            TokenTree::Group(group) => {
                let delim = match group.delimiter() {
                    Delimiter::Parenthesis => quote!(Paren),
                    Delimiter::Bracket => quote!(Bracket),
                    Delimiter::Brace => quote!(Brace),
                    // Invisible groups only come from macro_rules expansions, not written code.
                    Delimiter::None => {
                        code.extend(expand(group.stream(), out));
                        i += 1;
                        continue;
                    }
                };
                let inner = expand(group.stream(), out);
                code.extend(quote! {
                    #out.open(crate::tokens::Delimiter::#delim);
                    #inner
                    #out.close(crate::tokens::Delimiter::#delim);
                });
            }
        }
        i += 1;
    }
    code
}

/// About how many tokens a template writes itself, not counting what it splices or
/// repeats: the list's first allocation.
fn count(input: TokenStream) -> usize {
    let trees: Vec<TokenTree> = input.into_iter().collect();
    let mut n = 0;
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Punct(p) if p.as_char() == '#' && matches!(trees.get(i + 1), Some(TokenTree::Ident(_) | TokenTree::Group(_))) => {
                // A splice or a repetition (an attribute's `#` is counted the next time round).
                if matches!(trees.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket) {
                    n += 1;
                } else {
                    i += 1;
                }
            }
            TokenTree::Group(g) => n += 2 + count(g.stream()),
            _ => n += 1,
        }
        i += 1;
    }
    n
}

fn is_paren(tree: &TokenTree) -> bool {
    matches!(tree, TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis)
}

fn is_star(tree: &TokenTree) -> bool {
    matches!(tree, TokenTree::Punct(p) if p.as_char() == '*')
}

/// The `*` ending a repetition whose body ends before `at`: right there, or after one
/// separator, which is one token or punctuation written together (`::`, `=>`).
fn repetition_star(trees: &[TokenTree], at: usize) -> Option<usize> {
    let mut end = at;
    while let Some(TokenTree::Punct(p)) = trees.get(end) {
        if p.as_char() == '*' && end > at {
            break;
        }
        end += 1;
        if p.spacing() == Spacing::Alone {
            break;
        }
    }
    if end == at && trees.get(at).is_some_and(|t| !is_star(t)) {
        end += 1;
    }
    [at, end].into_iter().find(|&j| trees.get(j).is_some_and(is_star))
}

/// A punctuation character, joined to the next only when that is punctuation written
/// with it (`::`, `=>`, `'a`), not a `#` that splices something in (`&#ty`), as `quote!`
/// would have it.
fn punct(p: &proc_macro2::Punct, next: Option<&TokenTree>, out: &Ident) -> TokenStream {
    let c = p.as_char();
    let joint = p.spacing() == Spacing::Joint && (c == '\'' || matches!(next, Some(TokenTree::Punct(n)) if n.as_char() != '#'));
    quote!(#out.punct(#c, #joint);)
}

/// Punctuation written together (`::`, `=>`, `&&`) as one run of characters, so that the
/// printer splits it into operators without reading it a character at a time; and how
/// many tokens it took. A lifetime's `'` stays a character of its own, and so does a run
/// before it or before a `#` that splices something in (`&'a`, `&#ty`).
fn puncts(trees: &[TokenTree], out: &Ident) -> (TokenStream, usize) {
    let mut run = String::new();
    for (i, tree) in trees.iter().enumerate() {
        let TokenTree::Punct(p) = tree else { break };
        if p.as_char() == '\'' {
            if run.is_empty() {
                return (punct(p, trees.get(1), out), 1);
            }
            break;
        }
        run.push(p.as_char());
        let joined = p.spacing() == Spacing::Joint && matches!(trees.get(i + 1), Some(TokenTree::Punct(n)) if n.as_char() != '#');
        if !joined {
            break;
        }
    }
    let used = run.len();
    (quote!(#out.puncts(#run);), used)
}

/// A loop over the body, binding each variable the body uses to its next item.
fn repetition(body: TokenStream, separator: TokenStream, out: &Ident) -> TokenStream {
    let mut vars = Vec::new();
    variables(body.clone(), &mut vars);
    if vars.is_empty() {
        let message = "a repetition needs at least one `#variable` to iterate";
        let span = body.into_iter().next().map_or(Span::call_site(), |t| t.span());
        return quote_spanned!(span=> compile_error!(#message););
    }
    let name = |v: &Ident, suffix: &str| {
        let v = v.to_string();
        Ident::new(&format!("{}_{suffix}", v.trim_start_matches("r#")), Span::mixed_site())
    };
    let iters: Vec<Ident> = vars.iter().map(|v| name(v, "iter")).collect();
    let kinds: Vec<Ident> = vars.iter().map(|v| name(v, "kind")).collect();
    let first = Ident::new("first", Span::mixed_site());
    let inner = expand(body, out);
    let separator = expand(separator, out);
    quote!({
        #[allow(unused_imports)]
        use crate::tokens::repeat::{Items as _, IterItems as _, Same as _};
        #(let (mut #iters, #kinds) = #vars.repeat_items();)*
        // Fails to compile when no variable is iterable: the loop would never end.
        let _: crate::tokens::repeat::Iterates = crate::tokens::repeat::Repeats #(| #kinds)*;
        let mut #first = true;
        loop {
            #(let Some(#vars) = #iters.next() else { break };)*
            if !#first {
                #separator
            }
            #first = false;
            #inner
        }
    })
}

/// The `#variables` in a body, each once, in order of first use.
fn variables(body: TokenStream, vars: &mut Vec<Ident>) {
    let trees: Vec<TokenTree> = body.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Ident(var)) = trees.get(i + 1) {
                    if !vars.contains(var) {
                        vars.push(var.clone());
                    }
                }
            }
            TokenTree::Group(g) => variables(g.stream(), vars),
            _ => {}
        }
    }
}
