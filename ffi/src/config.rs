//! `tallyfy_config`: the access token, base URL and client header, validated by the core.

use std::ffi::c_char;

use tallyfy_core::Config as CoreConfig;

use crate::args::{free_handle, handle_mut, into_handle, optional_text, text, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::error::Error;

/// Validated connection settings. Made by tallyfy_config_new(); released with
/// tallyfy_config_free(). Read-only after creation except for
/// tallyfy_config_set_client_header().
pub struct Config {
    core: CoreConfig,
}

impl Config {
    /// The core's config.
    pub(crate) fn core(&self) -> &CoreConfig {
        &self.core
    }

    fn new(token: &str, base_url: Option<&str>, client_header: Option<&str>) -> Result<Config, Failure> {
        Ok(Config { core: CoreConfig::new(token, base_url, client_header)? })
    }
}

/// Makes a config from an access token (an RFC 6750 bearer token, required) and a base URL
/// (NULL: `https://go.tallyfy.com/api`; `https://`, or `http://` to a loopback host). The
/// client header is `APIClient`. Every problem is reported at once as ::TALLYFY_INVALID_INPUT,
/// with the fields `access_token` and `base_url`. The strings are copied.
/// On success `*out` owns a config to release with tallyfy_config_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_config_new(
    access_token: *const c_char,
    base_url: *const c_char,
    out: *mut *mut Config,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_config_new_with_client_header(access_token, base_url, std::ptr::null(), out, err) }
}

/// Like tallyfy_config_new(), also setting the `X-Tallyfy-Client` header (NULL: `APIClient`;
/// visible ASCII, at most 128 bytes), so that problems with all three settings are reported
/// at once (fields `access_token`, `base_url`, `client_header`).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_config_new_with_client_header(
    access_token: *const c_char,
    base_url: *const c_char,
    client_header: *const c_char,
    out: *mut *mut Config,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let config = Config::new(
                text(access_token, "access_token")?,
                optional_text(base_url, "base_url")?,
                optional_text(client_header, "client_header")?,
            )?;
            out.write(into_handle(config));
            Ok(())
        })
    }
}

/// Sets the `X-Tallyfy-Client` header value (copied), checked by the same rules as at
/// creation. Returns ::TALLYFY_INVALID_INPUT and leaves `cfg` unchanged when the value is
/// refused (see tallyfy_config_new_with_client_header() for the field-level reason).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_config_set_client_header(cfg: *mut Config, value: *const c_char) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(std::ptr::null_mut(), || {
            let config = handle_mut(cfg, "cfg")?;
            let value = text(value, "value")?;
            config.core = config.core.with_client_header(value)?;
            Ok(())
        })
    }
}

/// Releases a config. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_config_free(cfg: *mut Config) {
    // SAFETY: the crate's contract (see lib.rs): `cfg` came from this library, freed once.
    boundary::get((), || unsafe { free_handle(cfg) })
}
