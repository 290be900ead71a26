//! Lists a network's users with aws-sdk-wickr and aws-config, with their
//! default features: the program a clean build of `../ours` is timed against.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_from_env().await;
    let client = aws_sdk_wickr::Client::new(&config);
    let page = client.list_users().network_id("12345678").send().await?;
    for user in page.users() {
        println!("{:?}", user.username());
    }
    Ok(())
}
