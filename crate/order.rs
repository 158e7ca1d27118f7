//! Orders of indices: the crate's one sort.
//!
//! The standard library's sort compiles a whole copy of itself (about 3–5 KB of wasm) for every
//! distinct comparison; each call site sorting with its own closure added one. Behind `&dyn Fn`
//! every comparison is the same type, so the wasm holds a single copy.

use std::cmp::Ordering;

/// The indices `0..len` sorted by `cmp`, stably: indices that compare equal keep their order.
pub fn order_by(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// `items` rearranged stably by `cmp`.
pub fn sorted_by<T: Copy>(items: &[T], cmp: &dyn Fn(&T, &T) -> Ordering) -> Vec<T> {
    order_by(items.len(), &|a, b| cmp(&items[a], &items[b])).into_iter().map(|i| items[i]).collect()
}
