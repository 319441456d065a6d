//! The comparison itself: operations, items, fields, variants and traits of the two
//! sides, each difference a [`Change`] of its [`Kind`].

use super::sides::Side;
use super::{shorten, Change, Kind};
use crate::ir::{self};
use crate::load::model::traits;
use std::collections::{BTreeMap, BTreeSet};

/// Where a shape's values go, in either model.
#[derive(Debug, Clone, Copy)]
pub(super) struct Role {
    pub(super) sent: bool,
    pub(super) received: bool,
}

pub(super) const NO_ROLE: Role = Role {
    sent: false,
    received: false,
};

pub(super) struct Differ<'a, 'm> {
    pub(super) old: &'a Side<'m>,
    pub(super) new: &'a Side<'m>,
    pub(super) ns: String,
    pub(super) changes: Vec<Change>,
}

impl<'a> Differ<'a, '_> {
    pub(super) fn push(&mut self, kind: Kind, subject: &str, what: impl Into<String>) {
        self.changes.push(Change {
            kind,
            subject: subject.to_string(),
            what: what.into(),
        });
    }

    pub(super) fn short<'s>(&self, id: &'s str) -> &'s str {
        shorten(&self.ns, id)
    }

    /// The role of a shape of the old model and of its counterpart in the new one.
    pub(super) fn role(&self, old: &str, new: &str) -> Role {
        Role {
            sent: self.old.sent.contains(old) || self.new.sent.contains(new),
            received: self.old.received.contains(old) || self.new.received.contains(new),
        }
    }

    pub(super) fn service(&mut self) {
        let (o, n) = (&self.old.krate.service, &self.new.krate.service);
        let subject = n.id.clone();
        if o.id != n.id {
            let what = format!(
                "service changed from `{}` to `{}` (the X-Amz-Target prefix changes)",
                o.id, n.id
            );
            self.push(Kind::Breaking, &subject, what);
        }
        if o.version != n.version {
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
            let what = format!(
                "API version changed from {} to {} (API_VERSION)",
                show(&o.version),
                show(&n.version)
            );
            self.push(Kind::Additive, &subject, what);
        }
        if o.protocol != n.protocol {
            let what = format!(
                "protocol: the generated protocol changes from {} to {}",
                crate::ir::Protocol::name(o.protocol),
                crate::ir::Protocol::name(n.protocol)
            );
            self.push(Kind::Breaking, &subject, what);
        }
        let (o, n) = (self.old.service, self.new.service);
        self.errors(
            &subject,
            &o.relations.errors,
            &n.relations.errors,
            "service error (every operation's error enum)",
        );
        if o.relations.rename != n.relations.rename {
            self.push(
                Kind::Breaking,
                &subject,
                "the service's `rename` map changed (Rust names or error codes change)",
            );
        }
        self.traits(&subject, &o.traits, &n.traits, NO_ROLE, &[]);
    }

    pub(super) fn operations(&mut self) {
        let by_id = |side: &'a Side| {
            side.krate
                .operations
                .iter()
                .map(|op| (op.id.as_str(), op))
                .collect::<BTreeMap<_, _>>()
        };
        let (old, new) = (by_id(self.old), by_id(self.new));
        let ids: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        for id in ids {
            match (old.get(id), new.get(id)) {
                (Some(_), None) => {
                    let why = if self.new.model.get(id).is_some() {
                        "operation removed from the selection"
                    } else {
                        "operation removed"
                    };
                    self.push(
                        Kind::Breaking,
                        id,
                        format!("{why} (its module, input, output and error types go away)"),
                    );
                }
                (None, Some(_)) => self.push(Kind::Additive, id, "operation added"),
                (Some(o), Some(n)) => self.operation(o, n),
                (None, None) => {}
            }
        }
    }

    pub(super) fn operation(&mut self, o: &ir::Operation, n: &ir::Operation) {
        let id = &n.id;
        let (old, new) = (self.old, self.new);
        for (label, a, b) in [
            ("input", &o.input, &n.input),
            ("output", &o.output, &n.output),
        ] {
            let (sa, sb) = (old.source(a), new.source(b));
            if sa != sb {
                let (ta, tb) = (old.io_path(a), new.io_path(b));
                let moved = format!(
                    "{label} changed from `{}` to `{}`",
                    self.short(sa),
                    self.short(sb)
                );
                if ta != tb {
                    self.push(
                        Kind::Breaking,
                        id,
                        format!("{moved} (Rust type `{ta}` -> `{tb}`)"),
                    );
                } else {
                    self.push(
                        Kind::Additive,
                        id,
                        format!("{moved} (same Rust type `{ta}`)"),
                    );
                }
            }
        }
        // Service errors are in every operation's error enum; `service` reports them.
        let service_errors: BTreeSet<&String> = old
            .service
            .relations
            .errors
            .iter()
            .chain(&new.service.relations.errors)
            .collect();
        let own = |errors: &[ir::OperationError]| {
            errors
                .iter()
                .map(|e| &e.id)
                .filter(|id| !service_errors.contains(id))
                .cloned()
                .collect::<Vec<_>>()
        };
        self.errors(id, &own(&o.errors), &own(&n.errors), "error");
        let mut skip: Vec<&str> = Vec::new();
        if o.signed != n.signed {
            skip = vec![traits::AUTH, traits::OPTIONAL_AUTH];
            if n.signed {
                self.push(
                    Kind::Breaking,
                    id,
                    "auth: now signed with SigV4 (SIGNED = true): calls need credentials",
                );
            } else {
                self.push(
                    Kind::Additive,
                    id,
                    "auth: now sent unsigned (SIGNED = false; @optionalAuth / @auth([]))",
                );
            }
        }
        self.traits(
            id,
            &old.model.shape(id).traits,
            &new.model.shape(id).traits,
            NO_ROLE,
            &skip,
        );
    }

    pub(super) fn errors(&mut self, subject: &str, old: &[String], new: &[String], label: &str) {
        let o: BTreeSet<&String> = old.iter().collect();
        let n: BTreeSet<&String> = new.iter().collect();
        for e in n.difference(&o) {
            let what = format!(
                "{label} `{}` added (the error enum is #[non_exhaustive])",
                self.short(e)
            );
            self.push(Kind::Additive, subject, what);
        }
        for e in o.difference(&n) {
            let what = format!(
                "{label} `{}` removed (its error enum variant goes away)",
                self.short(e)
            );
            self.push(Kind::Breaking, subject, what);
        }
    }
}
