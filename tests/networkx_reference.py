#!/usr/bin/env python3
"""Reference values for tests/analysis.rs, computed by networkx itself.

    networkx_reference.py FULL.json SHOWN.json [LOUVAIN_SEEDS]

FULL.json is `linkchart export --format json` of a chart (every actor);
SHOWN.json the same export under the filters being tested (the relations
with a visible claim). The graph is the one the issue defines, built here
from the exports, independently of linkchart's code: every actor a node,
one undirected edge per pair of actors with a shown relation, self-relations
left out. Prints JSON: the actors in chart order, the edges, each measure as
networkx computes it with its defaults (eigenvector null when its power
iteration does not converge), and the modularity of louvain_communities
for seeds 0..LOUVAIN_SEEDS-1 (default 10).
"""
import json
import sys

import networkx as nx


def main():
    full = json.load(open(sys.argv[1]))
    shown = json.load(open(sys.argv[2]))
    seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    ids = [a["id"] for a in full["actors"]]
    G = nx.Graph()
    G.add_nodes_from(ids)
    for r in shown["relations"]:
        if r["from"] != r["to"]:
            G.add_edge(r["from"], r["to"])
    try:
        eig = nx.eigenvector_centrality(G)
        eigenvector = [eig[i] for i in ids]
    except nx.PowerIterationFailedConvergence:
        eigenvector = None
    measures = {
        "degree": nx.degree_centrality(G),
        "betweenness": nx.betweenness_centrality(G),
        "closeness": nx.closeness_centrality(G),
        "pagerank": nx.pagerank(G),
    }
    out = {name: [m[i] for i in ids] for name, m in measures.items()}
    out["eigenvector"] = eigenvector
    out["actors"] = ids
    out["edges"] = sorted(sorted([ids.index(a), ids.index(b)]) for a, b in G.edges())
    out["louvain"] = (
        [nx.community.modularity(G, nx.community.louvain_communities(G, seed=s)) for s in range(seeds)]
        if G.number_of_edges()
        else []
    )
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
