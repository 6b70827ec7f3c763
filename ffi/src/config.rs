//! `tallyfy_config`: the access token, base URL and client header, validated by the core.

use tallyfy_core::Config as CoreConfig;

use crate::args::{free, Handle, Out};
use crate::boundary;
use crate::code::Code;
use crate::error::Error;
use crate::strings::Str;

/// Validated connection settings. Made by tallyfy_config_new(); released with
/// tallyfy_config_free(). Immutable: any thread may read it.
pub struct Config {
    _private: [u8; 0],
}

impl Handle for Config {
    type Value = CoreConfig;
}

/// Makes a config from an access token (an RFC 6750 bearer token, required), a base URL
/// (optional; `{NULL, 0}`: `https://go.tallyfy.com/api`; `https://`, or `http://` to a
/// loopback host) and the `X-Tallyfy-Client` header (optional; `{NULL, 0}`: `APIClient`;
/// visible ASCII, at most 128 bytes). Every problem is reported at once as
/// ::TALLYFY_INVALID_INPUT (fields `access_token`, `base_url`, `client_header`). The strings
/// are copied. On success `*out` owns a config to release with tallyfy_config_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_config_new(
    access_token: Str,
    base_url: Str,
    client_header: Str,
    out: *mut *mut Config,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let token = access_token.required("access_token")?;
            let base_url = base_url.optional("base_url")?;
            out.give(CoreConfig::new(token, base_url, client_header.optional("client_header")?)?)
        })
    }
}

/// Releases a config. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_config_free(cfg: *mut Config) {
    // SAFETY: the crate's contract (see lib.rs): `cfg` came from this library, freed once.
    boundary::get((), || unsafe { free(cfg) })
}
