//! Server options and the seed (organizations, users, tokens) the server starts from.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use axum::http::StatusCode;
use serde::Deserialize;

/// How the server answers a request that fails authentication (always status 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnauthorizedForm {
    /// Laravel's JSON body `{"message":"Unauthenticated."}`.
    #[default]
    Json,
    /// A `text/plain` body `Unauthorized.`.
    Plain,
    /// The edge proxy's JSON body
    /// `{"error":"Unauthorized","message":"Permission denied. Error code: APSH213."}`.
    Edge,
}

impl FromStr for UnauthorizedForm {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "json" => Ok(Self::Json),
            "plain" => Ok(Self::Plain),
            "edge" => Ok(Self::Edge),
            other => Err(format!("unknown 401 form `{other}` (expected json, plain or edge)")),
        }
    }
}

/// Status of a successful update: the docs disagree between 200 and 201.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UpdateStatus {
    /// `200 OK`, as in the older docs.
    Ok,
    /// `201 Created`, as in the current docs.
    #[default]
    Created,
}

impl UpdateStatus {
    /// The HTTP status this setting answers with.
    pub fn status(self) -> StatusCode {
        match self {
            Self::Ok => StatusCode::OK,
            Self::Created => StatusCode::CREATED,
        }
    }
}

impl FromStr for UpdateStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "200" => Ok(Self::Ok),
            "201" => Ok(Self::Created),
            other => Err(format!("unsupported update status `{other}` (expected 200 or 201)")),
        }
    }
}

/// Everything a sandbox needs to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Port to bind on 127.0.0.1; 0 picks an ephemeral one. Used by [`crate::Background`]
    /// and the binary; [`crate::serve`] uses the listener it is given.
    pub port: u16,
    /// Organizations, users and tokens to start with (and to return to on reset).
    pub seed: Seed,
    /// Status of a successful update.
    pub update_status: UpdateStatus,
    /// Body form of 401 answers.
    pub unauthorized_form: UnauthorizedForm,
}

/// The seed: `{"organizations":[{"id":"…","users":[1001],"tokens":[{"token":"…","manage":true}]}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    /// The organizations that exist.
    pub organizations: Vec<SeedOrganization>,
}

/// One seeded organization.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedOrganization {
    /// Organization id as it appears in paths.
    pub id: String,
    /// Member user ids that groups of this organization may contain.
    #[serde(default)]
    pub users: Vec<u64>,
    /// Access tokens bound to this organization.
    #[serde(default)]
    pub tokens: Vec<SeedToken>,
}

/// One access token.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedToken {
    /// The bearer token itself.
    pub token: String,
    /// Whether the token holds the `manage_groups` permission.
    #[serde(default)]
    pub manage: bool,
}

/// Why a seed was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError(String);

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SeedError {}

impl Default for Seed {
    /// `org_sandbox` with users 1001..=1010, `sandbox-admin-token` (manage) and
    /// `sandbox-member-token` (no manage).
    fn default() -> Self {
        Self {
            organizations: vec![SeedOrganization {
                id: "org_sandbox".to_owned(),
                users: (1001..=1010).collect(),
                tokens: vec![
                    SeedToken { token: "sandbox-admin-token".to_owned(), manage: true },
                    SeedToken { token: "sandbox-member-token".to_owned(), manage: false },
                ],
            }],
        }
    }
}

impl Seed {
    /// Parses and checks a seed given as JSON text.
    pub fn from_json(text: &str) -> Result<Self, SeedError> {
        let seed: Self =
            serde_json::from_str(text).map_err(|error| SeedError(format!("invalid seed JSON: {error}")))?;
        seed.check()?;
        Ok(seed)
    }

    /// Reads, parses and checks a seed file.
    pub fn load(path: &Path) -> Result<Self, SeedError> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| SeedError(format!("cannot read {}: {error}", path.display())))?;
        Self::from_json(&text)
    }

    /// Org ids must be unique, non-empty path segments; tokens unique, non-empty visible ASCII.
    fn check(&self) -> Result<(), SeedError> {
        let mut orgs = HashSet::new();
        let mut tokens = HashSet::new();
        for org in &self.organizations {
            if org.id.is_empty() || org.id.chars().any(|c| c == '/' || c.is_control()) {
                return Err(SeedError(format!("organization id `{}` is not a usable path segment", org.id)));
            }
            if !orgs.insert(org.id.as_str()) {
                return Err(SeedError(format!("duplicate organization id `{}`", org.id)));
            }
            for token in &org.tokens {
                if token.token.is_empty() || !token.token.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(SeedError(format!("token `{}` must be non-empty visible ASCII", token.token)));
                }
                if !tokens.insert(token.token.as_str()) {
                    return Err(SeedError(format!("duplicate token `{}`", token.token)));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_seed_is_valid() {
        let seed = Seed::default();
        assert!(seed.check().is_ok());
        assert_eq!(seed.organizations[0].users.len(), 10);
    }

    #[test]
    fn parses_a_seed_file_body() {
        let seed = Seed::from_json(
            r#"{"organizations":[{"id":"acme","users":[1,2],"tokens":[{"token":"t1","manage":true},{"token":"t2"}]}]}"#,
        )
        .expect("valid seed");
        assert_eq!(seed.organizations[0].id, "acme");
        assert!(seed.organizations[0].tokens[0].manage);
        assert!(!seed.organizations[0].tokens[1].manage);
    }

    #[test]
    fn refuses_bad_seeds() {
        for bad in [
            "not json",
            r#"{"organizations":[{"id":"a/b"}]}"#,
            r#"{"organizations":[{"id":""}]}"#,
            r#"{"organizations":[{"id":"a"},{"id":"a"}]}"#,
            r#"{"organizations":[{"id":"a","tokens":[{"token":"x"}]},{"id":"b","tokens":[{"token":"x"}]}]}"#,
            r#"{"organizations":[{"id":"a","tokens":[{"token":"has space"}]}]}"#,
            r#"{"organizations":[{"id":"a","extra":1}]}"#,
        ] {
            assert!(Seed::from_json(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_flag_values() {
        assert_eq!("plain".parse(), Ok(UnauthorizedForm::Plain));
        assert_eq!("edge".parse(), Ok(UnauthorizedForm::Edge));
        assert!("xml".parse::<UnauthorizedForm>().is_err());
        assert_eq!("200".parse::<UpdateStatus>().map(UpdateStatus::status), Ok(StatusCode::OK));
        assert!("204".parse::<UpdateStatus>().is_err());
    }
}
