//! What a caller sends to create or update a group, and every rule it must meet.

use serde::Serialize;

use crate::email::is_valid_email;
use crate::error::{Error, FieldCode, FieldError};
use crate::given::{invalid_json, Given, Hint, Object, Root, Shape};
use crate::group::Group;
use crate::group_json::{self, GivenGroup, Id};

/// The longest group name, in Unicode scalar values (characters, not bytes).
pub const MAX_NAME_CHARS: usize = 200;
/// The largest member id: 2^53 - 1, so that every id survives a trip through JavaScript.
pub const MAX_MEMBER_ID: u64 = 9_007_199_254_740_991;

/// The fields of a group to create, or to change in an update.
///
/// `None` means "absent". For an update, `Some(vec![])` for `members` or `guests` means
/// "remove all", which is different from absent ("keep as is"). Serialized, it is the request
/// body: exactly the fields that are `Some`, in the order name, description, members, guests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GroupInput {
    /// The group's name: required on create, 1 to 200 characters, not blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The group's description: required on create, not blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// User ids of the members: each from 1 to [`MAX_MEMBER_ID`]; sent as given, duplicates too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<u64>>,
    /// Email addresses of the guests (`local@domain`, see the README); sent as given, duplicates too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guests: Option<Vec<String>>,
}

/// The shape of a group input: `{name, description, members, guests}`.
#[derive(Debug)]
pub enum InputShape {}

impl Shape for InputShape {
    const KEYS: &'static [&'static str] = &["name", "description", "members", "guests"];
    const PREFIX: &'static str = "";
    const UNKNOWN: &'static str = "unknown field; expected name, description, members or guests";
    const HINTS: &'static [Hint] = &[Hint::Text, Hint::Text, Hint::Counts, Hint::Texts];
}

/// A group input as a caller gave it (JSON text or a JavaScript value), before any check.
pub type GivenInput = Object<InputShape>;

/// Which operation an input is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Creating a group: `name` and `description` are required.
    Create,
    /// Changing a group: at least one field is needed.
    Update,
}

impl GroupInput {
    /// Reads an input from JSON, checking types, unknown and repeated keys and every rule that
    /// does not depend on the operation (lengths, blanks, ids, emails). Whether `name` and
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
        finish(input, errors)
    }

    /// Reads an input as given (see [`GroupInput::from_json`]).
    pub fn from_given(given: GivenInput) -> Result<GroupInput, Error> {
        let mut errors = Vec::new();
        let input = read(given, None, &mut errors);
        finish(input, errors)
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
        crate::to_json(self)
    }

    /// Checks a new name as [`GroupInput::from_json`] would (not blank, at most
    /// [`MAX_NAME_CHARS`] characters).
    pub fn check_name(name: &str) -> Result<(), FieldError> {
        one(|errors| check_text("name", Some(name), Operation::Update, errors))
    }

    /// Checks a new description as [`GroupInput::from_json`] would (not blank).
    pub fn check_description(description: &str) -> Result<(), FieldError> {
        one(|errors| check_text("description", Some(description), Operation::Update, errors))
    }

    /// Checks the member id that would stand at index `index`, as [`GroupInput::from_json`]
    /// would (from 1 to [`MAX_MEMBER_ID`]).
    pub fn check_member(index: usize, id: u64) -> Result<(), FieldError> {
        one(|errors| check_member(index, id, errors))
    }

    /// Checks the guest email that would stand at index `index`, as [`GroupInput::from_json`]
    /// would.
    pub fn check_guest(index: usize, email: &str) -> Result<(), FieldError> {
        one(|errors| check_guest(index, email, errors))
    }
}

/// The one problem `check` finds, if any.
fn one(check: impl FnOnce(&mut Vec<FieldError>)) -> Result<(), FieldError> {
    let mut errors = Vec::new();
    check(&mut errors);
    errors.pop().map_or(Ok(()), Err)
}

fn finish<T>(value: T, errors: Vec<FieldError>) -> Result<T, Error> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(Error::invalid_input(errors))
    }
}

/// Every problem `input` has as the body of a create: never fails, an empty list means valid.
///
/// ```
/// use tallyfy_core::{validate_create_group, GroupInput};
/// let errors = validate_create_group(&GroupInput { members: Some(vec![0, 7]), ..Default::default() });
/// let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
/// assert_eq!(fields, ["name", "description", "members.0"]);
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

/// Every problem a JSON `input` has as the body of a create, including wrong types, unknown
/// and repeated keys: never fails, an empty list means valid.
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

/// Every problem an input as given has as the body of `op` (see
/// [`validate_create_group_json`]): never fails, an empty list means valid.
pub fn validate_given(input: GivenInput, op: Operation) -> Vec<FieldError> {
    let mut errors = Vec::new();
    read(input, Some(op), &mut errors);
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

/// [`full_update`] for values as given: `current` in the JavaScript shape of a [`Group`], read
/// as [`Group::from_json`] reads one but that its id may be left out (fields `current.name`,
/// ...), `changes` as an input; every problem of both at once.
pub fn full_update_given(current: GivenGroup, changes: GivenInput) -> Result<GroupInput, Error> {
    let mut errors = Vec::new();
    let current = group_json::read(current, "current", Id::Optional, &mut errors);
    let changes = read(changes, None, &mut errors);
    finish(full_update(&current, &changes), errors)
}

/// Checks a typed input for `op`, pushing every problem onto `errors`.
pub(crate) fn check(input: &GroupInput, op: Operation, errors: &mut Vec<FieldError>) {
    check_text("name", input.name.as_deref(), op, errors);
    check_text("description", input.description.as_deref(), op, errors);
    for (i, &id) in input.members.iter().flatten().enumerate() {
        check_member(i, id, errors);
    }
    for (i, email) in input.guests.iter().flatten().enumerate() {
        check_guest(i, email, errors);
    }
    let empty =
        input.name.is_none() && input.description.is_none() && input.members.is_none() && input.guests.is_none();
    if op == Operation::Update && empty {
        errors.push(no_changes());
    }
}

/// Reads a JSON input and checks it (see [`read`]); text that is not JSON is one problem.
pub(crate) fn parse_json(json: &[u8], op: Option<Operation>, errors: &mut Vec<FieldError>) -> GroupInput {
    match crate::reading::from_slice::<GivenInput>(json) {
        Ok(given) => read(given, op, errors),
        Err(e) => {
            errors.push(invalid_json("body", "the input", &e));
            GroupInput::default()
        }
    }
}

/// Checks an input as given for `op` (or only the operation-independent rules when `op` is
/// `None`), pushing every problem onto `errors` in a fixed order: name, description, members,
/// guests, then unknown and repeated keys.
pub(crate) fn read(mut given: GivenInput, op: Option<Operation>, errors: &mut Vec<FieldError>) -> GroupInput {
    let mut input = GroupInput::default();
    if given.root() != Root::Object {
        errors.push(FieldError::new("body", FieldCode::InvalidType, "the input must be a JSON object"));
        return input;
    }
    let any_given = given.any_given();
    for (i, field) in ["name", "description"].into_iter().enumerate() {
        let text = match given.take(i) {
            Given::Absent => None,
            Given::Text(s) => Some(s),
            Given::Null => {
                errors.push(null_text(field));
                continue;
            }
            _ => {
                errors.push(FieldError::new(field, FieldCode::InvalidType, format!("{field} must be a string")));
                continue;
            }
        };
        check_text(field, text.as_deref(), op.unwrap_or(Operation::Update), errors);
        if i == 0 {
            input.name = text;
        } else {
            input.description = text;
        }
    }
    input.members = read_members(given.take(2), errors);
    input.guests = read_guests(given.take(3), errors);
    given.key_problems(errors);
    if op == Some(Operation::Update) && !any_given {
        errors.push(no_changes());
    }
    input
}

fn read_members(value: Given, errors: &mut Vec<FieldError>) -> Option<Vec<u64>> {
    let items = match value {
        Given::Absent => return None,
        Given::List(items) => items,
        _ => {
            errors.push(FieldError::new(
                "members",
                FieldCode::InvalidType,
                "members must be an array of user ids; use [] to remove all",
            ));
            return None;
        }
    };
    let mut ids = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Given::Unsigned(id) => {
                check_member(i, *id, errors);
                ids.push(*id);
            }
            other if other.is_whole_out_of_range() => errors.push(member_range(i)),
            _ => errors.push(FieldError::new(
                format!("members.{i}"),
                FieldCode::InvalidType,
                "a member must be a user id: a positive integer",
            )),
        }
    }
    Some(ids)
}

fn read_guests(value: Given, errors: &mut Vec<FieldError>) -> Option<Vec<String>> {
    let items = match value {
        Given::Absent => return None,
        Given::List(items) => items,
        _ => {
            errors.push(FieldError::new(
                "guests",
                FieldCode::InvalidType,
                "guests must be an array of email addresses; use [] to remove all",
            ));
            return None;
        }
    };
    let mut emails = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Given::Text(s) => {
                check_guest(i, &s, errors);
                emails.push(s);
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

fn check_member(i: usize, id: u64, errors: &mut Vec<FieldError>) {
    if !(1..=MAX_MEMBER_ID).contains(&id) {
        errors.push(member_range(i));
    }
}

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

    fn expect(pairs: &[(&str, FieldCode)]) -> Vec<(String, FieldCode)> {
        pairs.iter().map(|(f, c)| (f.to_string(), *c)).collect()
    }

    #[test]
    fn json_reports_every_problem_in_order() {
        let mut errors = Vec::new();
        let json = br#"{"zeta":1,"guests":["a@b","A@B","bad",3],"members":[1,1.5,-2,1,"7",1e3,1.0,18446744073709551616],"description":null,"name":"","zeta":2}"#;
        parse_json(json, Some(Operation::Create), &mut errors);
        let expected = [
            ("name", FieldCode::Blank),
            ("description", FieldCode::Required),
            ("members.1", FieldCode::InvalidType),
            ("members.2", FieldCode::OutOfRange),
            ("members.4", FieldCode::InvalidType),
            ("members.5", FieldCode::InvalidType),
            ("members.6", FieldCode::InvalidType),
            ("members.7", FieldCode::OutOfRange),
            ("guests.2", FieldCode::InvalidEmail),
            ("guests.3", FieldCode::InvalidType),
            ("zeta", FieldCode::UnknownField),
        ];
        assert_eq!(fields(&errors), expect(&expected));
    }

    #[test]
    fn repeated_keys_are_field_errors() {
        let errors = validate_create_group_json(br#"{"name":5,"name":"b","description":"d","description":"e"}"#);
        assert_eq!(
            fields(&errors),
            expect(&[
                ("name", FieldCode::InvalidType),
                ("name", FieldCode::Duplicate),
                ("description", FieldCode::Duplicate)
            ])
        );
    }

    #[test]
    fn not_an_object_or_not_json() {
        assert_eq!(fields(&validate_update_group_json(b"[1]")), expect(&[("body", FieldCode::InvalidType)]));
        assert_eq!(fields(&validate_update_group_json(b"{\"name\":")), expect(&[("body", FieldCode::InvalidJson)]));
        // Values that are only skipped are skipped without recursion, however deep.
        let deep = format!("{{\"name\":\"n\",\"x\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(fields(&validate_update_group_json(deep.as_bytes())), expect(&[("x", FieldCode::UnknownField)]));
        let deep = format!("{{\"members\":[{}{}]}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            fields(&validate_update_group_json(deep.as_bytes())),
            expect(&[("members.0", FieldCode::InvalidType)])
        );
    }

    #[test]
    fn update_needs_a_change_and_keeps_empty_lists() {
        assert_eq!(fields(&validate_update_group(&GroupInput::default())), expect(&[("body", FieldCode::NoChanges)]));
        let input = GroupInput { guests: Some(vec![]), ..Default::default() };
        assert!(validate_update_group(&input).is_empty());
        assert_eq!(input.to_json(), r#"{"guests":[]}"#);
    }

    #[test]
    fn repeated_members_and_guests_are_sent_unchanged() {
        let input = GroupInput::from_json(br#"{"members":[7,7],"guests":["a@b.co","A@B.CO"]}"#).unwrap();
        assert!(validate_update_group(&input).is_empty());
        assert_eq!(input.to_json(), r#"{"members":[7,7],"guests":["a@b.co","A@B.CO"]}"#);
    }

    #[test]
    fn one_field_checks_match_the_json_path() {
        assert_eq!(GroupInput::check_name(" ").unwrap_err().code, FieldCode::Blank);
        assert_eq!(GroupInput::check_member(3, 0).unwrap_err().field, "members.3");
        assert_eq!(GroupInput::check_guest(1, "nope").unwrap_err().field, "guests.1");
        assert!(GroupInput::check_description("d").is_ok());
    }

    #[test]
    fn name_length_counts_characters() {
        let ok = GroupInput { name: Some("é".repeat(200)), ..Default::default() };
        assert!(validate_update_group(&ok).is_empty());
        let long = GroupInput { name: Some("é".repeat(201)), ..Default::default() };
        assert_eq!(fields(&validate_update_group(&long)), expect(&[("name", FieldCode::TooLong)]));
    }
}
