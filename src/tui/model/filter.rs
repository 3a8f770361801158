//! Changing the filter, and everything that depends on it worked out again.

use std::sync::Arc;

use super::state::Model;
use crate::filter::Filter;

impl Model {
    /// Replaces the filter and recomputes everything that depends on it.
    pub fn set_filter(&mut self, filter: Filter) {
        let old = std::mem::replace(&mut self.filter, filter);
        self.apply_filter(&old);
    }

    fn apply_filter(&mut self, old: &Filter) {
        Arc::make_mut(&mut self.counts).update(&self.chart, old, &self.filter);
        // Searches under the old filter stop; the new one is measured.
        self.refresh_analysis();
        let rel = self.selected_relation().map(|i| i.rel);
        let claim = self.selected_claim().map(|(_, c)| c);
        let (rel_sel, focus, gone) = (self.rel.sel, self.focus, self.selected_gone());
        self.refresh_relations(rel);
        if rel.is_some() && self.selected_relation().map(|i| i.rel) == rel {
            self.refresh_claims(claim);
        } else if let Some(k) = gone
            && self.select_gone(k)
        {
            // A removed relation: the filter does not hide it.
        } else {
            // The selected relation disappeared: stay near where it was.
            self.rel.sel = rel_sel.min(self.rel_rows().saturating_sub(1));
            self.refresh_claims(None);
        }
        self.focus = focus;
        if let Some(p) = &self.path {
            // Paths use only visible relations: find them again.
            let (from, to, directed, longer) = (p.from, p.to, p.directed, p.longer);
            self.show_path(from, to, directed, longer);
            self.focus = focus;
        }
        self.refresh_timeline();
        self.requery();
    }
}
