//! Identifiers, codes and secrets the emulator makes up. Each satisfies the
//! model's pattern for where it is returned (`NetworkId`: eight digits;
//! `UserId` and `BotId`: up to ten digits; `SecurityGroupId`: no spaces);
//! their length and alphabet beyond that are the emulator's choice.

use sha2::{Digest, Sha256};

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Invite codes avoid characters people confuse when typing them (0/O, 1/I/l).
const INVITE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

fn from_alphabet(alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| char::from(alphabet[fastrand::usize(..alphabet.len())])).collect()
}

/// `len` digits, the first not zero.
fn digits(len: usize) -> String {
    let mut text = fastrand::u8(1..=9).to_string();
    text.extend((1..len).map(|_| char::from(b'0' + fastrand::u8(0..=9))));
    text
}

/// Makes ids with `make` until one is not `taken`.
pub(crate) fn unique(make: impl Fn() -> String, taken: impl Fn(&str) -> bool) -> String {
    loop {
        let id = make();
        if !taken(&id) {
            return id;
        }
    }
}

/// A network id: eight digits.
pub(crate) fn network_id() -> String {
    digits(8)
}

/// A user's or bot's id: eight digits.
pub(crate) fn account_id() -> String {
    digits(8)
}

/// A security group's id: eight letters and digits.
pub(crate) fn group_id() -> String {
    from_alphabet(ALPHANUMERIC, 8)
}

/// An invite code: ten characters that are hard to misread.
pub(crate) fn invite_code() -> String {
    from_alphabet(INVITE_ALPHABET, 10)
}

/// A device's application id: 32 hexadecimal digits.
pub(crate) fn app_id() -> String {
    (0..16).map(|_| format!("{:02x}", fastrand::u8(..))).collect()
}

/// A password or token of `len` letters and digits.
pub(crate) fn secret(len: usize) -> String {
    from_alphabet(ALPHANUMERIC, len)
}

/// A page token: 32 letters and digits, meaningless outside the emulator
/// that issued it.
pub(crate) fn page_token() -> String {
    secret(32)
}

/// A public key as clients publish one: an uncompressed P-256 point, base64.
pub(crate) fn public_key() -> String {
    let mut point = vec![4u8];
    point.extend((0..64).map(|_| fastrand::u8(..)));
    sdk_runtime::encoding::encode_base64(point)
}

/// The lowercase hex SHA-256 of `text`.
pub(crate) fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A username's hash (a user's or bot's `uname`, a guest's `usernameHash`):
/// the SHA-256 of the username in lower case, so the same name always has
/// the same hash.
pub(crate) fn username_hash(username: &str) -> String {
    sha256_hex(&username.to_lowercase())
}
