//! What a caller sends to create or update a group, and every rule it must meet.

use crate::email::is_valid_email;
use crate::error::{Error, FieldCode, FieldError};
use crate::group::Group;
use crate::json::{self, write_key, write_str, write_u64, Value};

/// The longest group name, in Unicode scalar values (characters, not bytes).
pub const MAX_NAME_CHARS: usize = 200;
/// The largest member id: 2^53 - 1, so that every id survives a trip through JavaScript.
pub const MAX_MEMBER_ID: u64 = 9_007_199_254_740_991;

/// The fields of a group to create, or to change in an update.
///
/// `None` means "absent". For an update, `Some(vec![])` for `members` or `guests` means
/// "remove all", which is different from absent ("keep as is"). The request body holds
/// exactly the fields that are `Some`, in the order name, description, members, guests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GroupInput {
    /// The group's name: required on create, 1 to 200 characters, not blank.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    /// The group's description: required on create, not blank.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub description: Option<String>,
    /// User ids of the members: each from 1 to [`MAX_MEMBER_ID`]; sent as given, duplicates too.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub members: Option<Vec<u64>>,
    /// Email addresses of the guests (`local@domain`, no control characters); sent as given,
    /// duplicates too.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub guests: Option<Vec<String>>,
}

/// Which operation an input is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    Create,
    Update,
}

const FIELDS: [&str; 4] = ["name", "description", "members", "guests"];

impl GroupInput {
    /// Reads an input from JSON, checking types, unknown fields and every rule that does not
    /// depend on the operation (lengths, blanks, ids, emails). Whether `name` and
    /// `description` are required is decided when the request is built.
    ///
    /// ```
    /// use tallyfy_core::{FieldCode, GroupInput};
    /// let input = GroupInput::from_json(br#"{"name":"Ops","members":[]}"#)?;
    /// assert_eq!(input.members, Some(vec![]));
    /// let err = GroupInput::from_json(br#"{"name":"Ops","member":[1]}"#).unwrap_err();
    /// assert_eq!(err.field_errors()[0].field, "member");
    /// assert_eq!(err.field_errors()[0].code, FieldCode::UnknownField);
    /// # Ok::<(), tallyfy_core::Error>(())
    /// ```
    pub fn from_json(json: &[u8]) -> Result<GroupInput, Error> {
        let mut errors = Vec::new();
        let input = parse_json(json, None, &mut errors);
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(Error::invalid_input(errors))
        }
    }

    /// The input as JSON, which is also the request body: exactly the present fields, in the
    /// order name, description, members, guests.
    ///
    /// ```
    /// use tallyfy_core::GroupInput;
    /// let input = GroupInput { members: Some(vec![]), name: Some("Ops".into()), ..Default::default() };
    /// assert_eq!(input.to_json(), r#"{"name":"Ops","members":[]}"#);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64);
        out.push('{');
        let mut first = true;
        for (key, text) in [("name", &self.name), ("description", &self.description)] {
            if let Some(text) = text {
                write_key(&mut out, key, first);
                write_str(&mut out, text);
                first = false;
            }
        }
        if let Some(members) = &self.members {
            write_key(&mut out, "members", first);
            out.push('[');
            for (i, id) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_u64(&mut out, *id);
            }
            out.push(']');
            first = false;
        }
        if let Some(guests) = &self.guests {
            write_key(&mut out, "guests", first);
            out.push('[');
            for (i, guest) in guests.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(&mut out, guest);
            }
            out.push(']');
        }
        out.push('}');
        out
    }
}

/// Every problem `input` has as the body of a create: never fails, an empty list means valid.
///
/// ```
/// use tallyfy_core::{validate_create_group, GroupInput};
/// let errors = validate_create_group(&GroupInput { members: Some(vec![0, 7, 7]), ..Default::default() });
/// let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
/// assert_eq!(fields, ["name", "description", "members.0"]); // a duplicate is the server's to keep once
/// ```
pub fn validate_create_group(input: &GroupInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    check(input, Operation::Create, &mut errors);
    errors
}

/// Every problem `input` has as the body of an update: never fails, an empty list means valid.
pub fn validate_update_group(input: &GroupInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    check(input, Operation::Update, &mut errors);
    errors
}

/// Every problem a JSON `input` has as the body of a create, including wrong types and
/// unknown fields: never fails, an empty list means valid.
///
/// ```
/// use tallyfy_core::validate_create_group_json;
/// let errors = validate_create_group_json(br#"{"name":"Ops","description":"d","guests":["nope"]}"#);
/// assert_eq!(errors[0].field, "guests.0");
/// ```
pub fn validate_create_group_json(input: &[u8]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    parse_json(input, Some(Operation::Create), &mut errors);
    errors
}

/// Every problem a JSON `input` has as the body of an update (see
/// [`validate_create_group_json`]).
pub fn validate_update_group_json(input: &[u8]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    parse_json(input, Some(Operation::Update), &mut errors);
    errors
}

/// The body for an update that sends the whole group, as Tallyfy's official SDK does: the
/// `current` group with `changes` applied. A blank current description is left out, since the
/// server refuses a blank one.
///
/// ```
/// use tallyfy_core::{full_update, Group, GroupInput};
/// let current = Group { id: "g1".into(), name: "Ops".into(), description: "Run things".into(),
///     members: vec![1, 2], ..Default::default() };
/// let changes = GroupInput { guests: Some(vec![]), ..Default::default() };
/// let body = full_update(&current, &changes);
/// assert_eq!(body.name.as_deref(), Some("Ops"));
/// assert_eq!(body.members, Some(vec![1, 2]));
/// assert_eq!(body.guests, Some(vec![]));
/// ```
pub fn full_update(current: &Group, changes: &GroupInput) -> GroupInput {
    let description = match &changes.description {
        Some(d) => Some(d.clone()),
        None if current.description.trim().is_empty() => None,
        None => Some(current.description.clone()),
    };
    GroupInput {
        name: Some(changes.name.clone().unwrap_or_else(|| current.name.clone())),
        description,
        members: Some(changes.members.clone().unwrap_or_else(|| current.members.clone())),
        guests: Some(changes.guests.clone().unwrap_or_else(|| current.guests.clone())),
    }
}

/// Checks a typed input for `op`, pushing every problem onto `errors`.
pub(crate) fn check(input: &GroupInput, op: Operation, errors: &mut Vec<FieldError>) {
    check_text("name", input.name.as_deref(), op, errors);
    check_text("description", input.description.as_deref(), op, errors);
    if let Some(members) = &input.members {
        for (i, &id) in members.iter().enumerate() {
            check_member(i, id, errors);
        }
    }
    if let Some(guests) = &input.guests {
        for (i, email) in guests.iter().enumerate() {
            check_guest(i, email, errors);
        }
    }
    let empty =
        input.name.is_none() && input.description.is_none() && input.members.is_none() && input.guests.is_none();
    if op == Operation::Update && empty {
        errors.push(no_changes());
    }
}

/// Reads a JSON input and checks it for `op` (or only the operation-independent rules when
/// `op` is `None`), pushing every problem onto `errors` in a fixed order: name, description,
/// members, guests, then unknown fields.
pub(crate) fn parse_json(json: &[u8], op: Option<Operation>, errors: &mut Vec<FieldError>) -> GroupInput {
    let mut input = GroupInput::default();
    let map = match json::parse(json) {
        Ok(map @ Value::Object(_)) => map,
        Ok(_) => {
            errors.push(FieldError::new("body", FieldCode::InvalidType, "the input must be a JSON object"));
            return input;
        }
        Err(e) => {
            errors.push(FieldError::new("body", FieldCode::InvalidJson, format!("the input is not valid JSON: {e}")));
            return input;
        }
    };
    for field in ["name", "description"] {
        let text = match map.get(field) {
            None => None,
            Some(Value::String(s)) => Some(s.to_string()),
            Some(Value::Null) => {
                errors.push(null_text(field));
                continue;
            }
            Some(_) => {
                errors.push(FieldError::new(field, FieldCode::InvalidType, format!("{field} must be a string")));
                continue;
            }
        };
        if let Some(op) = op {
            check_text(field, text.as_deref(), op, errors);
        } else if let Some(t) = &text {
            check_text(field, Some(t), Operation::Update, errors);
        }
        if field == "name" {
            input.name = text;
        } else {
            input.description = text;
        }
    }
    if let Some(value) = map.get("members") {
        input.members = parse_members(value, errors);
    }
    if let Some(value) = map.get("guests") {
        input.guests = parse_guests(value, errors);
    }
    let members = map.as_object().unwrap_or_default();
    for (i, (key, _)) in members.iter().enumerate() {
        let repeated = members[..i].iter().any(|(k, _)| k == key);
        if !FIELDS.contains(&key.as_ref()) && !repeated {
            errors.push(FieldError::new(
                key.as_ref(),
                FieldCode::UnknownField,
                "unknown field; expected name, description, members or guests",
            ));
        }
    }
    let any_known = FIELDS.iter().any(|f| map.get(f).is_some());
    if op == Some(Operation::Update) && !any_known {
        errors.push(no_changes());
    }
    input
}

fn parse_members(value: &Value, errors: &mut Vec<FieldError>) -> Option<Vec<u64>> {
    let Value::Array(items) = value else {
        errors.push(FieldError::new(
            "members",
            FieldCode::InvalidType,
            "members must be an array of user ids; use [] to remove all",
        ));
        return None;
    };
    let mut ids = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Number(n) if n.as_u64().is_some() => {
                let id = n.as_u64().unwrap_or_default();
                check_member(i, id, errors);
                ids.push(id);
            }
            Value::Number(n) if n.as_i64().is_some() => errors.push(member_range(i)),
            _ => errors.push(FieldError::new(
                format!("members.{i}"),
                FieldCode::InvalidType,
                "a member must be a user id: a positive integer",
            )),
        }
    }
    Some(ids)
}

fn parse_guests(value: &Value, errors: &mut Vec<FieldError>) -> Option<Vec<String>> {
    let Value::Array(items) = value else {
        errors.push(FieldError::new(
            "guests",
            FieldCode::InvalidType,
            "guests must be an array of email addresses; use [] to remove all",
        ));
        return None;
    };
    let mut emails = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(s) => {
                check_guest(i, s, errors);
                emails.push(s.to_string());
            }
            _ => errors.push(FieldError::new(
                format!("guests.{i}"),
                FieldCode::InvalidType,
                "a guest must be an email address string",
            )),
        }
    }
    Some(emails)
}

fn check_text(field: &str, value: Option<&str>, op: Operation, errors: &mut Vec<FieldError>) {
    match value {
        None if op == Operation::Create => {
            errors.push(FieldError::new(field, FieldCode::Required, format!("{field} is required")));
        }
        None => {}
        Some(text) if text.trim().is_empty() => {
            let message = if text.is_empty() {
                format!("{field} must not be empty")
            } else {
                format!("{field} must not be blank")
            };
            errors.push(FieldError::new(field, FieldCode::Blank, message));
        }
        Some(text) if field == "name" && text.chars().count() > MAX_NAME_CHARS => {
            errors.push(FieldError::new(
                field,
                FieldCode::TooLong,
                format!("name must be at most {MAX_NAME_CHARS} characters"),
            ));
        }
        Some(_) => {}
    }
}

/// Checks the member id at index `i` (duplicates are the server's business: it keeps one).
fn check_member(i: usize, id: u64, errors: &mut Vec<FieldError>) {
    if !(1..=MAX_MEMBER_ID).contains(&id) {
        errors.push(member_range(i));
    }
}

/// Checks the guest email at index `i` (duplicates are the server's business: it keeps one).
fn check_guest(i: usize, email: &str, errors: &mut Vec<FieldError>) {
    if !is_valid_email(email) {
        errors.push(FieldError::new(format!("guests.{i}"), FieldCode::InvalidEmail, "not a valid email address"));
    }
}

fn member_range(i: usize) -> FieldError {
    FieldError::new(
        format!("members.{i}"),
        FieldCode::OutOfRange,
        format!("a member id must be from 1 to {MAX_MEMBER_ID}"),
    )
}

fn null_text(field: &str) -> FieldError {
    FieldError::new(
        field,
        FieldCode::Required,
        format!("{field} must not be null; leave the field out to keep the current value"),
    )
}

fn no_changes() -> FieldError {
    FieldError::new(
        "body",
        FieldCode::NoChanges,
        "an update must change at least one of name, description, members, guests",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: &[FieldError]) -> Vec<(String, FieldCode)> {
        errors.iter().map(|e| (e.field.clone(), e.code)).collect()
    }

    #[test]
    fn json_reports_every_problem_in_order() {
        let mut errors = Vec::new();
        let json =
            br#"{"zeta":1,"guests":["a@b","a@b","bad",3],"members":[1,1.5,-2,1,"7"],"description":null,"name":""}"#;
        parse_json(json, Some(Operation::Create), &mut errors);
        let expected = [
            ("name", FieldCode::Blank),
            ("description", FieldCode::Required),
            ("members.1", FieldCode::InvalidType),
            ("members.2", FieldCode::OutOfRange),
            ("members.4", FieldCode::InvalidType),
            ("guests.2", FieldCode::InvalidEmail),
            ("guests.3", FieldCode::InvalidType),
            ("zeta", FieldCode::UnknownField),
        ];
        let expected: Vec<_> = expected.iter().map(|(f, c)| (f.to_string(), *c)).collect();
        assert_eq!(fields(&errors), expected);
    }

    #[test]
    fn update_needs_a_change_and_keeps_empty_lists() {
        assert_eq!(fields(&validate_update_group(&GroupInput::default())), [("body".into(), FieldCode::NoChanges)]);
        let input = GroupInput { guests: Some(vec![]), ..Default::default() };
        assert!(validate_update_group(&input).is_empty());
        assert_eq!(input.to_json(), r#"{"guests":[]}"#);
    }

    #[test]
    fn duplicates_are_sent_unchanged() {
        let input = GroupInput {
            members: Some(vec![7, 7]),
            guests: Some(vec!["a@b.co".into(), "a@b.co".into()]),
            ..Default::default()
        };
        assert!(validate_update_group(&input).is_empty());
        assert_eq!(input.to_json(), r#"{"members":[7,7],"guests":["a@b.co","a@b.co"]}"#);
    }

    #[test]
    fn name_length_counts_characters() {
        let ok = GroupInput { name: Some("é".repeat(200)), ..Default::default() };
        assert!(validate_update_group(&ok).is_empty());
        let long = GroupInput { name: Some("é".repeat(201)), ..Default::default() };
        assert_eq!(fields(&validate_update_group(&long)), [("name".into(), FieldCode::TooLong)]);
    }
}
