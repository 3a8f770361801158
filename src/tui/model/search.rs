//! Find's queries: run at once (headless, tests) or by the background
//! searcher (in the terminal), and run again when the filter or the chart
//! changes under an open find.

use std::sync::Arc;

use super::cursor::Cursor;
use super::live::{SearchDone, SearchDoneFn};
use super::overlay::{FIND_LIMIT, Overlay};
use super::state::Model;
use crate::search::{Hit, SearchRequest, Searcher};

impl Model {
    /// Reruns the open find or pick query (after typing or a filter change):
    /// by asking the background searcher when there is one.
    pub fn requery(&mut self) {
        self.run_query(self.searcher.is_none());
    }

    /// Runs the open query: `at_once` here, otherwise in the background.
    pub fn run_query(&mut self, at_once: bool) {
        let actors_only = matches!(self.overlay, Overlay::Pick(_));
        let (Overlay::Find(f) | Overlay::Pick(f)) = &mut self.overlay else {
            return;
        };
        if !at_once
            && let Some(searcher) = &self.searcher
            && !f.query.trim().is_empty()
        {
            self.search_generation += 1;
            f.pending = true;
            searcher.request(SearchRequest {
                generation: self.search_generation,
                query: f.query.clone(),
                actors_only,
                filter: self.filter.clone(),
                counts: Arc::clone(&self.counts),
                limit: FIND_LIMIT,
            });
            return;
        }
        f.hits = if actors_only {
            self.search.search_actors(&f.query, FIND_LIMIT)
        } else {
            self.search.search(
                &self.chart,
                &self.filter,
                &self.counts,
                &f.query,
                FIND_LIMIT,
            )
        };
        f.pending = false;
        f.cur = Cursor::default();
    }

    /// Starts the background searcher; `done` must hand its results back
    /// through [`Model::search_done`].
    pub fn search_in_background(&mut self, done: impl Fn(u64, Vec<Hit>) + Send + Sync + 'static) {
        let done: SearchDone = Arc::new(done);
        self.live.search_done = Some(SearchDoneFn(Arc::clone(&done)));
        self.searcher = Some(Searcher::spawn(
            self.search.clone(),
            Arc::clone(&self.chart),
            move |g, h| done(g, h),
        ));
    }

    /// Takes the results of a background query: false for those of a stale
    /// one, which are dropped.
    pub fn take_hits(&mut self, generation: u64, hits: Vec<Hit>) -> bool {
        if generation != self.search_generation {
            return false;
        }
        if let Overlay::Find(f) | Overlay::Pick(f) = &mut self.overlay {
            f.hits = hits;
            f.pending = false;
            f.cur = Cursor::default();
        }
        true
    }
}
