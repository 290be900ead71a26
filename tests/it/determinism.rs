//! Same model, same files: the generator's output depends on nothing but
//! the model's content, not on the order of its JSON keys or reference lists.
//! (That the committed output is current is `cargo xtask codegen --check`'s
//! job, tested with the xtask.)

#[test]
fn generation_is_deterministic_whatever_the_json_key_order() {
    let text = sdk_tests::shipped_model();
    let config = sdk_tests::shipped_config();
    let first = codegen::generate(&text, &config).expect("valid model");
    // Re-serialize: serde_json sorts object keys (a different order from the
    // file's), and reference arrays are reversed.
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    reverse(&mut value);
    let reordered = serde_json::to_string_pretty(&value).expect("JSON");
    assert_ne!(reordered, text);
    let second = codegen::generate(&reordered, &config).expect("valid model");
    assert!(first == second, "output changed with the JSON key order");
}

fn reverse(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> = std::mem::take(map).into_iter().collect();
            entries.reverse();
            for (key, mut child) in entries {
                reverse(&mut child);
                map.insert(key, child);
            }
        }
        serde_json::Value::Array(items) => {
            // Reference lists (operations, errors) are sets; other arrays keep order.
            if items.iter().all(|item| item.get("target").is_some()) {
                items.reverse();
            }
            items.iter_mut().for_each(reverse);
        }
        _ => {}
    }
}
