//! crate::order, the crate's one sort: the same orders as the standard library's stable sort.

use gradlab::order::{order_by, sorted_by};
use gradlab::rng::Rng;

#[test]
fn order_by_sorts_stably_like_the_standard_sort() {
    let mut rng = Rng::new(7);
    for len in [0, 1, 2, 17, 300] {
        // few distinct keys, so that ties (and stability) matter
        let keys: Vec<u32> = (0..len).map(|_| (rng.uniform() * 5.0) as u32).collect();
        let order = order_by(len, &|a, b| keys[a].cmp(&keys[b]));
        let mut expected: Vec<usize> = (0..len).collect();
        expected.sort_by_key(|&i| keys[i]);
        assert_eq!(order, expected, "keys {keys:?}");
    }
}

#[test]
fn sorted_by_rearranges_the_items_themselves() {
    let items = [(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
    let by_number = sorted_by(&items, &|x, y| x.0.cmp(&y.0));
    assert_eq!(by_number, vec![(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    let descending = sorted_by(&[2.5f64, -1.0, 7.0], &|x, y| y.total_cmp(x));
    assert_eq!(descending, vec![7.0, 2.5, -1.0]);
}
