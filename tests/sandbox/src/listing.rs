//! The list endpoint: query parsing (`%20` is a space, `+` is a plus), search, sorting
//! and pagination in the Fractal `meta.pagination` shape.

use serde_json::{json, Map, Value};

use crate::state::{Group, Organization};
use crate::validate::Errors;

/// Page size when `per_page` is not given.
const DEFAULT_PER_PAGE: u64 = 10;
/// Largest accepted `per_page`; more is a 422.
const MAX_PER_PAGE: u64 = 100;

/// What the list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    CreatedAt,
    UpdatedAt,
}

impl SortBy {
    fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::CreatedAt => "created_at",
            Self::UpdatedAt => "updated_at",
        }
    }
}

/// A validated list query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    page: u64,
    per_page: u64,
    search: Option<String>,
    sort_by: SortBy,
    descending: bool,
}

impl ListQuery {
    /// Parses the raw query string; unknown parameters (such as `with`) are ignored and
    /// empty values mean "default".
    pub(crate) fn parse(raw: Option<&str>) -> Result<Self, Errors> {
        let mut errors = Errors::default();
        let mut query =
            Self { page: 1, per_page: DEFAULT_PER_PAGE, search: None, sort_by: SortBy::CreatedAt, descending: false };
        for (key, value) in pairs(raw.unwrap_or_default()) {
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "page" => {
                    if let Some(page) = positive("page", &value, &mut errors) {
                        query.page = page;
                    }
                }
                "per_page" => match positive("per page", &value, &mut errors) {
                    Some(n) if n > MAX_PER_PAGE => {
                        errors.add("per_page", format!("The per page must not be greater than {MAX_PER_PAGE}."))
                    }
                    Some(n) => query.per_page = n,
                    None => {}
                },
                "q" => query.search = Some(value),
                "sort_by" => match value.as_str() {
                    "name" => query.sort_by = SortBy::Name,
                    "created_at" => query.sort_by = SortBy::CreatedAt,
                    "updated_at" => query.sort_by = SortBy::UpdatedAt,
                    _ => errors.add("sort_by", "The selected sort by is invalid.".to_owned()),
                },
                "sort" => match value.to_ascii_lowercase().as_str() {
                    "asc" => query.descending = false,
                    "desc" => query.descending = true,
                    _ => errors.add("sort", "The selected sort is invalid.".to_owned()),
                },
                _ => {}
            }
        }
        errors.or_ok(query)
    }

    /// Case-insensitive substring match on name or description.
    fn matches(&self, group: &Group, needle: &str) -> bool {
        self.search.is_none()
            || group.name.to_lowercase().contains(needle)
            || group.description.to_lowercase().contains(needle)
    }

    /// The query string of the link to `page`, keeping the other parameters.
    fn link_query(&self, page: u64) -> String {
        let mut query = format!(
            "page={page}&per_page={}&sort_by={}&sort={}",
            self.per_page,
            self.sort_by.as_str(),
            if self.descending { "desc" } else { "asc" }
        );
        if let Some(search) = &self.search {
            query.push_str("&q=");
            query.push_str(&percent_encode(search));
        }
        query
    }
}

/// The `{"data":[…],"meta":{"pagination":…}}` answer; `list_url` is the endpoint's URL
/// without query, used for the `links`.
pub(crate) fn page(org: &Organization, query: &ListQuery, list_url: &str) -> Value {
    let needle = query.search.as_deref().unwrap_or_default().to_lowercase();
    let mut groups: Vec<&Group> = org.groups().filter(|g| query.matches(g, &needle)).collect();
    match query.sort_by {
        SortBy::Name => groups.sort_by_cached_key(|g| (g.name.to_lowercase(), g.created_ms)),
        SortBy::CreatedAt => groups.sort_by_key(|g| g.created_ms),
        SortBy::UpdatedAt => groups.sort_by_key(|g| (g.updated_ms, g.created_ms)),
    }
    if query.descending {
        groups.reverse();
    }
    let total = u64::try_from(groups.len()).unwrap_or(u64::MAX);
    let total_pages = total.div_ceil(query.per_page).max(1);
    let skip = query.page.saturating_sub(1).saturating_mul(query.per_page);
    let data: Vec<Value> = groups
        .iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(query.per_page).unwrap_or(usize::MAX))
        .map(|g| g.to_json())
        .collect();
    let mut links = Map::new();
    if query.page > 1 {
        let previous = query.page.min(total_pages + 1) - 1;
        links.insert("previous".to_owned(), json!(format!("{list_url}?{}", query.link_query(previous))));
    }
    if query.page < total_pages {
        links.insert("next".to_owned(), json!(format!("{list_url}?{}", query.link_query(query.page + 1))));
    }
    json!({
        "data": data,
        "meta": {
            "pagination": {
                "total": total,
                "count": data.len(),
                "per_page": query.per_page,
                "current_page": query.page,
                "total_pages": total_pages,
                "links": if links.is_empty() { json!([]) } else { Value::Object(links) },
            }
        }
    })
}

/// Reads a positive integer parameter, recording Laravel's message when it is not one.
fn positive(attribute: &str, value: &str, errors: &mut Errors) -> Option<u64> {
    let key = attribute.replace(' ', "_");
    match value.parse::<u64>() {
        Ok(0) => {
            errors.add(key, format!("The {attribute} must be at least 1."));
            None
        }
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(key, format!("The {attribute} must be an integer."));
            None
        }
    }
}

/// Splits a query string into decoded `(key, value)` pairs.
fn pairs(raw: &str) -> impl Iterator<Item = (String, String)> + '_ {
    raw.split('&').filter(|part| !part.is_empty()).map(|part| {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        (percent_decode(key), percent_decode(value))
    })
}

/// Decodes `%XX` escapes; `+` stays a plus, as on Tallyfy's API. Bad UTF-8 is replaced.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| Some((hex(*bytes.get(index + 1)?)? << 4) | hex(*bytes.get(index + 2)?)?))
            .flatten();
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes everything but RFC 3986 unreserved characters (spaces become `%20`).
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_but_not_plus() {
        assert_eq!(percent_decode("a%20b+c"), "a b+c");
        assert_eq!(percent_decode("%C3%A9t%C3%A9"), "été");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    }

    #[test]
    fn encodes_spaces_as_percent_20() {
        assert_eq!(percent_encode("a b+c/é"), "a%20b%2Bc%2F%C3%A9");
        assert_eq!(percent_decode(&percent_encode("x y+z")), "x y+z");
    }

    #[test]
    fn parses_defaults_and_values() {
        let query = ListQuery::parse(None).expect("defaults");
        assert_eq!((query.page, query.per_page, query.sort_by, query.descending), (1, 10, SortBy::CreatedAt, false));
        let query =
            ListQuery::parse(Some("page=3&per_page=100&q=a%20b&sort_by=name&sort=DESC&with=assets")).expect("valid");
        assert_eq!(query.page, 3);
        assert_eq!(query.per_page, 100);
        assert_eq!(query.search.as_deref(), Some("a b"));
        assert_eq!(query.sort_by, SortBy::Name);
        assert!(query.descending);
    }

    #[test]
    fn refuses_bad_values() {
        let errors = ListQuery::parse(Some("page=0&per_page=101&sort_by=id&sort=up")).expect_err("invalid");
        let json = errors.to_json();
        for key in ["page", "per_page", "sort_by", "sort"] {
            assert!(json.get(key).is_some(), "{key} in {json}");
        }
        assert!(ListQuery::parse(Some("per_page=ten")).is_err());
    }
}
