//! Enums named in URLs and bindings: one macro gives each its `NAMES`, `ALL`, `name` and
//! `from_name`, so the name table is written once per enum.

/// An enum's URL names: `NAMES[i]` names `ALL[i]`, read back in any case by `from_name`.
macro_rules! named {
    ($t:ident: $($variant:ident = $name:literal),+ $(,)?) => {
        impl $t {
            /// Names used in URLs and by the bindings, in the order of `ALL`.
            pub const NAMES: &'static [&'static str] = &[$($name),+];
            pub const ALL: [$t; [$($name),+].len()] = [$($t::$variant),+];

            pub fn from_name(name: &str) -> Option<$t> {
                Self::NAMES.iter().position(|n| n.eq_ignore_ascii_case(name)).map(|i| Self::ALL[i])
            }
            pub fn name(self) -> &'static str {
                Self::NAMES[Self::ALL.iter().position(|&f| f == self).expect("every variant is listed")]
            }
        }
    };
}
pub(crate) use named;
