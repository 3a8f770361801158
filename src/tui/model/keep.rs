//! Keeping the analyst's place across a reload: pure functions that find
//! the old chart's actors, relations, claims and sources in the new one, and
//! say what changed.
//!
//! Actors and sources are found by id; a relation by its `from`, `to` and
//! `label` (the n-th relation with that key, when a dossier repeats one); a
//! claim by its text within the relation, else by its position there. What
//! is gone falls back to its nearest neighbour in the old order.

use rustc_hash::FxHashMap as HashMap;

use crate::filter::Filter;
use crate::graph::{ActorIx, Chart, RelIx};

/// Where each old actor, relation and source is in the new chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remap {
    pub actors: Vec<Option<ActorIx>>,
    pub rels: Vec<Option<RelIx>>,
    pub sources: Vec<Option<usize>>,
}

fn by_id<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut m = HashMap::default();
    for (i, id) in ids.enumerate() {
        m.entry(id).or_insert(i);
    }
    m
}

/// Finds the old chart's things in the new one.
pub fn remap(old: &Chart, new: &Chart) -> Remap {
    let (o, n) = (&old.dossier, &new.dossier);
    let actors = by_id(n.actors.iter().map(|a| a.id.as_str()));
    let sources = by_id(n.sources.iter().map(|s| s.id.as_str()));
    // Each key's first relation, and each relation's next with the same key
    // (a dossier read alone may repeat one): no allocation per relation.
    type Key<'a> = (&'a str, &'a str, &'a str);
    let mut first: HashMap<Key, RelIx> =
        HashMap::with_capacity_and_hasher(n.relations.len(), Default::default());
    let mut next = vec![usize::MAX; n.relations.len()];
    let mut last: HashMap<Key, RelIx> = HashMap::default();
    for (i, r) in n.relations.iter().enumerate() {
        let k = (r.from.as_str(), r.to.as_str(), r.label.as_str());
        match first.entry(k) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(f) => {
                // A repeat: chain it after the key's last one.
                let prev = last.get(&k).copied().unwrap_or(*f.get());
                next[prev] = i;
                last.insert(k, i);
            }
        }
    }
    // The n-th old relation with a key is the n-th new one: each new
    // relation is taken once, in order.
    let mut taken = vec![false; n.relations.len()];
    let rels = o
        .relations
        .iter()
        .map(|r| {
            let k = (r.from.as_str(), r.to.as_str(), r.label.as_str());
            let mut at = *first.get(&k)?;
            while taken[at] {
                at = next[at];
                if at == usize::MAX {
                    return None;
                }
            }
            taken[at] = true;
            Some(at)
        })
        .collect();
    Remap {
        actors: o
            .actors
            .iter()
            .map(|a| actors.get(a.id.as_str()).copied())
            .collect(),
        rels,
        sources: o
            .sources
            .iter()
            .map(|s| sources.get(s.id.as_str()).copied())
            .collect(),
    }
}

/// The new index of old item `old`, or, when it is gone, of its nearest
/// neighbour that remains (the next one, else the previous one); `None`
/// only when nothing of the old list remains.
pub fn nearest(map: &[Option<usize>], old: usize) -> Option<usize> {
    if let Some(Some(n)) = map.get(old) {
        return Some(*n);
    }
    let old = old.min(map.len());
    map[old..]
        .iter()
        .flatten()
        .next()
        .or_else(|| map[..old].iter().rev().flatten().next())
        .copied()
}

/// Claim `claim` of old relation `old_rel`, in new relation `new_rel`: the
/// claim with the same text, else the one at the same position (the last,
/// when the relation has fewer claims now).
pub fn claim_again(
    old: &Chart,
    old_rel: RelIx,
    claim: usize,
    new: &Chart,
    new_rel: RelIx,
) -> usize {
    let new_claims = &new.relation(new_rel).claims;
    let old_claims = &old.relation(old_rel).claims;
    let Some(text) = old_claims.get(claim).map(|c| &c.text) else {
        return claim.min(new_claims.len().saturating_sub(1));
    };
    // The same text, nearest to the old position when it repeats.
    new_claims
        .iter()
        .enumerate()
        .filter(|(_, c)| &c.text == text)
        .min_by_key(|(i, _)| i.abs_diff(claim))
        .map(|(i, _)| i)
        .unwrap_or_else(|| claim.min(new_claims.len().saturating_sub(1)))
}

/// The filter carried over: sources by id (a new source is selected when
/// every old one was, so a narrowed selection stays narrow); the other
/// settings as they were.
pub fn filter_again(old: &Filter, map: &Remap, new: &Chart) -> Filter {
    let all_on = old.sources.iter().all(|&b| b);
    let mut f = Filter {
        sources: vec![all_on; new.dossier.sources.len()],
        ..old.clone()
    };
    for (o, n) in map.sources.iter().enumerate() {
        if let (Some(n), Some(&on)) = (n, old.sources.get(o)) {
            f.sources[*n] = on;
        }
    }
    // A filter whose every selected source is gone would hide everything.
    if !f.sources.iter().any(|&b| b) {
        f.sources.iter_mut().for_each(|b| *b = true);
    }
    f
}

/// Added, removed and changed items of a list matched by `map`.
fn diff<T: PartialEq>(map: &[Option<usize>], old: &[T], new: &[T]) -> (usize, usize, usize) {
    let kept = map.iter().flatten().count();
    let changed = map
        .iter()
        .enumerate()
        .filter(|(i, m)| m.is_some_and(|m| new[m] != old[*i]))
        .count();
    (new.len() - kept, old.len() - kept, changed)
}

/// What changed, for the status bar: `+2 claims, 1 relation removed`, or
/// `no change`.
pub fn summary(old: &Chart, new: &Chart, map: &Remap) -> String {
    let (o, n) = (&old.dossier, &new.dossier);
    let kept = |m: &[Option<usize>]| m.iter().flatten().count();
    let (mut claims_added, mut claims_removed, mut claims_changed) = (0, 0, 0);
    let mut matched = vec![false; n.relations.len()];
    for (r, m) in map.rels.iter().enumerate() {
        let old_claims = &o.relations[r].claims;
        let Some(m) = *m else {
            claims_removed += old_claims.len();
            continue;
        };
        matched[m] = true;
        let new_claims = &n.relations[m].claims;
        let gone = old_claims
            .iter()
            .filter(|c| !new_claims.contains(c))
            .count();
        let came = new_claims
            .iter()
            .filter(|c| !old_claims.contains(c))
            .count();
        claims_changed += gone.min(came);
        claims_added += came - gone.min(came);
        claims_removed += gone - gone.min(came);
    }
    for (r, m) in matched.iter().enumerate() {
        if !m {
            claims_added += n.relations[r].claims.len();
        }
    }
    let mut parts = Vec::new();
    let mut counted = |added: usize, removed: usize, changed: usize, what: &str| {
        let s = |k: usize| if k == 1 { "" } else { "s" };
        if added > 0 {
            parts.push(format!("+{added} {what}{}", s(added)));
        }
        if changed > 0 {
            parts.push(format!("{changed} {what}{} changed", s(changed)));
        }
        if removed > 0 {
            parts.push(format!("{removed} {what}{} removed", s(removed)));
        }
    };
    counted(claims_added, claims_removed, claims_changed, "claim");
    let rels_kept = kept(&map.rels);
    counted(
        n.relations.len() - rels_kept,
        o.relations.len() - rels_kept,
        0,
        "relation",
    );
    let (added, removed, changed) = diff(&map.actors, &o.actors, &n.actors);
    counted(added, removed, changed, "actor");
    let (added, removed, changed) = diff(&map.sources, &o.sources, &n.sources);
    counted(added, removed, changed, "source");
    if parts.is_empty() {
        if o == n {
            "no change".into()
        } else {
            "details changed".into()
        }
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::{BUNDLED, load_str};

    fn bundled() -> Chart {
        Chart::new(load_str("t.ron", BUNDLED).expect("loads").dossier)
    }

    #[test]
    fn same_chart_maps_to_itself() {
        let (a, b) = (bundled(), bundled());
        let m = remap(&a, &b);
        assert!(m.actors.iter().enumerate().all(|(i, n)| *n == Some(i)));
        assert!(m.rels.iter().enumerate().all(|(i, n)| *n == Some(i)));
        assert!(m.sources.iter().enumerate().all(|(i, n)| *n == Some(i)));
        assert_eq!(summary(&a, &b, &m), "no change");
    }

    #[test]
    fn claim_moved_within_its_relation_is_found_by_text() {
        let old = bundled();
        let r = (0..old.dossier.relations.len())
            .find(|&r| old.relation(r).claims.len() >= 2)
            .expect("a relation with two claims");
        // Swap the first two claims of relation r by editing the dossier.
        let mut d = old.dossier.clone();
        d.relations[r].claims.swap(0, 1);
        let new = Chart::new(d);
        let m = remap(&old, &new);
        assert_eq!(m.rels[r], Some(r));
        assert_eq!(claim_again(&old, r, 0, &new, r), 1);
        assert_eq!(claim_again(&old, r, 1, &new, r), 0);
        // The same claims in another order.
        assert_eq!(summary(&old, &new, &m), "details changed");
        // A claim whose text changed stays at its position.
        let mut d = old.dossier.clone();
        d.relations[r].claims[1].text = "rewritten".into();
        let new = Chart::new(d);
        assert_eq!(claim_again(&old, r, 1, &new, r), 1);
        assert_eq!(summary(&old, &new, &remap(&old, &new)), "1 claim changed");
        // A removed last claim falls back to the new last one.
        let mut d = old.dossier.clone();
        let n = d.relations[r].claims.len();
        d.relations[r].claims.truncate(1);
        let new = Chart::new(d);
        assert_eq!(claim_again(&old, r, n - 1, &new, r), 0);
        let s = summary(&old, &new, &remap(&old, &new));
        assert_eq!(
            s,
            format!("{} claim{} removed", n - 1, if n == 2 { "" } else { "s" })
        );
    }

    #[test]
    fn relation_removed_falls_back_to_its_neighbour() {
        let old = bundled();
        let mut d = old.dossier.clone();
        let claims = d.relations[2].claims.len();
        d.relations.remove(2);
        let new = Chart::new(d);
        let m = remap(&old, &new);
        assert_eq!(m.rels[1], Some(1));
        assert_eq!(m.rels[2], None);
        assert_eq!(m.rels[3], Some(2));
        assert_eq!(nearest(&m.rels, 2), Some(2));
        assert_eq!(
            summary(&old, &new, &m),
            format!(
                "{claims} claim{} removed, 1 relation removed",
                if claims == 1 { "" } else { "s" }
            )
        );
        // The last one gone: the previous one.
        let last = old.dossier.relations.len() - 1;
        let mut d = old.dossier.clone();
        d.relations.pop();
        let new = Chart::new(d);
        let m = remap(&old, &new);
        assert_eq!(nearest(&m.rels, last), Some(last - 1));
        assert_eq!(nearest(&[None, None], 1), None);
    }

    #[test]
    fn repeated_relations_map_in_order() {
        let old = bundled();
        let mut d = old.dossier.clone();
        let dup = d.relations[0].clone();
        d.relations.push(dup.clone());
        let two = Chart::new(d.clone());
        d.relations.remove(0);
        let one = Chart::new(d);
        let m = remap(&two, &one);
        let last = two.dossier.relations.len() - 1;
        // The first of the pair maps to the one that remains; the second is gone.
        assert_eq!(m.rels[0], Some(one.dossier.relations.len() - 1));
        assert_eq!(m.rels[last], None);
    }

    #[test]
    fn source_filter_naming_a_removed_source() {
        let old = bundled();
        let ids: Vec<String> = old.dossier.sources.iter().map(|s| s.id.clone()).collect();
        // Only the first source selected.
        let mut f = Filter::all(&old);
        f.sources.iter_mut().for_each(|b| *b = false);
        f.sources[0] = true;
        f.min_credibility = Some(2);
        // The new chart drops source 0's claims and the source itself: the
        // filter would show nothing, so it opens up to every source.
        let mut d = old.dossier.clone();
        for r in &mut d.relations {
            for c in &mut r.claims {
                c.sources.retain(|s| *s != ids[0]);
                if c.sources.is_empty() {
                    c.sources.push(ids[1].clone());
                }
            }
        }
        d.sources.remove(0);
        let new = Chart::new(d);
        let m = remap(&old, &new);
        assert_eq!(m.sources[0], None);
        let g = filter_again(&f, &m, &new);
        assert!(g.sources.iter().all(|&b| b));
        assert_eq!(g.min_credibility, Some(2));
        // With source 1 selected too, only source 1 (now index 0) stays on.
        f.sources[1] = true;
        let g = filter_again(&f, &m, &new);
        assert_eq!(g.sources.iter().filter(|&&b| b).count(), 1);
        assert!(g.sources[0]);
        // A source added to an unfiltered chart is selected.
        let mut d = new.dossier.clone();
        let mut extra = d.sources[0].clone();
        extra.id = "brand-new".into();
        d.sources.push(extra);
        let newer = Chart::new(d);
        let g = filter_again(&Filter::all(&new), &remap(&new, &newer), &newer);
        assert!(g.sources.iter().all(|&b| b));
    }

    #[test]
    fn summary_counts_added_claims_and_actors() {
        let old = bundled();
        let mut d = old.dossier.clone();
        let c = d.relations[0].claims[0].clone();
        let mut c2 = c.clone();
        c2.text = "another".into();
        let mut c3 = c.clone();
        c3.text = "and another".into();
        d.relations[0].claims.extend([c2, c3]);
        let mut a = d.actors[0].clone();
        a.id = "NEW".into();
        d.actors.push(a);
        let new = Chart::new(d);
        assert_eq!(
            summary(&old, &new, &remap(&old, &new)),
            "+2 claims, +1 actor"
        );
    }
}
