//! Command-line parsing for the `tallyfy-sandbox` binary.

use std::ffi::OsString;
use std::path::PathBuf;

use tallyfy_sandbox::{Options, Seed};

/// Usage text printed by `--help` and after a bad argument.
pub(crate) const USAGE: &str = "\
usage: tallyfy-sandbox [--port N] [--config FILE.json] [--update-status 200|201]
                       [--unauthorized-form json|plain|edge] [--no-stdin-watch]

Serves a Tallyfy Groups API look-alike on 127.0.0.1 and prints its base URL
(http://127.0.0.1:PORT/api) as the first line of stdout. Stops on SIGTERM, SIGINT
or, unless --no-stdin-watch is given, when stdin reaches end of file.";

/// What the command line asks for.
#[derive(Debug)]
pub(crate) enum Command {
    /// Print usage and exit.
    Help,
    /// Run a server.
    Run {
        /// Server options (the seed is already loaded).
        options: Options,
        /// Stop when stdin reaches end of file.
        watch_stdin: bool,
    },
}

/// Parses the arguments after the program name.
pub(crate) fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut options = Options::default();
    let mut watch_stdin = true;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg.into_string().map_err(|arg| format!("argument {arg:?} is not UTF-8"))?;
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (arg, None),
        };
        let mut value = || -> Result<String, String> {
            match inline.clone() {
                Some(value) => Ok(value),
                None => args
                    .next()
                    .ok_or_else(|| format!("{flag} needs a value"))?
                    .into_string()
                    .map_err(|value| format!("value {value:?} of {flag} is not UTF-8")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--port" => {
                let text = value()?;
                options.port = text.parse().map_err(|_| format!("--port: `{text}` is not a port number"))?;
            }
            "--config" => {
                options.seed = Seed::load(&PathBuf::from(value()?)).map_err(|error| error.to_string())?;
            }
            "--update-status" => options.update_status = value()?.parse()?,
            "--unauthorized-form" => options.unauthorized_form = value()?.parse()?,
            "--no-stdin-watch" if inline.is_none() => watch_stdin = false,
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    Ok(Command::Run { options, watch_stdin })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tallyfy_sandbox::{UnauthorizedForm, UpdateStatus};

    fn run(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn defaults() {
        let Ok(Command::Run { options, watch_stdin }) = run(&[]) else {
            panic!("defaults should parse");
        };
        assert_eq!(options.port, 0);
        assert_eq!(options.update_status, UpdateStatus::Created);
        assert_eq!(options.unauthorized_form, UnauthorizedForm::Json);
        assert_eq!(options.seed, Seed::default());
        assert!(watch_stdin);
    }

    #[test]
    fn every_flag() {
        let Ok(Command::Run { options, watch_stdin }) =
            run(&["--port", "8080", "--update-status=200", "--unauthorized-form", "edge", "--no-stdin-watch"])
        else {
            panic!("flags should parse");
        };
        assert_eq!(options.port, 8080);
        assert_eq!(options.update_status, UpdateStatus::Ok);
        assert_eq!(options.unauthorized_form, UnauthorizedForm::Edge);
        assert!(!watch_stdin);
        assert!(matches!(run(&["--help"]), Ok(Command::Help)));
    }

    #[test]
    fn bad_arguments() {
        for bad in [
            &["--port"][..],
            &["--port", "70000"],
            &["--update-status", "204"],
            &["--unauthorized-form", "xml"],
            &["--config", "/nonexistent/seed.json"],
            &["--no-stdin-watch=yes"],
            &["--verbose"],
        ] {
            assert!(run(bad).is_err(), "{bad:?}");
        }
    }
}
