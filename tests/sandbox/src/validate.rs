//! Laravel-style validation of group bodies; failures become 422 answers.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::email::is_email;
use crate::state::Organization;

/// Longest group name, in Unicode characters.
const NAME_MAX: usize = 200;

/// Field errors keyed by attribute (`name`, `members.2`, …), as in Laravel's 422 body.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Errors(BTreeMap<String, Vec<String>>);

impl Errors {
    /// Records one message for one attribute.
    pub(crate) fn add(&mut self, attribute: impl Into<String>, message: String) {
        self.0.entry(attribute.into()).or_default().push(message);
    }

    /// `Ok(value)` when nothing was recorded, else the errors.
    pub(crate) fn or_ok<T>(self, value: T) -> Result<T, Self> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// The `errors` object of the 422 body.
    pub(crate) fn to_json(&self) -> Value {
        serde_json::to_value(&self.0).unwrap_or_default()
    }
}

/// A validated create body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NewGroup {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) members: Vec<u64>,
    pub(crate) guests: Vec<String>,
}

/// A validated update body: `None` leaves the field unchanged.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct GroupPatch {
    pub(crate) name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) members: Option<Vec<u64>>,
    pub(crate) guests: Option<Vec<String>>,
}

/// Create rules: `name` required|string|max:200|unique, `description` required|string,
/// `members` array of the organization's user ids, `guests` array of emails.
pub(crate) fn new_group(body: &Map<String, Value>, org: &Organization) -> Result<NewGroup, Errors> {
    let mut errors = Errors::default();
    let name = name(body.get("name"), org, None, &mut errors);
    let description = required_string("description", body.get("description"), &mut errors);
    let members = body.get("members").map_or(Some(Vec::new()), |value| members(value, org, &mut errors));
    let guests = body.get("guests").map_or(Some(Vec::new()), |value| guests(value, &mut errors));
    match (name, description, members, guests) {
        (Some(name), Some(description), Some(members), Some(guests)) => {
            errors.or_ok(NewGroup { name, description, members, guests })
        }
        _ => Err(errors),
    }
}

/// Update rules: every field is `sometimes`, then as on create (the name may stay the
/// group's own); `members` and `guests` replace the whole list.
pub(crate) fn group_patch(body: &Map<String, Value>, org: &Organization, group_id: &str) -> Result<GroupPatch, Errors> {
    let mut errors = Errors::default();
    let patch = GroupPatch {
        name: body.get("name").and_then(|value| name(Some(value), org, Some(group_id), &mut errors)),
        description: body.get("description").and_then(|value| required_string("description", Some(value), &mut errors)),
        members: body.get("members").and_then(|value| members(value, org, &mut errors)),
        guests: body.get("guests").and_then(|value| guests(value, &mut errors)),
    };
    errors.or_ok(patch)
}

/// `required|string`: absent, null, blank or non-string values fail.
fn required_string(attribute: &str, value: Option<&Value>, errors: &mut Errors) -> Option<String> {
    match value {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.clone()),
        Some(Value::String(_) | Value::Null) | None => {
            errors.add(attribute, format!("The {attribute} field is required."));
            None
        }
        Some(_) => {
            errors.add(attribute, format!("The {attribute} must be a string."));
            None
        }
    }
}

/// `required|string|max:200|unique` within the organization, ignoring case.
fn name(value: Option<&Value>, org: &Organization, except: Option<&str>, errors: &mut Errors) -> Option<String> {
    let name = required_string("name", value, errors)?;
    if name.chars().count() > NAME_MAX {
        errors.add("name", format!("The name must not be greater than {NAME_MAX} characters."));
        None
    } else if org.name_taken(&name, except) {
        errors.add("name", "The name has already been taken.".to_owned());
        None
    } else {
        Some(name)
    }
}

/// `array`, each `integer` and an existing user of the organization; duplicates are stored
/// once, in first-seen order (as Laravel's `sync` would).
fn members(value: &Value, org: &Organization, errors: &mut Errors) -> Option<Vec<u64>> {
    let Value::Array(items) = value else {
        errors.add("members", "The members must be an array.".to_owned());
        return None;
    };
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    let mut valid = true;
    for (index, item) in items.iter().enumerate() {
        let attribute = format!("members.{index}");
        if !(item.is_i64() || item.is_u64()) {
            errors.add(&attribute, format!("The {attribute} must be an integer."));
            valid = false;
        } else if let Some(id) = item.as_u64().filter(|id| org.has_user(*id)) {
            if seen.insert(id) {
                ids.push(id);
            }
        } else {
            errors.add(&attribute, format!("The selected {attribute} is invalid."));
            valid = false;
        }
    }
    valid.then_some(ids)
}

/// `array`, each a valid email address ([`is_email`]); exact duplicates are stored once, in
/// first-seen order.
fn guests(value: &Value, errors: &mut Errors) -> Option<Vec<String>> {
    let Value::Array(items) = value else {
        errors.add("guests", "The guests must be an array.".to_owned());
        return None;
    };
    let mut seen = HashSet::new();
    let mut emails = Vec::new();
    let mut valid = true;
    for (index, item) in items.iter().enumerate() {
        match item.as_str().filter(|text| is_email(text)) {
            Some(email) => {
                if seen.insert(email) {
                    emails.push(email.to_owned());
                }
            }
            None => {
                let attribute = format!("guests.{index}");
                errors.add(&attribute, format!("The {attribute} must be a valid email address."));
                valid = false;
            }
        }
    }
    valid.then_some(emails)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialize_as_lists() {
        let mut errors = Errors::default();
        errors.add("name", "one".to_owned());
        errors.add("name", "two".to_owned());
        assert_eq!(errors.to_json(), serde_json::json!({"name": ["one", "two"]}));
        assert!(Errors::default().or_ok(1).is_ok());
    }
}
