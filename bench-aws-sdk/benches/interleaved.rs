//! Interleaved A/B benchmark: `GetUser` and a 100-item `ListUsers` page with
//! `wickr-admin-sdk` (ours), `aws-sdk-wickr` (theirs), a plain hyper client
//! (the floor: the same GET on the same kind of connection pool, its body read
//! and nothing else) and that client followed by serde_json reading the body
//! into our output type (`parsed`: the least a client reading with serde_json
//! does), against the same canned server on 127.0.0.1.
//!
//! Criterion measures one function after another, so on a shared machine a
//! change of load between groups moves their ratio. Here every round runs a
//! batch of each client in turn (rotating which goes first), and the figures
//! to quote are the per-round ratios, whose two sides saw the same load.
//!
//! Run: `cd bench-aws-sdk && cargo bench --bench interleaved` (`ROUNDS=N`
//! changes the number of rounds, 30 by default).
//!
//! Profiling: `-- --only ours|theirs|floor|parsed --op get-user|list-users --calls N`
//! makes N calls of one client after a warm-up, inside `profiled_calls`, so
//! `valgrind --tool=callgrind --toggle-collect='*profiled_calls*'` counts the
//! instructions of those calls alone (the server's thread never enters it).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::{Duration, Instant};

use bench_aws_sdk::{NETWORK_ID, PAGE_SIZE, USER_ID, spawn_server};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use tokio::runtime::Runtime;

mod common;
use common::{ours, theirs};

/// Counts the allocations of the thread that makes them. The clients run on
/// this thread's current-thread runtime (their connection tasks included);
/// the server has a thread of its own, so its allocations are not counted.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    static ALLOCATED_BYTES: Cell<u64> = const { Cell::new(0) };
}

fn count(size: usize) {
    // `try_with`: a thread being torn down has no counters left.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    let _ = ALLOCATED_BYTES.try_with(|n| n.set(n.get() + size as u64));
}

// SAFETY: every call is forwarded to `System` unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations() -> (u64, u64) {
    (ALLOCATIONS.with(Cell::get), ALLOCATED_BYTES.with(Cell::get))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Floor,
    /// The floor, then serde_json reading the body into the same output
    /// type ours returns: the least any client reading with serde_json does.
    Parsed,
    Ours,
    Theirs,
}

impl Who {
    const ALL: [Who; 4] = [Who::Floor, Who::Parsed, Who::Ours, Who::Theirs];

    fn name(self) -> &'static str {
        match self {
            Who::Floor => "hyper floor",
            Who::Parsed => "hyper+serde_json",
            Who::Ours => "wickr-admin-sdk",
            Who::Theirs => "aws-sdk-wickr",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    GetUser,
    ListUsers,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::GetUser => "GetUser",
            Op::ListUsers => "ListUsers (100 items)",
        }
    }

    /// Calls per batch: a batch lasts some tens of milliseconds.
    fn batch(self) -> u32 {
        match self {
            Op::GetUser => 200,
            Op::ListUsers => 60,
        }
    }
}

/// The three clients, made inside `runtime` (their pools spawn onto it).
struct Clients {
    runtime: Runtime,
    url: String,
    ours: wickr_admin_sdk::Client,
    theirs: aws_sdk_wickr::Client,
    floor: hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
}

impl Clients {
    fn new() -> Self {
        let url = spawn_server();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (ours, theirs, floor) = runtime.block_on(async { (ours(&url), theirs(&url), floor()) });
        Self { runtime, url, ours, theirs, floor }
    }

    /// One call; panics unless it read the expected data, so that no error
    /// path is ever measured.
    async fn call(&self, who: Who, op: Op) {
        match (who, op) {
            (Who::Ours, Op::GetUser) => {
                let out = self.ours.get_user().network_id(NETWORK_ID).user_id(USER_ID).send().await.unwrap();
                assert_eq!(out.user_id, USER_ID);
            }
            (Who::Ours, Op::ListUsers) => {
                let out = self.ours.list_users().network_id(NETWORK_ID).max_results(100).send().await.unwrap();
                assert_eq!(out.users.map(|u| u.len()), Some(PAGE_SIZE));
            }
            (Who::Theirs, Op::GetUser) => {
                let out = self.theirs.get_user().network_id(NETWORK_ID).user_id(USER_ID).send().await.unwrap();
                assert_eq!(out.user_id(), USER_ID);
            }
            (Who::Theirs, Op::ListUsers) => {
                let out = self.theirs.list_users().network_id(NETWORK_ID).max_results(100).send().await.unwrap();
                assert_eq!(out.users().len(), PAGE_SIZE);
            }
            (Who::Floor | Who::Parsed, op) => {
                let path = match op {
                    Op::GetUser => format!("/networks/{NETWORK_ID}/users/{USER_ID}"),
                    Op::ListUsers => format!("/networks/{NETWORK_ID}/users?maxResults=100"),
                };
                let request = hyper::Request::get(format!("{}{path}", self.url)).body(Full::new(Bytes::new())).unwrap();
                let response = self.floor.request(request).await.unwrap();
                assert_eq!(response.status(), 200);
                let body = response.into_body().collect().await.unwrap().to_bytes();
                assert!(body.len() > 100);
                match (who, op) {
                    (Who::Parsed, Op::GetUser) => {
                        let out: wickr_admin_sdk::output::GetUserResponse = serde_json::from_slice(&body).unwrap();
                        assert_eq!(out.user_id, USER_ID);
                    }
                    (Who::Parsed, Op::ListUsers) => {
                        let out: wickr_admin_sdk::output::ListUsersResponse = serde_json::from_slice(&body).unwrap();
                        assert_eq!(out.users.map(|u| u.len()), Some(PAGE_SIZE));
                    }
                    _ => {}
                }
            }
        }
    }

    /// `n` calls; the time per call.
    fn batch(&self, who: Who, op: Op, n: u32) -> Duration {
        let start = Instant::now();
        self.runtime.block_on(async {
            for _ in 0..n {
                self.call(who, op).await;
            }
        });
        start.elapsed() / n
    }

    /// Allocations and bytes allocated per call, over `n` calls.
    fn allocations_per_call(&self, who: Who, op: Op, n: u32) -> (f64, f64) {
        let (calls0, bytes0) = allocations();
        self.batch(who, op, n);
        let (calls1, bytes1) = allocations();
        ((calls1 - calls0) as f64 / f64::from(n), (bytes1 - bytes0) as f64 / f64::from(n))
    }
}

/// A plain hyper client with the pool our transport is built on (hyper-util's
/// legacy client over its `HttpConnector`), with `TCP_NODELAY` as ours sets it.
fn floor() -> hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>> {
    let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
    connector.set_nodelay(true);
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(connector)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

/// The value at quantile `q` (nearest rank) of sorted `values`.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// What the command line asks for: the whole comparison, or one client's
/// calls alone for a profiler.
struct Args {
    only: Option<Who>,
    op: Op,
    calls: u32,
}

fn args() -> Args {
    let mut args = Args { only: None, op: Op::GetUser, calls: 1000 };
    let mut words = std::env::args().skip(1);
    // `cargo bench` passes `--bench`; anything not ours is ignored.
    while let Some(word) = words.next() {
        match word.as_str() {
            "--only" => {
                args.only = Some(match words.next().as_deref() {
                    Some("ours") => Who::Ours,
                    Some("theirs") => Who::Theirs,
                    Some("floor") => Who::Floor,
                    Some("parsed") => Who::Parsed,
                    other => panic!("--only takes ours, theirs, floor or parsed, not {other:?}"),
                })
            }
            "--op" => {
                args.op = match words.next().as_deref() {
                    Some("get-user") => Op::GetUser,
                    Some("list-users") => Op::ListUsers,
                    other => panic!("--op takes get-user or list-users, not {other:?}"),
                }
            }
            "--calls" => args.calls = words.next().and_then(|n| n.parse().ok()).expect("--calls takes a number"),
            _ => {}
        }
    }
    args
}

/// The calls a profiler counts: kept out of line so that callgrind's
/// `--toggle-collect` can name it.
#[inline(never)]
fn profiled_calls(clients: &Clients, who: Who, op: Op, n: u32) -> Duration {
    clients.batch(who, op, n)
}

fn main() {
    let args = args();
    let clients = Clients::new();
    // Warm-up: connections open, endpoint caches and credentials filled.
    for op in [Op::GetUser, Op::ListUsers] {
        for who in Who::ALL {
            clients.batch(who, op, 20);
        }
    }
    if let Some(who) = args.only {
        let per_call = profiled_calls(&clients, who, args.op, args.calls);
        println!("{} {}: {} calls, {per_call:?} per call", who.name(), args.op.name(), args.calls);
        return;
    }

    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(30);
    println!(
        "interleaved A/B, {rounds} rounds; a round is a batch of each client in turn (GetUser {} calls, ListUsers {})",
        Op::GetUser.batch(),
        Op::ListUsers.batch()
    );
    println!("load average before: {}", load_average());
    for op in [Op::GetUser, Op::ListUsers] {
        // times[who][round], in µs per call.
        let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); Who::ALL.len()];
        for round in 0..rounds {
            for k in 0..Who::ALL.len() {
                let index = (round + k) % Who::ALL.len();
                let per_call = clients.batch(Who::ALL[index], op, op.batch());
                times[index].push(per_call.as_secs_f64() * 1e6);
            }
        }
        let ratios = |a: usize, b: usize| -> Vec<f64> {
            let mut r: Vec<f64> = times[a].iter().zip(&times[b]).map(|(x, y)| x / y).collect();
            r.sort_by(f64::total_cmp);
            r
        };
        let (floor, parsed, ours, theirs) = (0, 1, 2, 3);
        println!("\n{}", op.name());
        for (index, who) in Who::ALL.iter().enumerate() {
            let mut t = times[index].clone();
            let m = median(&mut t);
            let (allocs, bytes) = clients.allocations_per_call(*who, op, 50);
            println!(
                "  {:<16} median {m:8.1} µs/call  (rounds {:.1}–{:.1})  {allocs:7.1} allocations, {:9.0} bytes per call",
                who.name(),
                t[0],
                t[t.len() - 1],
                bytes
            );
        }
        // The floors' own ratios bound ours / aws-sdk-wickr from below: a
        // client that cost nothing (beyond serde_json's reading) would score them.
        for (label, a, b) in [
            ("ours / floor", ours, floor),
            ("ours / aws-sdk-wickr", ours, theirs),
            ("floor / aws-sdk-wickr", floor, theirs),
            ("hyper+serde_json / aws", parsed, theirs),
            ("ours / hyper+serde_json", ours, parsed),
        ] {
            let mut r = ratios(a, b);
            println!(
                "  {label:<24} per-round ratio median {:.3}  (p10 {:.3}, p90 {:.3})",
                median(&mut r),
                quantile(&r, 0.1),
                quantile(&r, 0.9)
            );
        }
    }
    println!("\nload average after: {}", load_average());
}
