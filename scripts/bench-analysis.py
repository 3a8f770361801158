#!/usr/bin/env python3
"""igraph and networkx on the measure graph that examples/measures.rs wrote.

    bench-analysis.py EDGES [--scores FILE] [--louvain-seeds K] [--only-betweenness]

EDGES: first line the node count, then `a b` per undirected edge. Prints
tab-separated lines like the example's, `step  ms  ms  runs  cpu_ms`: the
time of one call of igraph's betweenness() (one thread: igraph's C core does
not use more) and its CPU time; unless --only-betweenness, also igraph's
closeness(), then, with --scores, the largest difference between
linkchart's betweenness and closeness and igraph's, and networkx's
louvain_communities modularity for seeds 0..K-1
(`nx-louvain  seed  modularity  groups`).
"""
import argparse
import sys
import time

import igraph


def timed(label, f):
    cpu, t = time.process_time(), time.perf_counter()
    out = f()
    ms = (time.perf_counter() - t) * 1e3
    cpu = (time.process_time() - cpu) * 1e3
    print(f"{label}\t{ms:.3f}\t{ms:.3f}\t1\t{cpu:.0f}", flush=True)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("edges")
    p.add_argument("--scores")
    p.add_argument("--louvain-seeds", type=int, default=0)
    p.add_argument("--only-betweenness", action="store_true")
    a = p.parse_args()
    with open(a.edges) as f:
        n = int(f.readline())
        edges = [tuple(map(int, line.split())) for line in f]
    g = igraph.Graph(n=n, edges=edges, directed=False)
    b = timed("igraph betweenness (1 thread)", lambda: g.betweenness(directed=False))
    if a.only_betweenness:
        return
    c = timed("igraph closeness (1 thread)", lambda: g.closeness(normalized=True))
    if a.scores:
        ours = [list(map(float, line.split())) for line in open(a.scores)]
        # igraph's betweenness is raw, over unordered pairs; networkx's
        # normalized one divides by (n-1)(n-2)/2.
        scale = 2.0 / ((n - 1) * (n - 2))
        db = max(abs(o[0] - x * scale) for o, x in zip(ours, b))
        # igraph's closeness is over the reached nodes only (nan when none);
        # networkx's Wasserman-Faust one scales by the share reached.
        comp = g.connected_components().membership
        sizes = {}
        for m in comp:
            sizes[m] = sizes.get(m, 0) + 1
        dc = 0.0
        for v, (o, x) in enumerate(zip(ours, c)):
            r = sizes[comp[v]] - 1
            want = 0.0 if r == 0 else x * r / (n - 1)
            dc = max(dc, abs(o[1] - want))
        print(f"max |linkchart - igraph|\tbetweenness {db:.3g}\tcloseness {dc:.3g}")
    if a.louvain_seeds:
        import networkx as nx

        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(edges)
        for seed in range(a.louvain_seeds):
            parts = nx.community.louvain_communities(G, seed=seed)
            q = nx.community.modularity(G, parts)
            print(f"nx-louvain\t{seed}\t{q:.6f}\t{len(parts)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
