//! A group in the shape [`Group::to_json`] writes (the JavaScript shape), read back: from JSON
//! text ([`Group::from_json`]) or as a caller gave it (the `current` group of
//! [`full_update_given`](crate::full_update_given)). One reader, one set of rules, for both.

use crate::error::{Error, FieldCode, FieldError};
use crate::given::{invalid_json, Given, Hint, Object, Root, Shape};
use crate::group::Group;
use crate::input::MAX_MEMBER_ID;

/// The keys of a group's JavaScript shape, in the order [`Group::to_json`] writes them.
const KEYS: &[&str] = &["id", "name", "description", "logo", "members", "guests", "createdAt", "updatedAt"];

/// The shape of a group as JSON text (see [`Group::from_json`]): field paths `name`,
/// `members.2`, ...
#[derive(Debug)]
pub enum GroupShape {}

impl Shape for GroupShape {
    const KEYS: &'static [&'static str] = KEYS;
    const PREFIX: &'static str = "";
    const UNKNOWN: &'static str =
        "unknown field; expected id, name, description, logo, members, guests, createdAt or updatedAt";
}

/// The shape of the `current` group of a full update as JavaScript passes it: field paths
/// `current.name`, `current.members.2`, ...
#[derive(Debug)]
pub enum CurrentShape {}

impl Shape for CurrentShape {
    const KEYS: &'static [&'static str] = KEYS;
    const PREFIX: &'static str = "current.";
    const UNKNOWN: &'static str = "unknown property";
    const HINTS: &'static [Hint] =
        &[Hint::Text, Hint::Text, Hint::Text, Hint::Text, Hint::Counts, Hint::Texts, Hint::Text, Hint::Text];
}

/// A group in its JavaScript shape as a caller gave it (see
/// [`full_update_given`](crate::full_update_given)).
pub type GivenGroup = Object<CurrentShape>;

/// Whether a reading needs the group's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Id {
    /// A whole group: its id is a string that is not empty, as the parsers give.
    Required,
    /// Only the fields a full update sends: the id may be left out.
    Optional,
}

impl Group {
    /// Reads a group from JSON in the shape [`Group::to_json`] writes, so that
    /// `Group::from_json(g.to_json())` is `g` for every group a parser returns. Every problem
    /// is reported at once, as [`ErrorCode::InvalidInput`](crate::ErrorCode::InvalidInput):
    /// `id` (a string, not empty), `name` and `description` (strings), `members` (user ids
    /// from 0 to [`MAX_MEMBER_ID`]), `guests` (strings), `logo`, `createdAt` and `updatedAt`
    /// (a string or `null`; absent is `null`), unknown and repeated keys.
    ///
    /// ```
    /// use tallyfy_core::{FieldCode, Group};
    /// let json = br#"{"id":"g1","name":"Ops","description":"","logo":null,"members":[7],"guests":[],"createdAt":null,"updatedAt":null}"#;
    /// let group = Group::from_json(json)?;
    /// assert_eq!(group.members, [7]);
    /// assert_eq!(group.to_json().as_bytes(), json);
    /// let err = Group::from_json(br#"{"id":"","name":"Ops","description":"","members":[-1],"guests":[3]}"#).unwrap_err();
    /// let fields: Vec<_> = err.field_errors().iter().map(|e| (e.field.as_str(), e.code)).collect();
    /// assert_eq!(fields, [("id", FieldCode::Blank), ("members.0", FieldCode::OutOfRange), ("guests.0", FieldCode::InvalidType)]);
    /// # Ok::<(), tallyfy_core::Error>(())
    /// ```
    pub fn from_json(json: &[u8]) -> Result<Group, Error> {
        let mut errors = Vec::new();
        let group = match crate::reading::from_slice::<Object<GroupShape>>(json) {
            Ok(given) => read(given, "group", Id::Required, &mut errors),
            Err(e) => {
                errors.push(invalid_json("group", "the group", &e));
                Group::default()
            }
        };
        if errors.is_empty() {
            Ok(group)
        } else {
            Err(Error::invalid_input(errors))
        }
    }
}

/// Reads a group in its JavaScript shape (`root` names the whole value), pushing every problem
/// onto `errors` in the order of the shape's keys, then unknown and repeated keys. A field
/// left out is of the wrong type, but for `logo`, `createdAt` and `updatedAt` (absent is
/// `null`) and an [`Id::Optional`] id.
pub(crate) fn read<S: Shape>(mut given: Object<S>, root: &str, id: Id, errors: &mut Vec<FieldError>) -> Group {
    if given.root() != Root::Object {
        errors.push(FieldError::new(root, FieldCode::InvalidType, "the group must be an object"));
        return Group::default();
    }
    let mut fields = Fields { prefix: S::PREFIX, errors };
    let id = match (given.take(0), id) {
        (Given::Text(s), Id::Required) if s.is_empty() => {
            fields.push("id", FieldCode::Blank, "id must not be empty".into());
            s
        }
        (Given::Text(s), _) => s,
        (Given::Absent, Id::Optional) => String::new(),
        _ => fields.wrong("id", "a string"),
    };
    let group = Group {
        id,
        name: fields.text(given.take(1), "name"),
        description: fields.text(given.take(2), "description"),
        logo: fields.optional(given.take(3), "logo"),
        members: fields.members(given.take(4)),
        guests: fields.guests(given.take(5)),
        created_at: fields.optional(given.take(6), "createdAt"),
        updated_at: fields.optional(given.take(7), "updatedAt"),
    };
    given.key_problems(errors);
    group
}

/// The fields of one group being read: their path prefix, and where their problems go.
struct Fields<'a> {
    prefix: &'static str,
    errors: &'a mut Vec<FieldError>,
}

impl Fields<'_> {
    fn push(&mut self, field: &str, code: FieldCode, message: String) {
        self.errors.push(FieldError::new(format!("{}{field}", self.prefix), code, message));
    }

    /// Records that `field` is not `what`; its value is then the default one.
    fn wrong<T: Default>(&mut self, field: &str, what: &str) -> T {
        self.push(field, FieldCode::InvalidType, format!("{field} must be {what}"));
        T::default()
    }

    fn text(&mut self, value: Given, field: &str) -> String {
        match value {
            Given::Text(s) => s,
            _ => self.wrong(field, "a string"),
        }
    }

    fn optional(&mut self, value: Given, field: &str) -> Option<String> {
        match value {
            Given::Text(s) => Some(s),
            Given::Absent | Given::Null => None,
            _ => self.wrong(field, "a string or null"),
        }
    }

    /// Member ids: whole numbers from 0 to [`MAX_MEMBER_ID`], as the parsers give.
    fn members(&mut self, value: Given) -> Vec<u64> {
        let Given::List(items) = value else { return self.wrong("members", "an array of user ids") };
        let mut ids = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Given::Unsigned(id) if *id <= MAX_MEMBER_ID => ids.push(*id),
                Given::Unsigned(_) => self.member_range(i),
                other if other.is_whole_out_of_range() => self.member_range(i),
                _ => self.push(
                    &format!("members.{i}"),
                    FieldCode::InvalidType,
                    "a member must be a user id: a whole number".into(),
                ),
            }
        }
        ids
    }

    fn member_range(&mut self, i: usize) {
        self.push(
            &format!("members.{i}"),
            FieldCode::OutOfRange,
            format!("a member id must be from 0 to {MAX_MEMBER_ID}"),
        );
    }

    /// Guests: strings, as the parsers give (not checked as email addresses).
    fn guests(&mut self, value: Given) -> Vec<String> {
        let Given::List(items) = value else { return self.wrong("guests", "an array of strings") };
        let mut emails = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            match item {
                Given::Text(s) => emails.push(s),
                _ => self.push(&format!("guests.{i}"), FieldCode::InvalidType, "a guest must be a string".into()),
            }
        }
        emails
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(json: &str) -> Vec<(String, FieldCode)> {
        let error = Group::from_json(json.as_bytes()).unwrap_err();
        error.field_errors().iter().map(|e| (e.field.clone(), e.code)).collect()
    }

    fn expect(pairs: &[(&str, FieldCode)]) -> Vec<(String, FieldCode)> {
        pairs.iter().map(|(f, c)| (f.to_string(), *c)).collect()
    }

    #[test]
    fn every_problem_at_once_in_the_order_of_the_shape() {
        let json = r#"{"zeta":1,"updatedAt":5,"createdAt":null,"guests":["a",null,["x"]],"members":[0,1.5,-2,9007199254740992,"7",[1]],"logo":false,"description":null,"name":7,"id":3,"name":"again"}"#;
        assert_eq!(
            fields(json),
            expect(&[
                ("id", FieldCode::InvalidType),
                ("name", FieldCode::InvalidType),
                ("description", FieldCode::InvalidType),
                ("logo", FieldCode::InvalidType),
                ("members.1", FieldCode::InvalidType),
                ("members.2", FieldCode::OutOfRange),
                ("members.3", FieldCode::OutOfRange),
                ("members.4", FieldCode::InvalidType),
                ("members.5", FieldCode::InvalidType),
                ("guests.1", FieldCode::InvalidType),
                ("guests.2", FieldCode::InvalidType),
                ("updatedAt", FieldCode::InvalidType),
                ("zeta", FieldCode::UnknownField),
                ("name", FieldCode::Duplicate),
            ])
        );
    }

    #[test]
    fn the_fields_to_json_always_writes_are_required() {
        assert_eq!(
            fields("{}"),
            expect(&[
                ("id", FieldCode::InvalidType),
                ("name", FieldCode::InvalidType),
                ("description", FieldCode::InvalidType),
                ("members", FieldCode::InvalidType),
                ("guests", FieldCode::InvalidType),
            ])
        );
        assert_eq!(
            fields(r#"{"id":"","name":"","description":"","members":[],"guests":[]}"#),
            expect(&[("id", FieldCode::Blank)])
        );
        // The nullable fields may be left out; the parsers' empty strings are kept.
        let group = Group::from_json(br#"{"id":"g","name":"","description":"","members":[],"guests":[""]}"#).unwrap();
        assert_eq!(group, Group { id: "g".into(), guests: vec![String::new()], ..Group::default() });
    }

    #[test]
    fn not_a_group() {
        for json in ["[1]", "null", "\"g\"", "7"] {
            assert_eq!(fields(json), expect(&[("group", FieldCode::InvalidType)]), "{json}");
        }
        for json in ["", "{", "{\"id\":\"g\"} x", "{\"id\":\"a\0b\"}"] {
            assert_eq!(fields(json), expect(&[("group", FieldCode::InvalidJson)]), "{json:?}");
        }
    }

    #[test]
    fn escaped_nul_is_an_ordinary_character() {
        let json = r#"{"id":"g\u0000","name":"a\u0000b","description":"\u0000","logo":"\u0000","members":[],"guests":["\u0000@x"],"createdAt":null,"updatedAt":null}"#;
        let group = Group::from_json(json.as_bytes()).unwrap();
        assert_eq!((group.id.as_str(), group.name.as_str(), group.guests[0].as_str()), ("g\0", "a\0b", "\0@x"));
        assert_eq!(Group::from_json(group.to_json().as_bytes()), Ok(group));
    }

    #[test]
    fn a_full_updates_current_group_may_leave_out_its_id() {
        let given = crate::reading::from_slice::<GivenGroup>(b"{}").unwrap();
        let mut errors = Vec::new();
        read(given, "current", Id::Optional, &mut errors);
        let paths: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(paths, ["current.name", "current.description", "current.members", "current.guests"]);
        let given = crate::reading::from_slice::<GivenGroup>(b"[]").unwrap();
        let mut errors = Vec::new();
        read(given, "current", Id::Optional, &mut errors);
        assert_eq!((errors[0].field.as_str(), errors.len()), ("current", 1));
    }
}
