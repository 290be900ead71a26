//! `wickr-emulator`: the emulator on a port, until Ctrl-C or SIGTERM.
//!
//! Prints its URL alone on the first line of stdout (so `--port 0` can be
//! used from scripts); everything else goes to stderr. Exit status: 0 after
//! a signal, 2 for a bad command line or state file, 1 when it cannot listen.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgAction, Command, value_parser};
use wickr_emulator::{DEFAULT_ACCOUNT_ID, DEFAULT_PORT, DEFAULT_REGION, Emulator, Fault, StartError};

fn command() -> Command {
    Command::new("wickr-emulator")
        .about("A local, stateful emulator of the AWS Wickr Admin API")
        .arg(
            Arg::new("port")
                .long("port")
                .value_parser(value_parser!(u16))
                .default_value(DEFAULT_PORT.to_string())
                .help("The port to listen on; 0 picks a free one (the URL is printed)"),
        )
        .arg(
            Arg::new("host")
                .long("host")
                .value_parser(value_parser!(IpAddr))
                .default_value(Ipv4Addr::LOCALHOST.to_string())
                .help("The address to listen on; anything but a loopback address makes the emulator reachable from the network"),
        )
        .arg(
            Arg::new("state")
                .long("state")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help("Load the state from FILE if it exists, and save it there after every change"),
        )
        .arg(
            Arg::new("seed")
                .long("seed")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help("Start from the fixtures in FILE (state format), never writing to it"),
        )
        .arg(Arg::new("region").long("region").default_value(DEFAULT_REGION).help("The region in network ARNs"))
        .arg(
            Arg::new("account-id")
                .long("account-id")
                .default_value(DEFAULT_ACCOUNT_ID)
                .help("The AWS account id that owns the networks"),
        )
        .arg(
            Arg::new("latency")
                .long("latency")
                .value_name("MS")
                .value_parser(value_parser!(u64))
                .help("Delay every call by MS milliseconds"),
        )
        .arg(
            Arg::new("fault")
                .long("fault")
                .value_name("OPERATION:KIND[:COUNT]")
                .action(ArgAction::Append)
                .value_parser(|text: &str| text.parse::<Fault>())
                .help("Answer the next COUNT (default 1) calls of OPERATION (or * for any) with KIND: throttle, internal or unavailable"),
        )
}

#[tokio::main]
async fn main() -> ExitCode {
    let matches = match command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let host = *matches.get_one::<IpAddr>("host").expect("has a default");
    let port = *matches.get_one::<u16>("port").expect("has a default");
    let mut builder = Emulator::builder()
        .address(SocketAddr::new(host, port))
        .region(matches.get_one::<String>("region").expect("has a default"))
        .account_id(matches.get_one::<String>("account-id").expect("has a default"));
    if let Some(path) = matches.get_one::<PathBuf>("state") {
        builder = builder.state_file(path);
    }
    if let Some(path) = matches.get_one::<PathBuf>("seed") {
        builder = builder.seed_file(path);
    }
    if let Some(ms) = matches.get_one::<u64>("latency") {
        builder = builder.latency(Duration::from_millis(*ms));
    }
    for fault in matches.get_many::<Fault>("fault").into_iter().flatten() {
        builder = builder.fault(fault.clone());
    }
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("wickr-emulator: {error}");
            return ExitCode::from(match error {
                StartError::Bind(..) => 1,
                _ => 2,
            });
        }
    };
    println!("{}", emulator.url());
    let state = matches.get_one::<PathBuf>("state");
    match state {
        Some(path) => eprintln!("wickr-emulator: serving on {} (state saved to {})", emulator.url(), path.display()),
        None => eprintln!("wickr-emulator: serving on {} (state in memory only)", emulator.url()),
    }
    if !host.is_loopback() {
        eprintln!("wickr-emulator: listening on {host}: reachable from the network, with no authentication");
    }
    stopped().await;
    eprintln!("wickr-emulator: stopping");
    match emulator.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("wickr-emulator: the state could not be saved: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Waits for Ctrl-C or (on Unix) SIGTERM.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
