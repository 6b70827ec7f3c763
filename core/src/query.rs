//! The list operation's query: search, paging, sorting and related data.

use crate::error::{Error, FieldCode, FieldError};
use crate::given::{invalid_json, Given, Hint, Object, Root, Shape};
use crate::path::encode_into;

/// The shape of a list query in its JavaScript (camelCase) form.
#[derive(Debug)]
pub enum QueryShape {}

impl Shape for QueryShape {
    const KEYS: &'static [&'static str] = &["q", "page", "perPage", "sortBy", "sort", "with"];
    const PREFIX: &'static str = "";
    const UNKNOWN: &'static str = "unknown field; expected q, page, perPage, sortBy, sort or with";
    const HINTS: &'static [Hint] = &[Hint::Text, Hint::Count, Hint::Count, Hint::Text, Hint::Text, Hint::Texts];
}

/// A list query as a caller gave it (JSON text or a JavaScript value), before any check.
pub type GivenQuery = Object<QueryShape>;

/// The largest page size the API serves.
pub const MAX_PER_PAGE: u32 = 100;

/// What a list is sorted by (`sort_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// `name`
    Name,
    /// `created_at` (the server's default)
    CreatedAt,
    /// `updated_at`
    UpdatedAt,
}

/// The sort direction (`sort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    /// `asc`
    Asc,
    /// `desc`
    Desc,
}

/// Related data to include (`with`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Include {
    /// `assets`
    Assets,
    /// `users`
    Users,
    /// `guests`
    Guests,
}

macro_rules! wire_names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The value as the API spells it.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }

            /// The value for an API spelling, if it is one.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($name => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

wire_names!(SortBy { Name => "name", CreatedAt => "created_at", UpdatedAt => "updated_at" });
wire_names!(SortDirection { Asc => "asc", Desc => "desc" });
wire_names!(Include { Assets => "assets", Users => "users", Guests => "guests" });

/// The query of a list request. Absent values are left out of the URL, so the server's
/// defaults apply (page 1, 10 per page, newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Text to search for in names and descriptions (`q`).
    pub q: Option<String>,
    /// The page, from 1 (`page`).
    pub page: Option<u32>,
    /// Groups per page, from 1 to [`MAX_PER_PAGE`] (`per_page`).
    pub per_page: Option<u32>,
    /// The sort field (`sort_by`).
    pub sort_by: Option<SortBy>,
    /// The sort direction (`sort`).
    pub sort: Option<SortDirection>,
    /// Related data to include, each at most once (`with`, comma-separated).
    pub with: Vec<Include>,
}

impl ListQuery {
    /// Reads a query from JSON with the JavaScript names `q`, `page`, `perPage`, `sortBy`,
    /// `sort` and `with` (an array), reporting every problem at once, in that order, then
    /// unknown keys; field errors use the API's names (`per_page`, `sort_by`, `with.1`).
    /// `null` values count as absent.
    ///
    /// ```
    /// use tallyfy_core::{ListQuery, SortBy};
    /// let query = ListQuery::from_json(br#"{"q":"ops team","perPage":50,"sortBy":"name"}"#)?;
    /// assert_eq!(query.per_page, Some(50));
    /// assert_eq!(query.sort_by, Some(SortBy::Name));
    /// assert!(ListQuery::from_json(br#"{"perPage":500}"#).is_err());
    /// # Ok::<(), tallyfy_core::Error>(())
    /// ```
    pub fn from_json(json: &[u8]) -> Result<ListQuery, Error> {
        let mut errors = Vec::new();
        let query = Self::parse_json(json, &mut errors);
        query.check_numbers(&mut errors);
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(Error::invalid_input(errors))
        }
    }

    /// Reads a query as given (see [`ListQuery::from_json`]); `null` or absent is no query.
    pub fn from_given(given: GivenQuery) -> Result<ListQuery, Error> {
        let mut errors = Vec::new();
        let query = Self::read(given, &mut errors);
        query.check_numbers(&mut errors);
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(Error::invalid_input(errors))
        }
    }

    /// Reads a JSON query, pushing type, value and key problems onto `errors`.
    pub(crate) fn parse_json(json: &[u8], errors: &mut Vec<FieldError>) -> ListQuery {
        match crate::reading::from_slice::<GivenQuery>(json) {
            Ok(given) => Self::read(given, errors),
            Err(e) => {
                errors.push(invalid_json("query", "the query", &e));
                ListQuery::default()
            }
        }
    }

    /// Reads a query as given, pushing type, value and key problems onto `errors`.
    pub(crate) fn read(mut given: GivenQuery, errors: &mut Vec<FieldError>) -> ListQuery {
        let mut query = ListQuery::default();
        match given.root() {
            Root::Object => {}
            Root::Nullish => return query,
            Root::Other => {
                errors.push(FieldError::new("query", FieldCode::InvalidType, "the query must be a JSON object"));
                return query;
            }
        }
        let mut value = |i: usize| Some(given.take(i)).filter(|v| !v.is_nullish());
        if let Some(q) = value(0) {
            match q {
                Given::Text(s) => query.q = Some(s),
                _ => errors.push(FieldError::new("q", FieldCode::InvalidType, "q must be a string")),
            }
        }
        query.page = value(1).and_then(|v| number(&v, "page", errors));
        query.per_page = value(2).and_then(|v| number(&v, "per_page", errors));
        query.sort_by =
            value(3).and_then(|v| named(&v, "sort_by", SortBy::parse, "name, created_at or updated_at", errors));
        query.sort = value(4).and_then(|v| named(&v, "sort", SortDirection::parse, "asc or desc", errors));
        match value(5) {
            None => {}
            Some(Given::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let field = format!("with.{i}");
                    if let Some(include) = named(item, &field, Include::parse, "assets, users or guests", errors) {
                        if query.with.contains(&include) {
                            errors.push(duplicate_include(i));
                        } else {
                            query.with.push(include);
                        }
                    }
                }
            }
            Some(_) => errors.push(FieldError::new("with", FieldCode::InvalidType, "with must be an array")),
        }
        given.key_problems(errors);
        query
    }

    /// Reads a sort field as the JSON path does (field `sort_by`).
    pub fn check_sort_by(text: &str) -> Result<SortBy, FieldError> {
        named_text(text, "sort_by", SortBy::parse, "name, created_at or updated_at")
    }

    /// Reads a sort direction as the JSON path does (field `sort`).
    pub fn check_sort(text: &str) -> Result<SortDirection, FieldError> {
        named_text(text, "sort", SortDirection::parse, "asc or desc")
    }

    /// Reads the related data to add after `self.with` as the JSON path does (field
    /// `with.<index>`; a value already listed is a duplicate).
    pub fn check_with(&self, text: &str) -> Result<Include, FieldError> {
        let i = self.with.len();
        let include = named_text(text, &format!("with.{i}"), Include::parse, "assets, users or guests")?;
        if self.with.contains(&include) {
            return Err(duplicate_include(i));
        }
        Ok(include)
    }

    /// Checks a page number as the JSON path does (at least 1; field `page`).
    pub fn check_page(page: u32) -> Result<(), FieldError> {
        let query = ListQuery { page: Some(page), ..Default::default() };
        let mut errors = Vec::new();
        query.check_numbers(&mut errors);
        errors.pop().map_or(Ok(()), Err)
    }

    /// Checks a page size as the JSON path does (1 to [`MAX_PER_PAGE`]; field `per_page`).
    pub fn check_per_page(per_page: u32) -> Result<(), FieldError> {
        let query = ListQuery { per_page: Some(per_page), ..Default::default() };
        let mut errors = Vec::new();
        query.check_numbers(&mut errors);
        errors.pop().map_or(Ok(()), Err)
    }

    /// Pushes every problem with the query's values onto `errors`.
    pub(crate) fn check(&self, errors: &mut Vec<FieldError>) {
        self.check_numbers(errors);
        for (i, include) in self.with.iter().enumerate() {
            if self.with[..i].contains(include) {
                errors.push(duplicate_include(i));
            }
        }
    }

    /// Pushes problems with `page` and `per_page` onto `errors`.
    pub(crate) fn check_numbers(&self, errors: &mut Vec<FieldError>) {
        if self.page == Some(0) {
            errors.push(FieldError::new("page", FieldCode::OutOfRange, "page must be at least 1"));
        }
        if let Some(n) = self.per_page {
            if !(1..=MAX_PER_PAGE).contains(&n) {
                errors.push(FieldError::new(
                    "per_page",
                    FieldCode::OutOfRange,
                    format!("per_page must be from 1 to {MAX_PER_PAGE}"),
                ));
            }
        }
    }

    /// Appends `?q=…&page=…` (only the present values, spaces as `%20`) to `url`.
    pub(crate) fn append_to(&self, url: &mut String) {
        let mut sep = '?';
        let mut pair = |url: &mut String, key: &str, value: &str| {
            url.push(sep);
            url.push_str(key);
            url.push('=');
            encode_into(url, value);
            sep = '&';
        };
        if let Some(q) = &self.q {
            pair(url, "q", q);
        }
        if let Some(page) = self.page {
            pair(url, "page", &page.to_string());
        }
        if let Some(per_page) = self.per_page {
            pair(url, "per_page", &per_page.to_string());
        }
        if let Some(sort_by) = self.sort_by {
            pair(url, "sort_by", sort_by.as_str());
        }
        if let Some(sort) = self.sort {
            pair(url, "sort", sort.as_str());
        }
        if !self.with.is_empty() {
            url.push(sep);
            url.push_str("with=");
            for (i, include) in self.with.iter().enumerate() {
                if i > 0 {
                    url.push(',');
                }
                url.push_str(include.as_str());
            }
        }
    }
}

fn duplicate_include(i: usize) -> FieldError {
    FieldError::new(format!("with.{i}"), FieldCode::Duplicate, "listed more than once")
}

fn number(value: &Given, field: &str, errors: &mut Vec<FieldError>) -> Option<u32> {
    match value {
        Given::Unsigned(n) => match u32::try_from(*n) {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(field, FieldCode::OutOfRange, format!("{field} is too large")));
                None
            }
        },
        v if v.is_whole_out_of_range() && v.is_negative() => {
            errors.push(FieldError::new(field, FieldCode::OutOfRange, format!("{field} must be at least 1")));
            None
        }
        v if v.is_whole_out_of_range() => {
            errors.push(FieldError::new(field, FieldCode::OutOfRange, format!("{field} is too large")));
            None
        }
        _ => {
            errors.push(FieldError::new(field, FieldCode::InvalidType, format!("{field} must be an integer")));
            None
        }
    }
}

fn named<T>(
    value: &Given,
    field: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let Given::Text(text) = value else {
        errors.push(FieldError::new(field, FieldCode::InvalidType, format!("{field} must be a string")));
        return None;
    };
    named_text(text, field, parse, allowed).map_err(|e| errors.push(e)).ok()
}

fn named_text<T>(text: &str, field: &str, parse: fn(&str) -> Option<T>, allowed: &str) -> Result<T, FieldError> {
    parse(text)
        .ok_or_else(|| FieldError::new(field, FieldCode::InvalidValue, format!("{field} must be one of {allowed}")))
}
