//! Run-time cost of the generated client against a hand-written reqwest + serde equivalent.
//!
//! `cargo bench --bench client` (from the repo root). Both clients talk to the same in-process
//! HTTP/1.1 server on 127.0.0.1 (`CannedServer` below: one plain thread per connection that
//! reads a request and writes a prebuilt response, so the server's share of each round trip is
//! as small as it can be and identical for both sides). Groups:
//!
//! - `create_invite`: form-encoded POST, one Invite decoded (201).
//! - `list_invite_1000`: GET with `PageSize=1000`, a 1,000-Invite page decoded (~420 KB).
//! - `decode` / `encode`: the serde work alone, without I/O (`serde_json::from_slice` of the
//!   same bytes into the generated vs the hand-written types; the same form body encoded).
//! - `throughput_*`: `REQUESTS_PER_BATCH` requests spread over N concurrent tasks sharing one
//!   client (one keep-alive connection pool) on a 2-worker multi-thread runtime; criterion's
//!   `thrpt` line is requests per second.
//!
//! The hand-written side is what a careful person would write with the same crates: same
//! reqwest configuration (connect timeout 10 s, request timeout 60 s, same User-Agent),
//! HTTP basic auth, `Accept: application/json`, the body encoded with serde_html_form, the
//! response read to bytes and decoded with `serde_json::from_slice` into `#[derive(Deserialize)]`
//! structs whose fields are `Option`s (as the spec's nullable fields require), dates as
//! `chrono::DateTime<Utc>`. It does not percent-encode path segments, cap the response size
//! or retry; the generated client does, and that is part of what is measured. Before timing,
//! the setup checks that both sides send the same method, path, query, form body and headers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use twilio_chat::{ChatV1ServiceChannelInvite, Client, CreateInviteRequest, ListInviteParams};

const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const AUTH_TOKEN: &str = "auth_token_0123456789abcdef";
const SERVICE_SID: &str = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const CHANNEL_SID: &str = "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const ROLE_SID: &str = "RLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const USER_AGENT: &str = concat!("twilio-chat/", env!("CARGO_PKG_VERSION"));
const PAGE_SIZE: usize = 1000;
const REQUESTS_PER_BATCH: usize = 256;
/// The server stops accepting after this many connections (a bound, not a limit in practice:
/// the pools keep at most a few dozen connections open).
const MAX_CONNECTIONS: usize = 10_000;

// ---------------------------------------------------------------------------------------------
// Payloads

fn invite_json(i: usize) -> serde_json::Value {
    let sid = format!("IN{i:032x}");
    serde_json::json!({
        "sid": sid,
        "account_sid": ACCOUNT_SID,
        "channel_sid": CHANNEL_SID,
        "service_sid": SERVICE_SID,
        "identity": format!("identity-{i:04}"),
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "role_sid": ROLE_SID,
        "created_by": "created_by",
        "url": format!("https://chat.twilio.com/v1/Services/{SERVICE_SID}/Channels/{CHANNEL_SID}/Invites/{sid}"),
    })
}

fn create_body() -> Vec<u8> {
    serde_json::to_vec(&invite_json(0)).expect("json")
}

fn list_body() -> Vec<u8> {
    let url = format!(
        "https://chat.twilio.com/v1/Services/{SERVICE_SID}/Channels/{CHANNEL_SID}/Invites?PageSize={PAGE_SIZE}&Page=0"
    );
    let page = serde_json::json!({
        "invites": (0..PAGE_SIZE).map(invite_json).collect::<Vec<_>>(),
        "meta": {
            "first_page_url": url,
            "key": "invites",
            "next_page_url": null,
            "page": 0,
            "page_size": PAGE_SIZE,
            "previous_page_url": null,
            "url": url,
        }
    });
    serde_json::to_vec(&page).expect("json")
}

fn http_response(status: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

// ---------------------------------------------------------------------------------------------
// In-process server

/// A minimal HTTP/1.1 keep-alive server: GET answers the list page, anything else the single
/// Invite (201). When `record` is set, the next request's head and body are kept for checking.
struct CannedServer {
    addr: SocketAddr,
    record: Arc<AtomicBool>,
    recorded: Arc<Mutex<Option<Recorded>>>,
}

#[derive(Debug, Clone)]
struct Recorded {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl CannedServer {
    fn start() -> CannedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let record = Arc::new(AtomicBool::new(false));
        let recorded = Arc::new(Mutex::new(None));
        let responses = Arc::new((
            http_response("201 Created", &create_body()),
            http_response("200 OK", &list_body()),
        ));
        let (rec, store) = (record.clone(), recorded.clone());
        let accepted = AtomicUsize::new(0);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (responses, rec, store) = (responses.clone(), rec.clone(), store.clone());
                std::thread::spawn(move || serve(stream, &responses, &rec, &store));
                if accepted.fetch_add(1, Ordering::Relaxed) + 1 >= MAX_CONNECTIONS {
                    break;
                }
            }
        });
        CannedServer {
            addr,
            record,
            recorded,
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Runs `f`, returning the request it made.
    fn capture(&self, f: impl FnOnce()) -> Recorded {
        *self.recorded.lock().expect("lock") = None;
        self.record.store(true, Ordering::SeqCst);
        f();
        self.record.store(false, Ordering::SeqCst);
        self.recorded
            .lock()
            .expect("lock")
            .take()
            .expect("a request was recorded")
    }
}

/// Serves one connection until the client closes it.
fn serve(
    stream: TcpStream,
    responses: &(Vec<u8>, Vec<u8>),
    record: &AtomicBool,
    recorded: &Mutex<Option<Recorded>>,
) {
    let _ = stream.set_nodelay(true);
    let mut writer = match stream.try_clone() {
        Ok(w) => w,
        Err(_) => return,
    };
    let mut reader = BufReader::with_capacity(16 * 1024, stream);
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let request_line = line.trim_end().to_owned();
        let is_get = request_line.starts_with("GET ");
        let mut content_length = 0usize;
        let mut headers = Vec::new();
        let recording = record.load(Ordering::SeqCst);
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let (name, value) = (name.trim(), value.trim());
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.parse().unwrap_or(0);
                }
                if recording {
                    headers.push((name.to_ascii_lowercase(), value.to_owned()));
                }
            }
        }
        let mut body = vec![0; content_length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        if recording {
            headers.sort();
            *recorded.lock().expect("lock") = Some(Recorded {
                request_line,
                headers,
                body,
            });
        }
        let response = if is_get { &responses.1 } else { &responses.0 };
        if writer.write_all(response).is_err() {
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The hand-written equivalent

#[derive(Debug, Serialize)]
struct HwCreateInvite<'a> {
    #[serde(rename = "Identity")]
    identity: &'a str,
    #[serde(rename = "RoleSid", skip_serializing_if = "Option::is_none")]
    role_sid: Option<&'a str>,
}

#[derive(Debug, Default, Serialize)]
struct HwListParams<'a> {
    #[serde(rename = "Identity", skip_serializing_if = "Option::is_none")]
    identity: Option<Vec<&'a str>>,
    #[serde(rename = "PageSize", skip_serializing_if = "Option::is_none")]
    page_size: Option<i64>,
    #[serde(rename = "Page", skip_serializing_if = "Option::is_none")]
    page: Option<i64>,
    #[serde(rename = "PageToken", skip_serializing_if = "Option::is_none")]
    page_token: Option<&'a str>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // decoded, never read: the benchmark only needs the work done
struct HwInvite {
    sid: Option<String>,
    account_sid: Option<String>,
    channel_sid: Option<String>,
    service_sid: Option<String>,
    identity: Option<String>,
    date_created: Option<DateTime<Utc>>,
    date_updated: Option<DateTime<Utc>>,
    role_sid: Option<String>,
    created_by: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct HwMeta {
    first_page_url: Option<String>,
    key: Option<String>,
    next_page_url: Option<String>,
    page: Option<i64>,
    page_size: Option<i64>,
    previous_page_url: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct HwInvitePage {
    invites: Option<Vec<HwInvite>>,
    #[allow(dead_code)]
    meta: Option<HwMeta>,
}

#[derive(Debug)]
#[allow(dead_code)] // only printed by `expect`
enum HwError {
    Http(reqwest::Error),
    Status(u16),
    Encode(serde_html_form::ser::Error),
    Decode(serde_json::Error),
}

#[derive(Clone)]
struct HandWritten {
    http: reqwest::Client,
    base: String,
}

impl HandWritten {
    fn new(base: String) -> HandWritten {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .user_agent(USER_AGENT)
            .build()
            .expect("reqwest client");
        HandWritten { http, base }
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, HwError> {
        let response = request
            .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(HwError::Http)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(HwError::Http)?;
        if !status.is_success() {
            return Err(HwError::Status(status.as_u16()));
        }
        serde_json::from_slice(&bytes).map_err(HwError::Decode)
    }

    async fn create_invite(
        &self,
        service_sid: &str,
        channel_sid: &str,
        body: &HwCreateInvite<'_>,
    ) -> Result<HwInvite, HwError> {
        let url = format!(
            "{}/v1/Services/{service_sid}/Channels/{channel_sid}/Invites",
            self.base
        );
        let form = serde_html_form::to_string(body).map_err(HwError::Encode)?;
        let request = self
            .http
            .post(url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form);
        self.send(request).await
    }

    async fn list_invite(
        &self,
        service_sid: &str,
        channel_sid: &str,
        params: &HwListParams<'_>,
    ) -> Result<HwInvitePage, HwError> {
        let query = serde_html_form::to_string(params).map_err(HwError::Encode)?;
        let url = format!(
            "{}/v1/Services/{service_sid}/Channels/{channel_sid}/Invites?{query}",
            self.base
        );
        self.send(self.http.get(url)).await
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures

struct Fixture {
    server: CannedServer,
    generated: Client,
    hand: HandWritten,
    create: CreateInviteRequest,
    hw_create: HwCreateInvite<'static>,
    list: ListInviteParams,
    hw_list: HwListParams<'static>,
}

fn fixture() -> Fixture {
    let server = CannedServer::start();
    let generated = Client::builder(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(server.base_url())
        .build()
        .expect("generated client");
    let hand = HandWritten::new(server.base_url());
    Fixture {
        server,
        generated,
        hand,
        create: CreateInviteRequest {
            identity: "alice".into(),
            role_sid: Some(ROLE_SID.into()),
        },
        hw_create: HwCreateInvite {
            identity: "alice",
            role_sid: Some(ROLE_SID),
        },
        list: ListInviteParams {
            page_size: Some(PAGE_SIZE as i64),
            ..ListInviteParams::default()
        },
        hw_list: HwListParams {
            page_size: Some(PAGE_SIZE as i64),
            ..HwListParams::default()
        },
    }
}

impl Fixture {
    /// New clients on the same server: new connection pools.
    fn renew_clients(&mut self) {
        self.generated = Client::builder(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(self.server.base_url())
            .build()
            .expect("generated client");
        self.hand = HandWritten::new(self.server.base_url());
    }
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn multi_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Both sides must put the same request on the wire (header order aside), and decode the same
/// answers; checked once before anything is timed.
fn check_equivalence(f: &Fixture, rt: &tokio::runtime::Runtime) {
    let generated = f.server.capture(|| {
        let invite = rt
            .block_on(
                f.generated
                    .create_invite(SERVICE_SID, CHANNEL_SID, &f.create),
            )
            .expect("generated create_invite");
        assert_eq!(invite.identity.as_deref(), Some("identity-0000"));
    });
    let hand = f.server.capture(|| {
        let invite = rt
            .block_on(f.hand.create_invite(SERVICE_SID, CHANNEL_SID, &f.hw_create))
            .expect("hand-written create_invite");
        assert_eq!(invite.identity.as_deref(), Some("identity-0000"));
    });
    assert_eq!(generated.request_line, hand.request_line);
    assert_eq!(generated.body, hand.body, "same form body");
    assert_eq!(generated.headers, hand.headers, "same headers");
    let list_generated = f.server.capture(|| {
        let page = rt
            .block_on(f.generated.list_invite(SERVICE_SID, CHANNEL_SID, &f.list))
            .expect("generated list_invite");
        assert_eq!(page.invites.map(|v| v.len()), Some(PAGE_SIZE));
    });
    let list_hand = f.server.capture(|| {
        let page = rt
            .block_on(f.hand.list_invite(SERVICE_SID, CHANNEL_SID, &f.hw_list))
            .expect("hand-written list_invite");
        assert_eq!(page.invites.map(|v| v.len()), Some(PAGE_SIZE));
    });
    assert_eq!(list_generated.request_line, list_hand.request_line);
    assert_eq!(list_generated.headers, list_hand.headers, "same headers");
    println!(
        "wire check: both send `{}` with body `{}` and headers {:?}; and `{}`",
        generated.request_line,
        String::from_utf8_lossy(&generated.body),
        generated
            .headers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>(),
        list_generated.request_line,
    );
}

// ---------------------------------------------------------------------------------------------
// Benchmarks

fn round_trips(c: &mut Criterion) {
    let f = fixture();
    let rt = current_thread();
    check_equivalence(&f, &rt);

    let mut group = c.benchmark_group("create_invite");
    group.bench_function("generated", |b| {
        b.iter(|| {
            let invite = rt
                .block_on(
                    f.generated
                        .create_invite(SERVICE_SID, CHANNEL_SID, &f.create),
                )
                .expect("create_invite");
            black_box(invite)
        })
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            let invite = rt
                .block_on(f.hand.create_invite(SERVICE_SID, CHANNEL_SID, &f.hw_create))
                .expect("create_invite");
            black_box(invite)
        })
    });
    group.finish();

    let mut group = c.benchmark_group("list_invite_1000");
    group.throughput(Throughput::Elements(PAGE_SIZE as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            let page = rt
                .block_on(f.generated.list_invite(SERVICE_SID, CHANNEL_SID, &f.list))
                .expect("list_invite");
            black_box(page)
        })
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            let page = rt
                .block_on(f.hand.list_invite(SERVICE_SID, CHANNEL_SID, &f.hw_list))
                .expect("list_invite");
            black_box(page)
        })
    });
    group.finish();
}

fn serde_only(c: &mut Criterion) {
    let page = list_body();
    let one = create_body();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("list_page_1000/generated", |b| {
        b.iter(|| {
            let decoded: twilio_chat::ListInviteResponse =
                serde_json::from_slice(black_box(&page)).expect("decode");
            black_box(decoded)
        })
    });
    group.bench_function("list_page_1000/handwritten", |b| {
        b.iter(|| {
            let decoded: HwInvitePage = serde_json::from_slice(black_box(&page)).expect("decode");
            black_box(decoded)
        })
    });
    group.throughput(Throughput::Bytes(one.len() as u64));
    group.bench_function("invite/generated", |b| {
        b.iter(|| {
            let decoded: ChatV1ServiceChannelInvite =
                serde_json::from_slice(black_box(&one)).expect("decode");
            black_box(decoded)
        })
    });
    group.bench_function("invite/handwritten", |b| {
        b.iter(|| {
            let decoded: HwInvite = serde_json::from_slice(black_box(&one)).expect("decode");
            black_box(decoded)
        })
    });
    group.finish();

    let generated = CreateInviteRequest {
        identity: "alice".into(),
        role_sid: Some(ROLE_SID.into()),
    };
    let hand = HwCreateInvite {
        identity: "alice",
        role_sid: Some(ROLE_SID),
    };
    let mut group = c.benchmark_group("encode");
    group.bench_function("create_form/generated_types", |b| {
        b.iter(|| serde_html_form::to_string(black_box(&generated)).expect("encode"))
    });
    group.bench_function("create_form/handwritten", |b| {
        b.iter(|| serde_html_form::to_string(black_box(&hand)).expect("encode"))
    });
    group.finish();
}

/// `REQUESTS_PER_BATCH` requests over `tasks` concurrent tasks sharing one client.
async fn batch<F, Fut>(tasks: usize, call: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let per_task = REQUESTS_PER_BATCH / tasks;
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let call = call.clone();
            tokio::spawn(async move {
                for _ in 0..per_task {
                    call().await;
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("task");
    }
}

fn throughput(c: &mut Criterion) {
    let f = fixture();
    let rt = multi_thread();
    let generated = Arc::new(f.generated.clone());
    let hand = Arc::new(f.hand.clone());
    let create = Arc::new(f.create.clone());
    let list = Arc::new(f.list.clone());

    let mut group = c.benchmark_group("throughput_create_invite");
    group.sample_size(30);
    group.throughput(Throughput::Elements(REQUESTS_PER_BATCH as u64));
    for tasks in [1, 8, 32] {
        group.bench_with_input(BenchmarkId::new("generated", tasks), &tasks, |b, &tasks| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    let (client, body) = (generated.clone(), create.clone());
                    rt.block_on(batch(tasks, move || {
                        let (client, body) = (client.clone(), body.clone());
                        async move {
                            let invite = client
                                .create_invite(SERVICE_SID, CHANNEL_SID, &body)
                                .await
                                .expect("create_invite");
                            black_box(invite);
                        }
                    }));
                }
                start.elapsed()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("handwritten", tasks),
            &tasks,
            |b, &tasks| {
                b.iter_custom(|iterations| {
                    let start = Instant::now();
                    for _ in 0..iterations {
                        let client = hand.clone();
                        rt.block_on(batch(tasks, move || {
                            let client = client.clone();
                            async move {
                                let body = HwCreateInvite {
                                    identity: "alice",
                                    role_sid: Some(ROLE_SID),
                                };
                                let invite = client
                                    .create_invite(SERVICE_SID, CHANNEL_SID, &body)
                                    .await
                                    .expect("create_invite");
                                black_box(invite);
                            }
                        }));
                    }
                    start.elapsed()
                })
            },
        );
    }
    group.finish();

    let mut group = c.benchmark_group("throughput_list_invite_1000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(REQUESTS_PER_BATCH as u64));
    let tasks = 8;
    group.bench_with_input(BenchmarkId::new("generated", tasks), &tasks, |b, &tasks| {
        b.iter_custom(|iterations| {
            let start = Instant::now();
            for _ in 0..iterations {
                let (client, params) = (generated.clone(), list.clone());
                rt.block_on(batch(tasks, move || {
                    let (client, params) = (client.clone(), params.clone());
                    async move {
                        let page = client
                            .list_invite(SERVICE_SID, CHANNEL_SID, &params)
                            .await
                            .expect("list_invite");
                        black_box(page);
                    }
                }));
            }
            start.elapsed()
        })
    });
    group.bench_with_input(
        BenchmarkId::new("handwritten", tasks),
        &tasks,
        |b, &tasks| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    let client = hand.clone();
                    rt.block_on(batch(tasks, move || {
                        let client = client.clone();
                        async move {
                            let params = HwListParams {
                                page_size: Some(PAGE_SIZE as i64),
                                ..HwListParams::default()
                            };
                            let page = client
                                .list_invite(SERVICE_SID, CHANNEL_SID, &params)
                                .await
                                .expect("list_invite");
                            black_box(page);
                        }
                    }));
                }
                start.elapsed()
            })
        },
    );
    group.finish();
}

/// Interleaved A/B: rounds of `calls` generated calls then `calls` hand-written calls (order
/// swapped every round), so both sides see the same load on a shared machine. Prints the
/// median per-call time of each side and the median and best-round ratios; on Linux also the
/// client thread's CPU time per call for the two single-request scenarios, which leaves out
/// the time spent waiting for the server (and for a busy machine to schedule it). Criterion's
/// own figures above time each side in a separate window and drift with the machine's load.
fn paired(_: &mut Criterion) {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    if std::env::var_os("CLIENT_BENCH_PAIRED").is_some_and(|v| v == "0") {
        return;
    }
    let (rounds, scale) = if bench_mode { (61, 1) } else { (1, 0) };
    // Fresh clients (so fresh connections, each served by a fresh server thread) every round:
    // where the scheduler puts a connection's server thread relative to the client decides
    // much of a round trip's time on a small machine, and must not favour one side for a
    // whole run.
    let f = std::cell::RefCell::new(fixture());
    let renew = || f.borrow_mut().renew_clients();
    let rt = current_thread();
    let mt = multi_thread();
    let page = list_body();
    println!();
    println!("paired A/B ({rounds} interleaved rounds, fresh connections each round; per-call medians; ratio = generated / handwritten)");
    println!("(`best` = the fastest round of each side: the figure for a quiet machine)");
    println!(
        "{:<38} {:>7} {:>14} {:>14} {:>14} {:>14} {:>9} {:>9}",
        "scenario",
        "calls",
        "gen median",
        "hand median",
        "gen best",
        "hand best",
        "ratio med",
        "ratio best"
    );
    let report = |name: &str, calls: usize, unit: &str, g: &[f64], h: &[f64]| {
        let ratios: Vec<f64> = g.iter().zip(h).map(|(g, h)| g / h).collect();
        let (g_min, h_min) = (min(g), min(h));
        println!(
            "{name:<38} {calls:>7} {:>11.2} {unit} {:>11.2} {unit} {:>11.2} {unit} {:>11.2} {unit} {:>8.3}x {:>8.3}x",
            median(g),
            median(h),
            g_min,
            h_min,
            median(&ratios),
            g_min / h_min,
        );
    };
    // Per round and side: wall time per call, and (where the OS reports it) CPU time per call
    // of this thread, which runs the whole client side of the current-thread scenarios (our
    // code, reqwest, hyper's connection task, the I/O driver) but not the server. The CPU
    // figure is the client's per-request cost without the scheduling noise of a busy machine.
    let run = |calls: usize, mut gen: Box<dyn FnMut() + '_>, mut hand: Box<dyn FnMut() + '_>| {
        let (mut g, mut h, mut g_cpu, mut h_cpu) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            renew();
            let time = |side: &mut dyn FnMut(), wall: &mut Vec<f64>, cpu: &mut Vec<f64>| {
                let cpu_start = thread_cpu_ns();
                let start = Instant::now();
                for _ in 0..calls {
                    side();
                }
                wall.push(start.elapsed().as_secs_f64() / calls as f64);
                if let (Some(cpu_start), Some(cpu_end)) = (cpu_start, thread_cpu_ns()) {
                    cpu.push(cpu_end.saturating_sub(cpu_start) as f64 * 1e-9 / calls as f64);
                }
            };
            if round % 2 == 0 {
                time(&mut *gen, &mut g, &mut g_cpu);
                time(&mut *hand, &mut h, &mut h_cpu);
            } else {
                time(&mut *hand, &mut h, &mut h_cpu);
                time(&mut *gen, &mut g, &mut g_cpu);
            }
        }
        (g, h, g_cpu, h_cpu)
    };
    let us = |v: Vec<f64>| v.into_iter().map(|s| s * 1e6).collect::<Vec<_>>();

    let calls = 200 * scale + 1;
    let (g, h, g_cpu, h_cpu) = run(
        calls,
        Box::new(|| {
            black_box(
                rt.block_on(f.borrow().generated.create_invite(
                    SERVICE_SID,
                    CHANNEL_SID,
                    &f.borrow().create,
                ))
                .expect("create_invite"),
            );
        }),
        Box::new(|| {
            black_box(
                rt.block_on(f.borrow().hand.create_invite(
                    SERVICE_SID,
                    CHANNEL_SID,
                    &f.borrow().hw_create,
                ))
                .expect("create_invite"),
            );
        }),
    );
    report("create_invite (round trip)", calls, "us", &us(g), &us(h));
    let create_cpu = (us(g_cpu), us(h_cpu));

    let calls = 20 * scale + 1;
    let (g, h, g_cpu, h_cpu) = run(
        calls,
        Box::new(|| {
            black_box(
                rt.block_on(f.borrow().generated.list_invite(
                    SERVICE_SID,
                    CHANNEL_SID,
                    &f.borrow().list,
                ))
                .expect("list_invite"),
            );
        }),
        Box::new(|| {
            black_box(
                rt.block_on(f.borrow().hand.list_invite(
                    SERVICE_SID,
                    CHANNEL_SID,
                    &f.borrow().hw_list,
                ))
                .expect("list_invite"),
            );
        }),
    );
    report("list_invite_1000 (round trip)", calls, "us", &us(g), &us(h));
    let list_cpu = (us(g_cpu), us(h_cpu));

    let (g, h, _, _) = run(
        calls,
        Box::new(|| {
            let page: twilio_chat::ListInviteResponse =
                serde_json::from_slice(black_box(&page)).expect("decode");
            black_box(page);
        }),
        Box::new(|| {
            let page: HwInvitePage = serde_json::from_slice(black_box(&page)).expect("decode");
            black_box(page);
        }),
    );
    report("decode list page (no I/O)", calls, "us", &us(g), &us(h));
    for (name, calls, (g, h)) in [
        (
            "create_invite (client thread CPU)",
            200 * scale + 1,
            create_cpu,
        ),
        ("list_invite_1000 (client thread CPU)", calls, list_cpu),
    ] {
        if !g.is_empty() && g.len() == h.len() {
            report(name, calls, "us", &g, &h);
        }
    }

    // Fresh clients: pooled connections belong to the runtime that opened them.
    let f = fixture();
    for tasks in [1, 8, 32] {
        let generated = Arc::new(f.generated.clone());
        let create = Arc::new(f.create.clone());
        let hand = Arc::new(f.hand.clone());
        let batches = scale.max(1);
        let (g, h, _, _) = run(
            batches,
            Box::new(|| {
                let (client, body) = (generated.clone(), create.clone());
                mt.block_on(batch(tasks, move || {
                    let (client, body) = (client.clone(), body.clone());
                    async move {
                        black_box(
                            client
                                .create_invite(SERVICE_SID, CHANNEL_SID, &body)
                                .await
                                .expect("create_invite"),
                        );
                    }
                }));
            }),
            Box::new(|| {
                let client = hand.clone();
                mt.block_on(batch(tasks, move || {
                    let client = client.clone();
                    async move {
                        let body = HwCreateInvite {
                            identity: "alice",
                            role_sid: Some(ROLE_SID),
                        };
                        black_box(
                            client
                                .create_invite(SERVICE_SID, CHANNEL_SID, &body)
                                .await
                                .expect("create_invite"),
                        );
                    }
                }));
            }),
        );
        // Per batch of REQUESTS_PER_BATCH requests → requests per second.
        let rps = |v: Vec<f64>| {
            v.into_iter()
                .map(|s| REQUESTS_PER_BATCH as f64 / s)
                .collect::<Vec<_>>()
        };
        let (g, h) = (rps(g), rps(h));
        let ratios: Vec<f64> = g.iter().zip(&h).map(|(g, h)| h / g).collect();
        println!(
            "{:<38} {:>7} {:>10.0} rps {:>10.0} rps {:>10.0} rps {:>10.0} rps {:>8.3}x {:>8.3}x",
            format!("throughput create_invite, {tasks} tasks"),
            REQUESTS_PER_BATCH,
            median(&g),
            median(&h),
            max(&g),
            max(&h),
            median(&ratios),
            max(&h) / max(&g),
        );
    }
    println!("(throughput rows: ratio = handwritten rps / generated rps, i.e. generated time / handwritten time; best = best rps of each side)");
}

/// CPU time this thread has run so far, in ns, from Linux's `/proc/thread-self/schedstat`
/// (`None` elsewhere). The kernel updates that figure when the thread is switched out, so a
/// short sleep first makes it current.
fn thread_cpu_ns() -> Option<u64> {
    std::thread::sleep(Duration::from_micros(1));
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

criterion_group!(benches, round_trips, serde_only, throughput, paired);
criterion_main!(benches);
