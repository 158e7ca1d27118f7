//! The §4.7–4.10 view `#/summary` as a model (`lessons::summary`): sizes from a link, the shapes
//! of the flow diagram, and the mistake links that must reproduce what they claim.

use gradlab::config::{normalize_query, TRAIN_KEYS};
use gradlab::lessons::summary::{self, flow_steps, mistakes_in, SummaryLesson, CHECKLIST, MISTAKES};

#[test]
fn sizes_from_a_link_are_clamped() {
    // SUMMARY_KEYS: batch 1…60,000 (default 100), hidden 1…1000 (default 50).
    assert_eq!(SummaryLesson::from_query(""), SummaryLesson { batch: 100, hidden: 50 });
    assert_eq!(SummaryLesson::from_query("batch=0&hidden=5000&x=1"), SummaryLesson { batch: 1, hidden: 1000 });
    assert_eq!(SummaryLesson::from_query("batch=32").query(), "batch=32&hidden=50");
}

#[test]
fn the_flow_shows_each_array_with_the_chosen_sizes() {
    // Batch 32, hidden 50: x is (32, 784), W1 (784, 50), the loss a single number.
    let v = SummaryLesson::from_query("batch=32&hidden=50").shown();
    let shape = |key: &str, name: &str| {
        let step = v.steps.iter().find(|s| s.key == key).unwrap();
        step.arrays.iter().find(|a| a.name == name).unwrap().shape.clone()
    };
    assert_eq!(shape("sample", "x"), [32, 784]);
    assert_eq!(shape("init", "W1"), [784, 50]);
    assert_eq!(shape("gradient", "dW2 = z1ᵀ·dy"), [50, 10]);
    assert!(shape("loss", "L").is_empty());
    // 60,000 / 32 = 1875 updates per epoch (the book's training set).
    assert_eq!(v.iterations_per_epoch, 1875);
    assert_eq!(v.train_href, "#/train?subset=60000&batch=32&hidden=50", "the run trains on the 60,000 images the loop counts");
    // Steps 0…5 in order; every gradient has the shape of its parameter.
    let steps = flow_steps(7, 3);
    assert_eq!(steps.iter().map(|s| s.n).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
    let init = &steps[0].arrays;
    let update = &steps[5].arrays;
    assert!(init.iter().zip(update).all(|(p, u)| p.shape == u.shape && u.name.starts_with(p.name)));
}

#[test]
fn every_mistake_link_reaches_the_training_view_intact() {
    // Each setting of a mistake (and of its fix) must survive the training view's key table
    // unchanged, or the link would show something else than the card says.
    for m in MISTAKES {
        for settings in [m.bad, m.fix] {
            let query = format!("{settings}&{}", summary::MISTAKE_BASE);
            let canonical = normalize_query(&query, TRAIN_KEYS);
            for pair in query.split('&') {
                assert!(canonical.split('&').any(|c| c == pair), "{}: {pair} is lost in {canonical}", m.id);
            }
        }
        let links = m.links();
        assert!(links.bad_href.starts_with("#/train?") && links.fix_href.ends_with(summary::MISTAKE_BASE));
        assert!(!links.settings.contains('&'));
    }
}

#[test]
fn the_checklist_links_to_views_that_exist() {
    let routes = ["cycle", "loss", "gd1", "gd2", "lr", "minibatch", "backprop", "summary", "train", "draw"];
    assert_eq!(CHECKLIST.len(), 14);
    for (id, view) in CHECKLIST {
        assert!(routes.contains(view), "{id} → {view}");
    }
    let parts = summary::parts();
    assert_eq!(parts.checklist[0].href, "#/loss");
    assert_eq!(parts.mistakes.len(), MISTAKES.len());
}

#[test]
fn a_training_link_reproduces_the_mistakes_whose_settings_it_holds() {
    // Each mistake's own link (as the summary view writes it) reproduces it; its fix link none.
    for m in MISTAKES {
        let links = m.links();
        assert!(mistakes_in(&links.bad_href).contains(&m.id), "{}: {}", m.id, links.bad_href);
        assert_eq!(mistakes_in(&links.fix_href), Vec::<&str>::new(), "{}: {}", m.id, links.fix_href);
    }
    // The causes, from MISTAKES: what each bad link changes from its fix.
    let cause = |id: &str| MISTAKES.iter().find(|m| m.id == id).unwrap().cause().collect::<Vec<_>>();
    assert_eq!(cause("lr"), ["lr=10"]);
    assert_eq!(cause("shuffle"), ["sampler=sequential"]);
    assert_eq!(cause("delta"), ["delta=0", "init=large", "norm=0"]);
    // The training defaults (lr 0.1, sampler choice, norm 1, delta 1, bug none, init std) hold none.
    assert_eq!(mistakes_in(""), Vec::<&str>::new());
    // One setting is enough, written in any form the key table reads (lr=1e1 is lr=10).
    assert_eq!(mistakes_in("lr=1e1"), ["lr"]);
    assert_eq!(mistakes_in("sampler=sequential"), ["shuffle"]);
    assert_eq!(mistakes_in("norm=0"), ["norm", "delta"]);
    assert_eq!(mistakes_in("#/train?bug=no-batch-division&init=large"), ["delta", "init", "batchdiv"]);
    // Sorted data drawn at random is the shuffle mistake's fix, not the mistake.
    assert_eq!(mistakes_in("sorted=1&sampler=shuffle"), Vec::<&str>::new());
}
