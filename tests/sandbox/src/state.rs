//! In-memory organizations, users, tokens and groups.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};

use serde_json::{json, Value};

use crate::config::Seed;
use crate::time::{iso8601, Clock};
use crate::validate::{GroupPatch, NewGroup};

/// The organization a valid token belongs to and whether it may manage groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    /// Organization id the token is bound to.
    pub(crate) org: String,
    /// The token holds `manage_groups`.
    pub(crate) manage: bool,
}

/// One stored group; timestamps are kept as milliseconds and formatted on output.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) members: Vec<u64>,
    pub(crate) guests: Vec<String>,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
}

impl Group {
    /// The group as the API shows it.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "logo": null,
            "members": self.members,
            "guests": self.guests,
            "created_at": iso8601(self.created_ms),
            "last_updated": iso8601(self.updated_ms),
        })
    }
}

/// One organization: its users and its groups.
#[derive(Debug, Default)]
pub(crate) struct Organization {
    users: HashSet<u64>,
    groups: HashMap<String, Group>,
}

impl Organization {
    /// Whether `id` is a user of this organization.
    pub(crate) fn has_user(&self, id: u64) -> bool {
        self.users.contains(&id)
    }

    /// Whether another group (not `except`) already has this name, ignoring case.
    pub(crate) fn name_taken(&self, name: &str, except: Option<&str>) -> bool {
        let wanted = || name.chars().flat_map(char::to_lowercase);
        self.groups.values().any(|group| {
            Some(group.id.as_str()) != except && group.name.chars().flat_map(char::to_lowercase).eq(wanted())
        })
    }

    /// The group with this id.
    pub(crate) fn group(&self, id: &str) -> Option<&Group> {
        self.groups.get(id)
    }

    /// All groups, in no particular order.
    pub(crate) fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }
}

/// The whole mutable world of one sandbox.
#[derive(Debug)]
pub(crate) struct Store {
    orgs: HashMap<String, Organization>,
    tokens: HashMap<String, Caller>,
    clock: Clock,
    ids: IdGenerator,
}

impl Store {
    /// A store holding exactly what the seed describes and no groups.
    pub(crate) fn new(seed: &Seed) -> Self {
        let mut store =
            Self { orgs: HashMap::new(), tokens: HashMap::new(), clock: Clock::default(), ids: IdGenerator::new() };
        store.reset(seed);
        store
    }

    /// Back to the seed; the clock and id generator keep going so nothing repeats.
    pub(crate) fn reset(&mut self, seed: &Seed) {
        self.orgs.clear();
        self.tokens.clear();
        for org in &seed.organizations {
            let users = org.users.iter().copied().collect();
            self.orgs.insert(org.id.clone(), Organization { users, groups: HashMap::new() });
            for token in &org.tokens {
                let caller = Caller { org: org.id.clone(), manage: token.manage };
                self.tokens.insert(token.token.clone(), caller);
            }
        }
    }

    /// Who a bearer token belongs to.
    pub(crate) fn caller(&self, token: &str) -> Option<Caller> {
        self.tokens.get(token).cloned()
    }

    /// The organization with this id.
    pub(crate) fn organization(&self, id: &str) -> Option<&Organization> {
        self.orgs.get(id)
    }

    /// Stores a validated new group and returns it.
    pub(crate) fn create_group(&mut self, org: &str, input: NewGroup) -> Option<Group> {
        let organization = self.orgs.get_mut(org)?;
        let now = self.clock.tick();
        let group = Group {
            id: self.ids.next_id(),
            name: input.name,
            description: input.description,
            members: input.members,
            guests: input.guests,
            created_ms: now,
            updated_ms: now,
        };
        organization.groups.insert(group.id.clone(), group.clone());
        Some(group)
    }

    /// Applies a validated patch and returns the updated group.
    pub(crate) fn update_group(&mut self, org: &str, id: &str, patch: GroupPatch) -> Option<Group> {
        let group = self.orgs.get_mut(org)?.groups.get_mut(id)?;
        if let Some(name) = patch.name {
            group.name = name;
        }
        if let Some(description) = patch.description {
            group.description = description;
        }
        if let Some(members) = patch.members {
            group.members = members;
        }
        if let Some(guests) = patch.guests {
            group.guests = guests;
        }
        group.updated_ms = self.clock.tick();
        Some(group.clone())
    }

    /// Removes a group; false when there was none.
    pub(crate) fn delete_group(&mut self, org: &str, id: &str) -> bool {
        self.orgs.get_mut(org).is_some_and(|organization| organization.groups.remove(id).is_some())
    }

    /// Number of groups in each organization.
    pub(crate) fn group_counts(&self) -> BTreeMap<String, usize> {
        self.orgs.iter().map(|(id, org)| (id.clone(), org.groups.len())).collect()
    }
}

/// Unique 32-character lowercase hex ids: a counter passed through a bijective mixer
/// keyed per process, so ids never repeat and do not look sequential.
#[derive(Debug)]
struct IdGenerator {
    key: u64,
    counter: u64,
}

impl IdGenerator {
    fn new() -> Self {
        Self { key: RandomState::new().hash_one(std::process::id()), counter: 0 }
    }

    fn next_id(&mut self) -> String {
        self.counter += 1;
        let high = mix(self.counter ^ self.key);
        let low = mix(high ^ self.key.rotate_left(32));
        format!("{high:016x}{low:016x}")
    }
}

/// The SplitMix64 finalizer, a bijection on `u64`.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_lowercase_hex() {
        let mut ids = IdGenerator::new();
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            let id = ids.next_id();
            assert_eq!(id.len(), 32);
            assert!(id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
            assert!(seen.insert(id));
        }
    }

    #[test]
    fn names_compare_without_case() {
        let mut store = Store::new(&Seed::default());
        let group = store
            .create_group(
                "org_sandbox",
                NewGroup {
                    name: "Équipe Alpha".to_owned(),
                    description: "d".to_owned(),
                    members: vec![],
                    guests: vec![],
                },
            )
            .expect("org exists");
        let org = store.organization("org_sandbox").expect("org exists");
        assert!(org.name_taken("éQUIPE alpha", None));
        assert!(!org.name_taken("éQUIPE alpha", Some(&group.id)));
        assert!(!org.name_taken("Equipe Alpha", None));
    }
}
