//! `tallyfy-sandbox`: runs the sandbox server until SIGTERM, SIGINT or end of stdin.

mod cli;

use std::io::{self, Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use tallyfy_sandbox::{base_url, bind, serve, Options};
use tokio::sync::oneshot;

fn main() -> ExitCode {
    let (options, watch_stdin) = match cli::parse(std::env::args_os().skip(1)) {
        Ok(cli::Command::Run { options, watch_stdin }) => (options, watch_stdin),
        Ok(cli::Command::Help) => {
            let _ = writeln!(io::stdout(), "{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            let _ = writeln!(io::stderr(), "tallyfy-sandbox: {message}\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("cannot start the runtime: {error}")),
    };
    let code = runtime.block_on(run(options, watch_stdin));
    runtime.shutdown_timeout(Duration::from_secs(1));
    code
}

/// Binds, announces the base URL on stdout's first line, and serves until told to stop.
async fn run(options: Options, watch_stdin: bool) -> ExitCode {
    let listener = match bind(options.port).await {
        Ok(listener) => listener,
        Err(error) => return fail(&format!("cannot bind 127.0.0.1:{}: {error}", options.port)),
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(error) => return fail(&format!("cannot read the bound address: {error}")),
    };
    let mut stdout = io::stdout().lock();
    if let Err(error) = writeln!(stdout, "{}", base_url(addr)).and_then(|()| stdout.flush()) {
        return fail(&format!("cannot write to stdout: {error}"));
    }
    drop(stdout);
    let stdin_closed = watch_stdin.then(watch_stdin_eof);
    match serve(listener, options, stop_requested(stdin_closed)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&format!("server error: {error}")),
    }
}

/// Reports `message` on stderr and yields exit code 1.
fn fail(message: &str) -> ExitCode {
    let _ = writeln!(io::stderr(), "tallyfy-sandbox: {message}");
    ExitCode::FAILURE
}

/// Completes on SIGINT, SIGTERM, or when `stdin_closed` fires.
async fn stop_requested(stdin_closed: Option<oneshot::Receiver<()>>) {
    let stdin = async {
        match stdin_closed {
            // Either the watcher's signal or its disappearance means stdin is gone.
            Some(closed) => {
                let _ = closed.await;
            }
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        () = signalled() => {}
        () = stdin => {}
    }
}

/// Completes on SIGINT or (on Unix) SIGTERM; never, if no handler can be installed.
async fn signalled() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                () = interrupt => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    interrupt.await;
}

/// Reads stdin on a plain thread (which never blocks process exit) and fires once it
/// reaches end of file or fails.
fn watch_stdin_eof() -> oneshot::Receiver<()> {
    let (closed, receiver) = oneshot::channel();
    let spawned = std::thread::Builder::new().name("stdin-watch".to_owned()).spawn(move || {
        let mut stdin = io::stdin().lock();
        let mut buffer = [0_u8; 1024];
        while matches!(stdin.read(&mut buffer), Ok(n) if n > 0) {}
        let _ = closed.send(());
    });
    // If the thread cannot start, the dropped sender stops the server at once, which
    // is better than a server nobody can stop by closing its stdin.
    drop(spawned);
    receiver
}
