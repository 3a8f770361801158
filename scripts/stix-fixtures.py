#!/usr/bin/env python3
"""Writes the STIX test bundles under tests/data/stix/ with the `stix2` library.

The bundles are our own, made up for the tests: a small threat report with
threat actors, an intrusion set, malware, tools, a victim, a country, the
identities that created them, two reports, relationships (two of them with
the same ends and type, from different creators), notes, opinions and a
sighting; and the same kind of thing in the STIX 2.0 shape. Ids and times are
fixed, so running the script again gives the same bytes.

    python3 -m venv target/stix-venv
    target/stix-venv/bin/pip install stix2 stix2-validator
    target/stix-venv/bin/python scripts/stix-fixtures.py
"""

import json
import pathlib
import uuid

import stix2
import stix2.v20

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "stix"
NS = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")  # RFC 4122 URL namespace
T0 = "2024-02-01T09:00:00.000Z"


def sid(ty, name):
    """A fixed id for the fixture object `name` (v4-shaped, so the validator is quiet)."""
    u = uuid.uuid5(NS, "linkchart-fixture:" + name)
    b = bytearray(u.bytes)
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    return f"{ty}--{uuid.UUID(bytes=bytes(b))}"


def v21():
    northwind = stix2.Identity(
        id=sid("identity", "northwind"), created=T0, modified=T0,
        name="Northwind Threat Research", identity_class="organization",
        description="A made-up research team that wrote this report.",
    )
    jane = stix2.Identity(
        id=sid("identity", "jane"), created=T0, modified=T0,
        name="Jane Analyst", identity_class="individual",
    )
    kestrel = stix2.ThreatActor(
        id=sid("threat-actor", "kestrel"), created=T0, modified=T0,
        created_by_ref=northwind.id, name="Kestrel Panda",
        aliases=["KP-17", "Kestrel Panda"], threat_actor_types=["nation-state"],
        description="A made-up espionage group.",
    )
    owl = stix2.ThreatActor(
        id=sid("threat-actor", "owl"), created=T0, modified=T0,
        created_by_ref=northwind.id, name="Ugly Owl",
        threat_actor_types=["criminal"], description="An operator's handle.",
    )
    harrier = stix2.IntrusionSet(
        id=sid("intrusion-set", "harrier"), created=T0, modified=T0,
        created_by_ref=northwind.id, name="Harrier", aliases=["TEMP.Harrier"],
    )
    loader = stix2.Malware(
        id=sid("malware", "loader"), created=T0, modified=T0,
        created_by_ref=northwind.id, name="QuietLoader", is_family=True,
        malware_types=["backdoor"],
    )
    tunnel = stix2.Tool(
        id=sid("tool", "tunnel"), created=T0, modified=T0,
        created_by_ref=northwind.id, name="SockTunnel", tool_types=["remote-access"],
    )
    acme = stix2.Identity(
        id=sid("identity", "acme"), created=T0, modified=T0,
        name="Acme Shipping", identity_class="organization", sectors=["transportation"],
    )
    nl = stix2.Location(
        id=sid("location", "nl"), created=T0, modified=T0, country="NL",
        name="Netherlands",
    )

    def rel(name, src, ty, dst, by, **kw):
        return stix2.Relationship(
            id=sid("relationship", name), created=kw.pop("created", T0),
            modified=kw.pop("modified", T0), source_ref=src.id,
            relationship_type=ty, target_ref=dst.id, created_by_ref=by.id, **kw,
        )

    uses_loader = rel("uses-loader", kestrel, "uses", loader, northwind,
                      description="Kestrel Panda deploys QuietLoader after the first foothold.",
                      start_time="2023-05-01T00:00:00Z", confidence=85)
    uses_loader_jane = rel("uses-loader-jane", kestrel, "uses", loader, jane,
                           created="2024-02-03T10:00:00.000Z",
                           modified="2024-02-03T10:00:00.000Z", confidence=50)
    uses_tunnel = rel("uses-tunnel", kestrel, "uses", tunnel, northwind)
    targets = rel("targets-acme", kestrel, "targets", acme, northwind, confidence=70,
                  description="Kestrel Panda targeted Acme Shipping's customs systems.")
    owl_member = rel("owl-member", owl, "attributed-to", kestrel, northwind, confidence=30)
    harrier_tool = rel("harrier-uses", harrier, "uses", tunnel, northwind)
    located = rel("acme-located", acme, "located-at", nl, northwind)

    note = stix2.Note(
        id=sid("note", "note-loader"), created="2024-02-02T00:00:00.000Z",
        modified="2024-02-02T00:00:00.000Z", created_by_ref=jane.id,
        abstract="Loader seen again", authors=["Jane Analyst"],
        content="QuietLoader turned up again in a second intrusion at the same victim.",
        object_refs=[uses_loader.id], confidence=90,
    )
    note_actor = stix2.Note(
        id=sid("note", "note-actor"), created=T0, modified=T0,
        content="A note about an actor, not a relationship.", object_refs=[kestrel.id],
    )
    agree = stix2.Opinion(
        id=sid("opinion", "agree"), created="2024-02-04T00:00:00.000Z",
        modified="2024-02-04T00:00:00.000Z", created_by_ref=jane.id,
        opinion="agree", object_refs=[targets.id],
    )
    doubt = stix2.Opinion(
        id=sid("opinion", "doubt"), created="2024-02-05T00:00:00.000Z",
        modified="2024-02-05T00:00:00.000Z", authors=["An anonymous reviewer"],
        opinion="strongly-disagree", explanation="Ugly Owl works for whoever pays.",
        object_refs=[owl_member.id],
    )
    sighting = stix2.Sighting(
        id=sid("sighting", "seen"), created=T0, modified=T0, created_by_ref=northwind.id,
        sighting_of_ref=loader.id, where_sighted_refs=[acme.id], count=3,
        first_seen="2023-06-10T00:00:00Z", last_seen="2023-07-01T00:00:00Z",
    )
    report = stix2.Report(
        id=sid("report", "kestrel-report"), created=T0, modified=T0,
        created_by_ref=northwind.id, name="Kestrel Panda: customs espionage",
        published="2024-02-01T00:00:00Z", report_types=["threat-actor"],
        description="A made-up report on a made-up group.",
        object_refs=[kestrel.id, loader.id, tunnel.id, acme.id, uses_loader.id,
                     uses_tunnel.id, targets.id, sighting.id],
        external_references=[{"source_name": "Northwind",
                              "url": "https://example.org/kestrel-panda"}],
    )
    report2 = stix2.Report(
        id=sid("report", "owl-report"), created=T0, modified=T0,
        name="Who is Ugly Owl?", published="2024-03-01T00:00:00Z",
        object_refs=[owl.id, owl_member.id],
    )
    return stix2.Bundle(
        northwind, jane, kestrel, owl, harrier, loader, tunnel, acme, nl,
        uses_loader, uses_loader_jane, uses_tunnel, targets, owl_member, harrier_tool,
        located, note, note_actor, agree, doubt, sighting, report, report2,
        id=sid("bundle", "v21"),
    )


def v20():
    who = stix2.v20.Identity(
        id=sid("identity", "v20-who"), created=T0, modified=T0,
        name="Eastlake Labs", identity_class="organization",
    )
    actor = stix2.v20.ThreatActor(
        id=sid("threat-actor", "v20-actor"), created=T0, modified=T0,
        created_by_ref=who.id, name="Grey Heron", labels=["spy"],
        aliases=["Heron Team"],
    )
    mal = stix2.v20.Malware(
        id=sid("malware", "v20-mal"), created=T0, modified=T0,
        created_by_ref=who.id, name="HeronRAT", labels=["remote-access-trojan"],
    )
    uses = stix2.v20.Relationship(
        id=sid("relationship", "v20-uses"), created=T0, modified=T0,
        created_by_ref=who.id, source_ref=actor.id, relationship_type="uses",
        target_ref=mal.id,
    )
    report = stix2.v20.Report(
        id=sid("report", "v20-report"), created=T0, modified=T0,
        created_by_ref=who.id, name="Grey Heron and its RAT",
        published="2019-05-01T00:00:00Z", labels=["threat-report"],
        object_refs=[actor.id, mal.id, uses.id],
    )
    return stix2.v20.Bundle(who, actor, mal, uses, report, id=sid("bundle", "v20"))


def write(name, bundle):
    OUT.mkdir(parents=True, exist_ok=True)
    data = json.loads(bundle.serialize())
    (OUT / name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {OUT / name}")


if __name__ == "__main__":
    write("made-with-stix2.json", v21())
    write("made-with-stix2-v20.json", v20())
