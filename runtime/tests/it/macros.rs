//! The derives of `sdk-runtime-macros`, used as generated code uses them:
//! builders that name every missing required member, a `Debug` that redacts
//! sensitive fields, and open string, integer and union enums that keep what
//! they do not know. (Misuse is checked in the macro crate's own tests: each
//! mistake expands to a `compile_error!` with a clear message.)

use sdk_runtime::{IntEnum, StringEnum, Union};

#[sdk_runtime::shape(builder = AccountBuilder)]
#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Account {
    /// Required.
    #[serde(rename = "userName")]
    pub user_name: String,
    /// Required too.
    pub region: String,
    #[shape(sensitive)]
    pub password: Option<String>,
    #[shape(default = 3)]
    pub retries: i32,
    pub tier: Option<Tier>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, StringEnum)]
pub enum Tier {
    #[shape(value = "GOLD")]
    Gold,
    #[shape(value = "silver")]
    Silver,
    Unknown(String),
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, IntEnum)]
pub enum Level {
    #[shape(value = 1)]
    Low,
    #[shape(value = 10)]
    High,
    Unknown(i32),
}

#[derive(Clone, PartialEq, Union)]
pub enum Contact {
    #[shape(rename = "email")]
    Email(String),
    #[shape(rename = "pin", sensitive)]
    Pin(String),
    Unknown,
}

#[test]
fn a_builder_names_every_missing_required_member_and_fills_defaults() {
    let error = Account::builder().password("hunter2").build().unwrap_err();
    assert_eq!(error.to_string(), "cannot build Account: required member(s) not set: userName, region");
    assert_eq!(error.missing_members(), ["userName", "region"]);
    let account = Account::builder().user_name("ann").region("eu-west-1").build().unwrap();
    assert_eq!((account.retries, account.password, account.tier), (3, None, None));
}

#[test]
fn debug_redacts_sensitive_fields_and_variants() {
    let account = Account::builder().user_name("ann").region("eu-west-1").password("hunter2").build().unwrap();
    for text in [format!("{account:?}"), format!("{account:#?}")] {
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("ann") && text.contains("*** Sensitive Data Redacted ***"), "{text}");
    }
    let builder = Account::builder().password("hunter2");
    assert!(!format!("{builder:?}").contains("hunter2"));
    let pin = Contact::Pin("4321".into());
    assert!(!format!("{pin:?}").contains("4321"), "{pin:?}");
    assert!(format!("{:?}", Contact::Email("a@example.com".into())).contains("a@example.com"));
}

#[test]
fn enums_keep_values_this_version_does_not_know() {
    assert_eq!(Tier::from("GOLD"), Tier::Gold);
    assert_eq!(Tier::Silver.as_str(), "silver");
    assert_eq!(Tier::from("PLATINUM"), Tier::Unknown("PLATINUM".into()));
    assert_eq!(Tier::Unknown("PLATINUM".into()).to_string(), "PLATINUM");
    assert_eq!(Tier::values(), ["GOLD", "silver"]);
    let read: Vec<Tier> = serde_json::from_str(r#"["silver", "bronze"]"#).unwrap();
    assert_eq!(read, [Tier::Silver, Tier::Unknown("bronze".into())]);
    assert_eq!(serde_json::to_string(&read).unwrap(), r#"["silver","bronze"]"#);

    assert_eq!(Level::from(10), Level::High);
    assert_eq!((Level::Low.value(), Level::Unknown(7).value()), (1, 7));
    assert_eq!(Level::values(), [1, 10]);
    let read: Vec<Level> = serde_json::from_str("[1, 99]").unwrap();
    assert_eq!(read, [Level::Low, Level::Unknown(99)]);
    assert_eq!(serde_json::to_string(&read).unwrap(), "[1,99]");
}

#[test]
fn a_union_reads_one_member_and_keeps_an_unknown_one_as_unknown() {
    let read: Contact = serde_json::from_str(r#"{"email": "a@example.com"}"#).unwrap();
    assert!(read == Contact::Email("a@example.com".into()));
    assert_eq!(serde_json::to_string(&read).unwrap(), r#"{"email":"a@example.com"}"#);
    let newer: Contact = serde_json::from_str(r#"{"fax": "0123"}"#).unwrap();
    assert!(newer == Contact::Unknown);
    assert!(serde_json::from_str::<Contact>(r#"{"email": "a", "pin": "1"}"#).is_err(), "two members set");

    let account: Account = serde_json::from_str(r#"{"userName": "ann", "region": "r", "tier": "GOLD"}"#).unwrap();
    assert_eq!((account.user_name.as_str(), account.retries, account.tier), ("ann", 3, Some(Tier::Gold)));
}
