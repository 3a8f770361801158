//! Betweenness and closeness on a thread of their own, for the explorer:
//! the caller is told every `tick` while the searches run (to draw their
//! progress) and once with the scores; a cancelled computation says
//! nothing more.

use std::sync::Arc;
use std::time::Duration;

use super::centrality::{Control, Paths, shortest_paths};
use super::graph::MeasureGraph;

/// Runs [`shortest_paths`] on `graph` on a new thread: `notify(None)` every
/// `tick` while it runs, then `notify(Some(paths))` when it is done, unless
/// `control` was cancelled first.
pub fn spawn(
    graph: Arc<MeasureGraph>,
    control: Arc<Control>,
    tick: Duration,
    notify: impl Fn(Option<Paths>) + Send + Sync + 'static,
) {
    std::thread::spawn(move || {
        let result = std::thread::scope(|s| {
            let work = s.spawn(|| shortest_paths(&graph, &control));
            while !work.is_finished() {
                std::thread::park_timeout(tick);
                if !work.is_finished() && !control.is_cancelled() {
                    notify(None);
                }
            }
            work.join().ok().flatten()
        });
        if let Some(paths) = result
            && !control.is_cancelled()
        {
            notify(Some(paths));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn done_once_with_the_scores() {
        let g = Arc::new(MeasureGraph::from_edges(3, [(0, 1), (1, 2)]));
        let (tx, rx) = mpsc::channel();
        spawn(
            Arc::clone(&g),
            Arc::new(Control::new()),
            Duration::from_millis(5),
            move |p| {
                let _ = tx.send(p);
            },
        );
        let done = rx.iter().find_map(|p| p).expect("the scores");
        assert_eq!(done.betweenness, [0.0, 1.0, 0.0]);
    }

    #[test]
    fn cancelled_says_nothing() {
        let g = Arc::new(MeasureGraph::from_edges(
            2000,
            (0..1999).map(|i| (i, i + 1)),
        ));
        let control = Arc::new(Control::new());
        control.cancel();
        let (tx, rx) = mpsc::channel();
        spawn(g, control, Duration::from_millis(1), move |p| {
            let _ = tx.send(p.is_some());
        });
        // The thread ends without a result: the channel closes.
        assert!(rx.iter().all(|done| !done));
    }
}
