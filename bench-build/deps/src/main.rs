//! Builds and links the dependencies of `../ours` with none of our code: the
//! floor its clean build is measured against.

#[tokio::main]
async fn main() {
    let value: serde_json::Value = serde_json::from_str("{}").unwrap_or_default();
    println!("{value}");
}
