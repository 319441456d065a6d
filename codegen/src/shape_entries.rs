//! `shapes` entries read from the JSON text straight into their parts.
//!
//! Reading a whole model into a JSON value first builds a map for every shape body, every
//! member and every trait list, only for the loader to take each apart again (see
//! BENCHMARKS.md). Here the keys every shape has (`type`, `traits`, `members`, `member`,
//! `key`, `value`, and a member's `target`) are read into their final form as they are
//! parsed; the rest of a body (an operation's `input`, a service's `version`...) stays
//! JSON for the loader's usual reading.
//!
//! What is read is what the loader would take from a JSON value, keys written twice
//! included (the value read last wins, in the place of the first). This is the quick path
//! for large files only: on any fault (a trait id without a namespace, a bad member...)
//! it fails, and the loader reads the file the usual way, which reports the fault with
//! its shape and path.

use crate::loader::{valid_shape_id, Body, Members};
use crate::model::{Member, Traits};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// The entries of a `shapes` object, in file order, ids not yet checked.
pub(crate) struct Entries(pub Vec<(String, Body)>);

/// One `shapes` entry's body, its members read.
struct Entry(Body);

/// A map key, borrowed from the text unless it has escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_string())))
            }
        }
        de.deserialize_str(KeyVisitor)
    }
}

/// Implements `Deserialize` for a type read from a JSON object by `$visit`.
macro_rules! from_map {
    ($ty:ty, $expecting:literal, |$map:ident| $visit:block) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
                struct MapVisitor;
                impl<'de> Visitor<'de> for MapVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut $map: A) -> Result<$ty, A::Error> $visit
                }
                de.deserialize_map(MapVisitor)
            }
        }
    };
}

from_map!(Entries, "a `shapes` object", |map| {
    let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
    while let Some((id, Entry(body))) = map.next_entry::<String, Entry>()? {
        entries.push((id, body));
    }
    Ok(Entries(entries))
});

/// Fails the quick path: the usual reading reports what this is.
fn fault<E: de::Error>(what: &str) -> E {
    E::custom(format_args!("left to the usual reading: {what}"))
}

from_map!(Entry, "a shape", |map| {
    let mut ty = None;
    let mut traits = None;
    let mut members = None;
    // `member`, `key`, `value`: the loader takes them in this order, whatever the file's.
    let mut elements: [Option<Member>; 3] = [None, None, None];
    let mut rest = Map::new();
    while let Some(Key(key)) = map.next_key()? {
        match &*key {
            "type" => ty = Some(map.next_value::<String>()?),
            "traits" => traits = Some(map.next_value::<TraitMap>()?.0),
            "members" => members = Some(map.next_value::<MemberMap>()?.0),
            "member" | "key" | "value" => {
                let slot = Members::ELEMENT_KEYS.iter().position(|k| *k == key).unwrap_or_default();
                let MemberBody { target, traits } = map.next_value()?;
                elements[slot] = Some(Member { name: key.to_string(), target, traits });
            }
            _ => {
                rest.insert(key.into_owned(), map.next_value()?);
            }
        }
    }
    let ty = ty.ok_or_else(|| fault("no `type`"))?;
    let element_keys = Members::ELEMENT_KEYS.iter().zip(&elements).filter(|(_, e)| e.is_some()).map(|(k, _)| *k).collect();
    let in_members = members.is_some();
    let list = elements.into_iter().flatten().chain(members.into_iter().flatten()).collect();
    let members = Some(Members { list, element_keys, in_members });
    Ok(Entry(Body { ty, traits: traits.unwrap_or_default(), members, rest }))
});

/// A `traits` object, its ids checked for a namespace.
struct TraitMap(Traits);

from_map!(TraitMap, "a `traits` object", |map| {
    let mut traits = Traits::new();
    while let Some(id) = map.next_key::<String>()? {
        if !id.contains('#') {
            return Err(fault("a relative trait id"));
        }
        traits.insert(id, map.next_value()?);
    }
    Ok(TraitMap(traits))
});

/// A `members` object, in file order.
struct MemberMap(Vec<Member>);

from_map!(MemberMap, "a `members` object", |map| {
    let mut members: Vec<Member> = Vec::with_capacity(map.size_hint().unwrap_or(0));
    while let Some(name) = map.next_key::<String>()? {
        let MemberBody { target, traits } = map.next_value()?;
        members.push(Member { name, target, traits });
    }
    Ok(MemberMap(first_place_last_value(members)))
});

/// Members whose name is written twice kept once, in the first one's place with the last
/// one's value, as a JSON object keeps a key written twice.
fn first_place_last_value(members: Vec<Member>) -> Vec<Member> {
    if !names_repeat(&members) {
        return members;
    }
    let mut first_at: HashMap<String, usize> = HashMap::with_capacity(members.len());
    let mut kept: Vec<Member> = Vec::with_capacity(members.len());
    for member in members {
        match first_at.get(&member.name) {
            Some(&at) => kept[at] = member,
            None => {
                first_at.insert(member.name.clone(), kept.len());
                kept.push(member);
            }
        }
    }
    kept
}

/// Whether two members have the same name: pair by pair for the few most shapes have,
/// else through the sorted names, so that a huge structure takes no quadratic time.
fn names_repeat(members: &[Member]) -> bool {
    if members.len() <= 16 {
        return members.iter().enumerate().any(|(i, m)| members[..i].iter().any(|n| n.name == m.name));
    }
    let mut names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    names.sort_unstable();
    names.windows(2).any(|pair| pair[0] == pair[1])
}

/// A member: its checked `target` and its traits; other keys are ignored, as the loader
/// ignores them, once read as JSON values: that checks them as a parse into a value
/// would (numbers in range, escapes, depth), where skipping them would not.
struct MemberBody {
    target: String,
    traits: Traits,
}

from_map!(MemberBody, "a member", |map| {
    let mut target = None;
    let mut traits = None;
    while let Some(Key(key)) = map.next_key()? {
        match &*key {
            "target" => target = Some(map.next_value::<String>()?),
            "traits" => traits = Some(map.next_value::<TraitMap>()?.0),
            _ => {
                map.next_value::<Value>()?;
            }
        }
    }
    let target = target.filter(|t| valid_shape_id(t)).ok_or_else(|| fault("a member without a valid `target`"))?;
    Ok(MemberBody { target, traits: traits.unwrap_or_default() })
});
