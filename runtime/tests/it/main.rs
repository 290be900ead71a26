//! The runtime's integration tests, one binary (each costs a link): the
//! client over HTTP on 127.0.0.1 ([`client`], [`paginate`]), credential
//! sources ([`credentials`]), endpoint rule sets ([`endpoint_rules`]),
//! properties of the wire encodings ([`encoding_props`]), and the derives
//! generated code uses ([`macros`]).

mod client;
mod credentials;
mod encoding_props;
mod endpoint_rules;
mod macros;
mod paginate;
