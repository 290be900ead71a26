//! Documentation text, one concern per module:
//!
//! - [`html`]: model documentation (CommonMark, or the HTML AWS models carry)
//!   as CommonMark, which is what the IR holds;
//! - [`rustdoc`]: CommonMark made safe for `cargo doc -D warnings`, as
//!   `#[doc]` attributes;
//! - [`prose`]: the small text helpers both use, and the emitters too: the
//!   first sentence or paragraph, code spans, HTML void elements.

pub mod html;
pub mod prose;
pub mod rustdoc;
