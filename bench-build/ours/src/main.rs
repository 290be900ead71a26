//! Lists a network's users with wickr-admin-sdk: the program whose clean
//! build is timed against `../aws`.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = wickr_admin_sdk::Client::from_env()?;
    let page = client.list_users().network_id("12345678").send().await?;
    for user in page.users.unwrap_or_default() {
        println!("{:?}", user.username);
    }
    Ok(())
}
