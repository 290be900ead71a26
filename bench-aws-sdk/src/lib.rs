//! The server both SDKs call in the comparison benchmark: HTTP/1.1 on
//! 127.0.0.1, answering `GetUser` and a 100-item `ListUsers` page with canned
//! JSON, so what is measured is the clients' own per-call work (building,
//! signing, sending over loopback, reading the response).

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The network every request names.
pub const NETWORK_ID: &str = "12345678";
/// The user `GetUser` asks for.
pub const USER_ID: &str = "1001";
/// How many users the `ListUsers` page holds.
pub const PAGE_SIZE: usize = 100;

/// The `GetUser` response body.
pub fn get_user_body() -> String {
    format!(
        r#"{{"userId":"{USER_ID}","firstName":"Alice","lastName":"Liddell","username":"alice@example.com","isAdmin":false,"suspended":false,"status":2,"lastActivity":1700000100,"lastLogin":1700000000,"securityGroupIds":["sg1","sg2"]}}"#
    )
}

/// The `ListUsers` response body: `PAGE_SIZE` users and a next token.
pub fn list_users_body() -> String {
    let users: Vec<String> = (0..PAGE_SIZE)
        .map(|i| {
            format!(
                r#"{{"userId":"{id}","firstName":"First{i}","lastName":"Last{i}","username":"user{i}@example.com","isAdmin":{admin},"suspended":false,"status":2,"otpEnabled":true,"securityGroups":["sg1"],"uname":"hash{i}","isUser":true,"codeValidation":false,"isInviteExpired":false,"challengeFailures":0}}"#,
                id = 2000 + i,
                admin = i % 10 == 0,
            )
        })
        .collect();
    format!(r#"{{"users":[{}],"nextToken":"page-2"}}"#, users.join(","))
}

/// Starts the server on a thread of its own (with its own runtime, as a
/// separate server process would be) and returns its base URL. The thread
/// lives as long as the process.
pub fn spawn_server() -> String {
    let get_user = Bytes::from(get_user_body());
    let list_users = Bytes::from(list_users_body());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            while let Ok((stream, _)) = listener.accept().await {
                let (get_user, list_users) = (get_user.clone(), list_users.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                        // Routed by path alone: the request bodies are empty (both are GETs).
                        let (status, body) = match request.uri().path() {
                            "/networks/12345678/users/1001" => (200, get_user.clone()),
                            "/networks/12345678/users" => (200, list_users.clone()),
                            _ => (404, Bytes::from_static(br#"{"message":"no such route"}"#)),
                        };
                        let response = hyper::Response::builder()
                            .status(status)
                            .header("content-type", "application/json")
                            .header("x-amzn-requestid", "bench")
                            .body(Full::new(body))
                            .unwrap();
                        async move { Ok::<_, Infallible>(response) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    format!("http://{}", rx.recv().unwrap())
}
