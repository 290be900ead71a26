//! Property tests for label and query encoding.

use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use sdk_runtime::encoding::{encode_greedy_label, encode_label, encode_query};

fn only_unreserved_or_escapes(encoded: &str) -> bool {
    let bytes = encoded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = |c: u8| c.is_ascii_digit() || (b'A'..=b'F').contains(&c);
            if i + 2 >= bytes.len() {
                return false;
            }
            if !(hex(bytes[i + 1]) && hex(bytes[i + 2])) {
                return false;
            }
            i += 3;
        } else if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

proptest! {
    #[test]
    fn labels_round_trip_and_never_contain_slashes(value in any::<String>()) {
        let encoded = encode_label(&value);
        prop_assert!(!encoded.contains('/'));
        prop_assert!(only_unreserved_or_escapes(&encoded), "{}", encoded);
        prop_assert_eq!(percent_decode_str(&encoded).decode_utf8().unwrap(), value.as_str());
        // Query encoding uses the same set, so it round-trips too.
        let query = encode_query(&value);
        prop_assert_eq!(percent_decode_str(&query).decode_utf8().unwrap(), value.as_str());
    }

    #[test]
    fn greedy_labels_keep_segments(segments in proptest::collection::vec("[^/]*", 1..5)) {
        let value = segments.join("/");
        let encoded = encode_greedy_label(&value);
        let encoded_segments: Vec<&str> = encoded.split('/').collect();
        prop_assert_eq!(encoded_segments.len(), segments.len());
        for (encoded, original) in encoded_segments.iter().zip(&segments) {
            prop_assert_eq!(percent_decode_str(encoded).decode_utf8().unwrap(), original.as_str());
        }
    }
}
