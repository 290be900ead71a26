//! The documented sort fields and directions, and the filters, of the list
//! operations.

use std::cmp::Ordering;

use wickr_admin_sdk::types::SortDirection;

use crate::error::ApiError;

/// A value an item is sorted by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SortValue {
    /// The item has no such value: it sorts before every other.
    Missing,
    Number(i64),
    Text(String),
}

impl SortValue {
    pub(crate) fn text(value: Option<&str>) -> Self {
        value.map_or(SortValue::Missing, |text| SortValue::Text(text.to_owned()))
    }

    /// An id: by its number when it is one, so "9" comes before "10".
    pub(crate) fn id(id: &str) -> Self {
        id.parse().map_or_else(|_| SortValue::Text(id.to_owned()), SortValue::Number)
    }
}

impl PartialOrd for SortValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortValue {
    fn cmp(&self, other: &Self) -> Ordering {
        use SortValue::*;
        match (self, other) {
            (Missing, Missing) => Ordering::Equal,
            (Missing, _) => Ordering::Less,
            (_, Missing) => Ordering::Greater,
            (Number(a), Number(b)) => a.cmp(b),
            (Number(_), Text(_)) => Ordering::Less,
            (Text(_), Number(_)) => Ordering::Greater,
            // Without case first, so "ann" and "Ann" sit together.
            (Text(a), Text(b)) => a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b)),
        }
    }
}

/// How a list operation sorts.
pub(crate) struct Sort<'a> {
    /// The fields, most significant first; ties go by id.
    fields: Vec<&'a str>,
    descending: bool,
}

impl<'a> Sort<'a> {
    /// Reads `sortFields` (several joined by `+`) and `sortDirection`
    /// (`DESC` when not given, as the reference says). Field names are
    /// matched without case; one that `accepted` lacks is a validation error
    /// listing the accepted ones. No fields sorts by `default`.
    pub(crate) fn new(
        fields: Option<&str>,
        direction: Option<&SortDirection>,
        accepted: &[&'a str],
        default: &'a str,
    ) -> Result<Self, ApiError> {
        let mut chosen = Vec::new();
        // `+` arrives as a space when a client leaves it unencoded in the query.
        for name in fields.unwrap_or_default().split(['+', ' ', ',']).filter(|name| !name.is_empty()) {
            match accepted.iter().find(|known| known.eq_ignore_ascii_case(name)) {
                Some(known) => chosen.push(*known),
                None => {
                    return Err(ApiError::invalid(
                        "sortFields",
                        format!("`{name}` is not a sort field here; the fields are {}", accepted.join(", ")),
                    ));
                }
            }
        }
        if chosen.is_empty() {
            chosen.push(default);
        }
        Ok(Sort { fields: chosen, descending: !matches!(direction, Some(SortDirection::Asc)) })
    }

    /// The ids of `items`, sorted; `value` gives an item's value for a field.
    pub(crate) fn ids<T>(&self, items: Vec<(String, T)>, value: impl Fn(&T, &str) -> SortValue) -> Vec<String> {
        let mut keyed: Vec<(Vec<SortValue>, SortValue, String)> = items
            .into_iter()
            .map(|(id, item)| {
                let values = self.fields.iter().map(|field| value(&item, field)).collect();
                (values, SortValue::id(&id), id)
            })
            .collect();
        keyed.sort_by(|a, b| {
            let order = a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1));
            if self.descending { order.reverse() } else { order }
        });
        keyed.into_iter().map(|(_, _, id)| id).collect()
    }
}

/// Whether `value` matches a text filter: no filter matches everything,
/// else the value must contain it, without regard to case.
pub(crate) fn matches(filter: Option<&str>, value: Option<&str>) -> bool {
    match filter.filter(|filter| !filter.is_empty()) {
        None => true,
        Some(filter) => value.is_some_and(|value| value.to_lowercase().contains(&filter.to_lowercase())),
    }
}
