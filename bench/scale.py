"""Scale of ``sitrep batch``: wall time, documents per second and peak memory
of the whole process tree, per corpus size and engine configuration.

    .venv/bin/python bench/scale.py [DIR] [--sizes 1000,10000,100000] [--configs local1,local2,spark]
                                    [--words 60] [--seed 1] [--keep OUT] [--master local[2]] [--timeout S]

DIR (optional) is the folder for the generated corpora: a corpus already
generated there for the same size, seed and words is reused, so repeated
runs do not regenerate it. Without DIR the corpora go to ``--keep``'s
folder (``OUT/corpora``) or to a temporary folder removed at the end.

Generated corpus (deterministic from ``--seed``; all names fictional except
a few real cities and countries used as meeting venues and mediators):
English news-like short reports in JSON Lines files of at most 10,000
records (``text``, ``title``, ``outlet``, ``published``, ``url``). Reports
come in stories of 5-40 reports (a topic: a country, an armed group, its
opponent, a town, an event type, a true count and an event date; story
dates spread over two years). Each original report has a dateline, a lead
with the actor, an event verb (crossed into, seized, shelled, arrested,
withdrew from, clashed with, met ...), the place, a hedged count ("nearly
200 fighters", "at least 30 people"), a date expression ("on Sunday",
"late on March 3") and an attribution, then 1-4 more sentences (a quote of
a fictional spokesperson, casualties according to a ministry, a denial,
context, talks in a real city); sources disagree on the count or the date
now and then, so the events stage finds discrepancies. About 30 % of the
reports are copies of another report of the same story under another
outlet and url: a quarter with the identical body (deduplicated at
ingest), the rest lightly edited (lineage links). About 1 % are exact
repeats of an earlier record.

For each size (smallest first) and each configuration (``local1``: local
engine, 1 worker; ``local2``: 2 workers; ``spark``: ``--engine spark
--master local[2]``; ``localN`` for any N), ``sitrep batch CORPUS --out
RUN -q`` runs in a fresh process (the ``sitrep`` next to this Python).
Measured:

* wall seconds, end to end (process start to exit, Spark start-up
  included), and documents/second = records in the corpus / wall seconds;
* peak memory of the process tree (the CLI, its forked pool workers, the
  JVM and Spark's Python workers): every 0.25 s /proc is walked for the
  descendants of the CLI and their PSS (``/proc/PID/smaps_rollup``; RSS from
  ``/proc/PID/status`` when unreadable) is summed; the peak is the largest
  sum, in MB (10^6 bytes);
* CPU seconds of the process tree: the larger of the ``RUSAGE_CHILDREN``
  delta (every process that was reaped; the CLI does not reap the JVM and
  Spark's Python workers) and the sum over the tree's processes of the
  last utime + stime sampled from ``/proc/PID/stat`` (misses at most the
  last 0.25 s of each process);
* the report's counts from ``RUN/report.json``: documents (the records
  left after deduplication), lineage links, stories, events, discrepancies;
* whether ``report.json`` is byte-identical (sha256) to the first
  configuration's at the same size.

Each row is printed as soon as it is measured; then a Markdown table of all
runs and one of growth factors between consecutive sizes (time and memory
ratios, and the same ratios scaled to a 10x step). Prints numbers and
asserts nothing: exit 0, 1 when some reports differ, 2 when a run failed
(crashed or timed out).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

GENERATOR_VERSION = "1"
FILE_RECORDS = 10_000

# ---------------------------------------------------------------- generator
#
# Templates: ``{slot}`` is filled from the story, ``[a|b|c]`` picks one
# alternative at random (``[|x]``: sometimes nothing). The many choice points
# and the story's own names in every sentence keep reports of different
# stories from sharing long word runs (which lineage would take for copying);
# reports of one story share names, not sentences.

COUNTRIES = [  # name, adjective, capital
    ("Caldoria", "Caldorian", "Veskar"), ("Merevia", "Merevian", "Doranth"), ("Tasgaria", "Tasgari", "Ulmek"),
    ("Ulvenia", "Ulvenian", "Port Sarine"), ("Drassenland", "Drasseni", "Halvik"),
    ("Korvath", "Korvathi", "Ennisar"), ("Ostrelia", "Ostrelian", "Mardova"), ("Sabrath", "Sabrathi", "Qelmun"),
    ("Vantiria", "Vantirian", "Lorsk"), ("Emberra", "Emberran", "Tessalon"),
]
#: real places, used sparingly: venues of talks and mediators
VENUES = ["Geneva", "Vienna", "Nairobi", "Istanbul", "Doha", "Oslo"]
MEDIATORS = ["Norway", "Qatar", "Switzerland", "Kenya", "Turkey"]

SYL_A = ("ka ve mor dra tal sen ush bar kel ost vin rad zam lo ner ith gar pol hes dun mir tev yas bel kor "
         "sar ul fen qas tor ren ash lin gol ev").split()
SYL_B = "dan mek ros vash tar lin kov zar nis dor bel hal rik sun vor mar tesh bor ran gis ell oth".split()
TOWN_SUFFIX = ["", "", "", "", "a", "ek", "ovo", "abad", "grad", "ia", "ar", "in"]
SURNAME_SUFFIX = ["", "", "ic", "ov", "escu", "an", "i", "el", "er"]
FIRST_NAMES = ("Anel Dorin Mirela Tomas Ilsa Radek Soren Yara Kemal Lior Nadia Bastien Oriel Samir Vesna Teodor "
               "Halim Rina Joran Leyla Casimir Ines Farid Marta Elian Zora Tamsin Idris Petra Nikos").split()
GROUP_KINDS = ["Brigade", "Liberation Front", "Defence Corps", "Movement", "Hawks", "Popular Army",
               "Revolutionary Guard", "Legion", "Resistance Council", "Salvation Front"]
MONITORS = ["Observatory for Human Rights", "Conflict Monitor", "Civil Defence", "Red Crescent branch"]
AGENCIES = [("Northgate Press Agency", "NPA"), ("Coastline News Agency", "CNA"), ("Meridel Press Agency", "MLA"),
            ("Orient Wire Service", "OWS")]
PAPER_KINDS = ["Herald", "Tribune", "Post", "Times", "Daily", "Observer", "Star", "Chronicle", "Gazette",
               "Courier", "Dispatch", "Ledger", "Monitor", "Review"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MONTH_ABBR = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]
DIRECTIONS = ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"]

#: event type -> (lead templates, title verb, nouns for what is counted, typical count)
EVENTS = {
    "movement": (["{S} [crossed into|entered|slipped into|moved into] {country2} [along|via|through] "
                  "[a dirt track|the {landmark} crossing|a mountain road|back roads near {town}] {when}, {attr}.",
                  "{S} [crossed|moved across] the border [into|with] {country2} [near|close to|north of] {town} "
                  "{when}[| in small convoys| at night], {attr}."],
                 "cross into {country2}", ["fighters", "militiamen", "gunmen"], 300),
    "capture": (["{S} [seized|captured|took control of|overran|stormed] {town}[| and the nearby {landmark} "
                 "[bridge|hill|airbase|depot]] {when}, {attr}."],
                "seize {town}", ["fighters", "troops", "militiamen"], 300),
    "shelling": (["{G} [shelled|pounded|bombarded] {town}[| with artillery| with rockets and mortars] {when}, "
                  "[firing|launching] {C} [at|into] [the town|residential areas|the {landmark} district], {attr}."],
                 "shell {town}", ["shells", "rockets"], 80),
    "airstrike": (["[Warplanes|Drones|Jets] [of|flown by|belonging to] {G} [struck|hit|bombed] {town} {when} in {C} "
                   "[on|against] [the {landmark} district|positions of {enemy}|the market area], {attr}."],
                  "bomb {town}", ["air strikes", "raids"], 25),
    "arrest": (["{G} [arrested|detained] {C} in {town} {when}[| during [raids|house searches|a sweep] [in|of] "
                "the {landmark} district], {attr}."],
               "arrest dozens in {town}", ["people", "activists", "suspects", "protesters"], 60),
    "withdrawal": (["{S} [withdrew from|pulled out of|retreated from] {town} {when}[| after [days|a week|two days] "
                    "of [fighting|heavy fighting|clashes]], {attr}."],
                   "withdraw from {town}", ["troops", "fighters", "soldiers"], 300),
    "clash": (["{S} [clashed with|attacked|fought] {enemy} [near|on the outskirts of|around|south of|north of] "
               "{town} {when}, {attr}."],
              "clash with {enemy_short} near {town}", ["fighters", "troops", "gunmen"], 300),
    # no time phrase hanging on an event noun alone ("the first meeting since 2011"): sitrep's event
    # extraction recurses without end on it (events/mentions.py: noun_has_detail <-> _governor)
    "meeting": (["[Envoys|Delegates|Representatives] of {G} [met|held talks with] [envoys|representatives|officials] "
                 "of {enemy} in {venue} {when}, {attr}[|, in the first [talks|meeting] [for months|in a year]]."],
                "meet {enemy_short} envoys in {venue}", ["delegates", "officials"], 12),
}
HEDGES = ["nearly {n}", "at least {n}", "about {n}", "more than {n}", "up to {n}", "some {n}", "around {n}",
          "roughly {n}", "as many as {n}", "fewer than {n}", "close to {n}", "an estimated {n}", "{n}"]
ATTRIBUTIONS = [
    "[security sources|military sources|two {adj} [security|army] officers|witnesses|residents|local officials|medics] "
    "[said|told {outlet}|reported]",
    "according to [the {adj} [interior|defence] ministry|the {monitor}|{official_title} {official}]",
    "{official_title} {official} [said|told reporters|said in a statement]",
    "[a spokesperson for the {group}|{spokesman} of the {group}] [said|claimed|told {outlet}]"]
QUOTES = ["{town} [is|remains] [in our hands|under our control]",
          "[Our fighters|Our men|Our units] [hold|control] [every|each] [street|road] [of|in] {town}",
          "The {enemy_short} [ran|fled] [from {town}|before dawn][| and left their weapons]",
          "We [will|shall] [answer|respond to] [any|every] attack on {town}",
          "[Nothing|No one] will [force|drive] us [out of|from] {town}",
          "[This|The] operation in {town} [went as planned|is over|achieved its goals]",
          "[What happened|The fighting] in {town} [proves|shows] [that|] {enemy_short} cannot [win|hold on]"]
EXTRAS = {
    "quote": ["\"{Q},\" [said {spokesman}, [a spokesperson|the spokesperson] for the {group}|{spokesman} "
              "[told|said to] [reporters|{outlet}] in {city}|{spokesman}, who speaks for the {group}, said]."],
    "casualties": ["[At least|Nearly|About|More than] {k} [people|civilians|fighters] were [killed|killed and {k2} "
                   "wounded|wounded] [in {town}|in the [fighting|attack|clashes]][| on {wd}], according to [the {adj} "
                   "health ministry|the {monitor}|hospital staff in {city}|{official}].",
                   "[Medics|Doctors|Hospital officials] in {town} said {k} [people|civilians] [had died|were killed|"
                   "died of their wounds][| by {wd} evening]."],
    "denial": ["{Enemy} [denied|rejected] [the reports|the claims|that account], [saying|insisting] [its forces|its "
               "units|its men] [still held|remained in|had not left] [positions around {town}|the {landmark} "
               "district|{town}].",
               "{official}, [the {adj} interior minister|a senior {adj} official|a government spokesperson], "
               "[denied|rejected] the [reports|claims] [as propaganda|as fabrications|outright]."],
    "context": ["{town}, [a town|a market town|a district centre] of [about|some|roughly] {pop} people, [lies|sits] "
                "{dist} [km|kilometres] {dir} of {capital}.",
                "The {group} [has fought|has battled] {enemy} [since|on and off since] {year}[|, when a truce "
                "[collapsed|broke down]].",
                "[Fighting|Violence|Unrest] [around|near] {town} has [displaced|uprooted|forced out] [some|about|more "
                "than] {pop2} people [since {year}|this year|in recent months].",
                "The {landmark} [bridge|road|crossing] [links|connects] {town} [to|with] {capital}[| and the border "
                "with {country2}]."],
    "meeting": ["{adj} and {adj2} [officials|ministers|diplomats] [met|were due to meet] in {venue} on {wd2} "
                "[to discuss|for talks on] [the [crisis|fighting|conflict]|a [ceasefire|truce]][|, with {mediator} "
                "[mediating|hosting]]."],
}
EDITS = [("said", "told reporters"), ("nearly", "almost"), ("about", "around"), ("seized", "captured"),
         ("according to", "citing"), ("fighters", "gunmen"), ("town", "city"), ("on the outskirts of", "near"),
         ("at least", "no fewer than"), ("people", "persons")]
ALT = re.compile(r"\[([^\[\]]*)\]")


@dataclass
class Story:
    sid: int
    country: tuple
    country2: tuple
    group: str
    enemy: str
    town: str
    landmark: str
    event: str
    noun: str
    count: int
    day: date
    venue: str
    spokesman: str
    official: str
    official_title: str
    monitor: str
    year: int


class Generator:
    """Deterministic news-like reports; see the module docstring."""

    def __init__(self, seed: int = 1, words: int = 60):
        self.rng = random.Random(seed)
        self.words = max(20, words)
        self.used: set[str] = set()
        self.outlets = [f"The {self.name()} {self.rng.choice(PAPER_KINDS)}" for _ in range(160)]
        self.start = date(2023, 1, 1)
        self.serial = 0
        self.story_of: dict[str, int] = {}  # url -> story (for checking what the pipeline found)

    # names
    def name(self, suffixes: list[str] = TOWN_SUFFIX) -> str:
        """A new made-up name: two syllables and a suffix, three syllables
        once two-syllable names run short."""
        rng = self.rng
        for attempt in range(200):
            parts = 1 if attempt < 40 else 2
            w = "".join(rng.choice(SYL_A) for _ in range(parts)) + rng.choice(SYL_B) + rng.choice(suffixes)
            w = w.capitalize()
            if w not in self.used and len(w) >= 5:
                self.used.add(w)
                return w
        return w

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.name(SURNAME_SUFFIX)}"

    def story(self, sid: int) -> Story:
        rng = self.rng
        c = rng.choice(COUNTRIES)
        c2 = rng.choice([x for x in COUNTRIES if x is not c])
        event = rng.choice(list(EVENTS))
        enemy = rng.choice([f"the {c[1]} army", f"{c[1]} government forces",
                            f"the {self.name(['', 'i', 'a'])} {rng.choice(GROUP_KINDS)}"])
        base = EVENTS[event][3]
        group = f"{self.name(['', '', 'i', 'a'])} {rng.choice(GROUP_KINDS)}"
        return Story(sid=sid, country=c, country2=c2, group=group,
                     enemy=enemy, town=self.name(), landmark=self.name(), event=event,
                     noun=rng.choice(EVENTS[event][2]), count=max(5, int(base * rng.uniform(0.3, 1.5)) // 5 * 5),
                     day=self.start + timedelta(days=rng.randrange(730)), venue=rng.choice(VENUES),
                     spokesman=self.person(), official=self.person(),
                     official_title=rng.choice(["Interior Minister", "Defence Minister", "Governor", "General"]),
                     monitor=f"{rng.choice([c[1], self.name()])} {rng.choice(MONITORS)}",
                     year=rng.randrange(2011, 2022))

    # text
    def fill(self, template: str, st: Story, cap: bool = True, **slots) -> str:
        """``template`` with its alternatives picked and its slots filled
        (alternatives may hold slots; slots never hold alternatives), first
        letter upper-cased when ``cap``."""
        rng = self.rng
        while "[" in template:
            template = ALT.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        enemy_short = st.enemy.removeprefix("the ")
        values = dict(town=st.town, landmark=st.landmark, country=st.country[0], country2=st.country2[0],
                      adj=st.country[1], adj2=st.country2[1], capital=st.country[2], city=st.country[2],
                      group=st.group, enemy=st.enemy, enemy_short=enemy_short,
                      Enemy=st.enemy[0].upper() + st.enemy[1:], venue=st.venue, monitor=st.monitor, year=st.year,
                      spokesman=st.spokesman, official=st.official, official_title=st.official_title,
                      mediator=rng.choice(MEDIATORS), outlet="reporters", dist=rng.randrange(8, 140),
                      dir=rng.choice(DIRECTIONS), pop=f"{rng.randrange(8, 300) * 1000:,}",
                      pop2=f"{rng.randrange(2, 90) * 1000:,}", wd=WEEKDAYS[st.day.weekday()],
                      wd2=WEEKDAYS[(st.day.weekday() + rng.randrange(1, 4)) % 7])
        values.update(slots)
        out = template.format(**values)
        return out[0].upper() + out[1:] if cap else out

    def count_phrase(self, st: Story, n: int) -> str:
        if self.rng.random() < 0.08:
            return f"{'dozens' if n < 100 else 'hundreds'} of {st.noun}"
        return f"{self.rng.choice(HEDGES).format(n=n)} {st.noun}"

    def date_phrase(self, day: date, published: date) -> str:
        rng = self.rng
        gap = (published - day).days
        wd = WEEKDAYS[day.weekday()]
        md = f"{MONTHS[day.month - 1]} {day.day}"
        if 0 < gap <= 6 and rng.random() < 0.6:
            return rng.choice([f"on {wd}", f"late on {wd}", f"on {wd} night", f"early on {wd}"])
        if gap == 0 and rng.random() < 0.5:
            return rng.choice([f"on {wd}", f"earlier on {wd}", "overnight", "on Monday" if wd == "Monday" else "today"])
        return rng.choice([f"on {md}", f"late on {md}", f"in the early hours of {md}"])

    def lead(self, st: Story, published: date, outlet: str, agency: tuple | None) -> str:
        rng = self.rng
        # now and then a source has another count or another day (discrepancies)
        n = st.count if rng.random() < 0.7 else max(5, int(st.count * rng.choice((0.5, 0.6, 1.5, 2))) // 5 * 5)
        day = st.day if rng.random() < 0.85 else st.day - timedelta(days=1)
        city = st.country[2] if rng.random() < 0.6 else st.town
        if agency:
            dateline = f"{city.upper()}, {MONTH_ABBR[published.month - 1]} {published.day} ({agency[1]}) -"
        else:
            dateline = f"{city.upper()} \u2014"
        cp = self.count_phrase(st, n)
        actor, other = f"the {st.group}", {}
        if rng.random() < 0.3:  # the story told from the other side
            actor, other = st.enemy, {"enemy": f"the {st.group}", "enemy_short": st.group}
        subject = rng.choice([f"{cp} [of|from|loyal to|belonging to] {actor}", f"{cp} [of|from] {actor}"])
        short = agency[1] if agency else outlet.removeprefix("The ")
        attr = self.fill(rng.choice(ATTRIBUTIONS), st, cap=False, outlet=short)
        body = self.fill(rng.choice(EVENTS[st.event][0]), st, S=self.fill(subject, st, cap=False), G=actor, C=cp,
                         when=self.date_phrase(day, published), attr=attr, **other)
        return f"{dateline} {body}"

    def extra(self, st: Story, kind: str) -> str:
        k = max(3, int(st.count * self.rng.uniform(0.05, 0.3)))
        return self.fill(self.rng.choice(EXTRAS[kind]), st, Q=self.fill(self.rng.choice(QUOTES), st),
                         k=k, k2=k * self.rng.choice((2, 3)))

    def original(self, st: Story, agency: tuple | None) -> dict:
        rng = self.rng
        published = st.day + timedelta(days=rng.choice((0, 0, 1, 1, 1, 2, 2, 3, 4, 6, 9)))
        outlet = agency[0] if agency else rng.choice(self.outlets)
        sents = [self.lead(st, published, outlet, agency)]
        kinds = ["quote", "casualties", "denial", "context", "meeting"]
        rng.shuffle(kinds)
        kinds += ["context"] * 100
        cap = max(5, self.words // 12)
        nwords = len(sents[0].split())
        while len(sents) < 2 or (nwords < self.words and len(sents) < cap):
            s = self.extra(st, kinds[len(sents) - 1])
            sents.append(s)
            nwords += len(s.split())
        paras = [sents[0]] + [" ".join(sents[i:i + 2]) for i in range(1, len(sents), 2)]
        verb, _, rest = self.fill(EVENTS[st.event][1], st).partition(" ")
        if rng.random() < 0.6:
            subj = st.group
            verb = verb.lower() + ("es" if verb.lower().endswith(("ss", "sh")) else "s")
        else:
            subj = f"{st.country[1]} {rng.choice(['militiamen', 'fighters', 'forces'])}"
            verb = verb.lower()
        title = rng.choice([f"{subj} {verb} {rest}", f"{subj} {verb} {rest}, sources say",
                            f"{st.town}: {subj} {verb} {rest}"])
        return self.record(title, outlet, published, "\n\n".join(paras))

    def record(self, title: str, outlet: str, published: date, text: str) -> dict:
        self.serial += 1
        slug = "-".join(w.lower().strip(",:") for w in title.split()[:6])
        host = "".join(ch for ch in outlet.lower().removeprefix("the ") if ch.isalnum())
        return {"title": title, "outlet": outlet, "published": published.isoformat(),
                "url": f"https://{host}.example/{published:%Y/%m/%d}/{slug}-{self.serial:07d}", "text": text}

    def copy(self, src: dict) -> dict:
        """Another outlet's copy of ``src``: a quarter identical, the rest lightly edited."""
        rng = self.rng
        outlet = rng.choice([o for o in self.outlets if o != src["outlet"]])
        published = date.fromisoformat(src["published"]) + timedelta(days=rng.choice((0, 0, 0, 1)))
        text = src["text"]
        if rng.random() >= 0.25:
            paras = text.split("\n\n")
            for _ in range(rng.randint(1, 2)):
                a, b = rng.choice(EDITS)
                i = rng.randrange(len(paras))
                paras[i] = paras[i].replace(f" {a} ", f" {b} ", 1)
            r = rng.random()
            if r < 0.3 and len(paras) > 2:
                paras = paras[:-1]
            elif r < 0.6:
                paras.append(rng.choice([f"Reporting by {self.person()}; editing by {self.person()}.",
                                         f"With reporting from {src['outlet']}.",
                                         f"This story was provided by {src['outlet']}."]))
            else:
                paras.insert(1, f"({outlet.removeprefix('The ')} staff)")
            text = "\n\n".join(paras)
        title = src["title"] if rng.random() < 0.5 else src["title"].replace(", sources say", "") + f" - {outlet}"
        return self.record(title, outlet, published, text)

    def corpus(self, n: int) -> tuple[list[dict], dict]:
        rng = self.rng
        records: list[dict] = []
        stats = {"stories": 0, "originals": 0, "copies": 0, "identical_copies": 0, "repeats": 0}
        sid = 0
        while len(records) < n:
            st = self.story(sid)
            sid += 1
            stats["stories"] += 1
            size = min(n - len(records), int(rng.triangular(5, 40, 12)))
            pool: list[dict] = []
            for _ in range(size):
                if pool and rng.random() < 0.30:
                    src = rng.choice(pool)
                    rec = self.copy(src)
                    stats["copies"] += 1
                    stats["identical_copies"] += rec["text"] == src["text"]
                elif records and rng.random() < 0.01:
                    rec = dict(rng.choice(records[-200:]))
                    stats["repeats"] += 1
                else:
                    rec = self.original(st, rng.choice(AGENCIES) if rng.random() < 0.3 else None)
                    stats["originals"] += 1
                    pool.append(rec)
                records.append(rec)
                self.story_of.setdefault(rec["url"], st.sid)
        records.sort(key=lambda r: r["published"])  # a feed in publication order (stable: story order within a day)
        return records[:n], stats


def corpus_folder(base: Path, size: int, seed: int, words: int) -> Path:
    """The folder of a generated corpus (``…/corpus/*.jsonl`` plus
    ``manifest.json``), generating it unless already there."""
    folder = base / f"scale-n{size}-s{seed}-w{words}-g{GENERATOR_VERSION}"
    manifest = folder / "manifest.json"
    want = {"size": size, "seed": seed, "words": words, "generator": GENERATOR_VERSION}
    if manifest.exists():
        try:
            got = json.loads(manifest.read_text())
            if {k: got.get(k) for k in want} == want:
                return folder
        except (OSError, ValueError):
            pass
    t = time.perf_counter()
    records, stats = Generator(seed, words).corpus(size)
    tmp = base / f".{folder.name}.tmp{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    (tmp / "corpus").mkdir(parents=True)
    for i in range(0, len(records), FILE_RECORDS):
        with (tmp / "corpus" / f"part-{i // FILE_RECORDS:04d}.jsonl").open("w", encoding="utf-8") as f:
            for r in records[i:i + FILE_RECORDS]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    words_total = sum(len(r["text"].split()) for r in records)
    info = {**want, **stats, "records": len(records), "mean_words": round(words_total / max(1, len(records)), 1)}
    (tmp / "manifest.json").write_text(json.dumps(info, indent=1))
    if folder.exists():
        shutil.rmtree(folder)
    tmp.rename(folder)
    print(f"generated {size:,} records in {time.perf_counter() - t:.1f} s: {folder}", flush=True)
    return folder


# ---------------------------------------------------------------- memory of a process tree


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        try:
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _task_children(pid: int) -> list[int] | None:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    out: list[int] = []
    for t in tasks:
        try:
            with open(f"/proc/{pid}/task/{t}/children") as f:
                out.extend(int(x) for x in f.read().split())
        except FileNotFoundError:
            return None  # kernel without CONFIG_PROC_CHILDREN
        except OSError:
            continue
    return out


HAVE_CHILDREN_FILE = _task_children(os.getpid()) is not None


def tree(root: int) -> list[int]:
    """``root`` and all its descendants."""
    pids, todo = [], [root]
    kids = None if HAVE_CHILDREN_FILE else _children_map()
    while todo:
        p = todo.pop()
        pids.append(p)
        ch = _task_children(p) if kids is None else kids.get(p, [])
        todo.extend(ch or [])
    return pids


def process_kb(pid: int) -> int:
    """PSS of a process in kB (RSS when smaps_rollup is unreadable; 0 when gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> tuple[int, int] | None:
    """(start time, utime + stime) of a process in clock ticks, or None when gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return int(fields[19]), int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


class TreeSampler(threading.Thread):
    """Every ``interval`` seconds: the summed memory of ``root``'s process
    tree (the peak is kept) and each process's CPU time so far (the last
    value seen per process is kept)."""

    def __init__(self, root: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak_kb = 0
        self.peak_procs = 0
        self.samples = 0
        self.cpu_ticks: dict[tuple[int, int], int] = {}  # (pid, start time) -> utime + stime
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def sample(self) -> None:
        pids = tree(self.root)
        total = 0
        for p in pids:
            total += process_kb(p)
            cpu = process_cpu(p)
            if cpu:
                self.cpu_ticks[(p, cpu[0])] = cpu[1]
        self.samples += 1
        if total > self.peak_kb:
            self.peak_kb, self.peak_procs = total, len(pids)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu_ticks.values()) / TICKS

    def stop(self) -> None:
        self._halt.set()
        self.join()


# ---------------------------------------------------------------- runs


@dataclass
class Run:
    size: int
    config: str
    records: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    procs: int = 0
    status: str = "ok"
    sha: str | None = None
    counts: dict = field(default_factory=dict)
    same: str = ""
    #: seconds per stage as ``sitrep batch`` reports them (ingest, lineage+stories, nlp, events, report)
    stages: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.records / self.wall if self.wall else 0.0


def config_args(name: str, master: str) -> list[str]:
    if name == "spark":
        return ["--engine", "spark", "--master", master]
    if name.startswith("local") and name[5:].isdigit() and int(name[5:]) >= 1:
        return ["--engine", "local", "--workers", name[5:]]
    raise SystemExit(f"--configs: unknown configuration {name!r} (local1, local2, localN, spark)")


def run_one(sitrep: Path, corpus: Path, out: Path, size: int, records: int, config: str, master: str,
            timeout: float | None) -> Run:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    cmd = [str(sitrep), "batch", str(corpus / "corpus"), "--out", str(out / "run"), "-q",
           *config_args(config, master)]
    run = Run(size=size, config=config, records=records)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with (out / "stdout.txt").open("wb") as so, (out / "stderr.txt").open("wb") as se:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=so, stderr=se, stdin=subprocess.DEVNULL, start_new_session=True)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            # the whole session: the CLI, its pool, the JVM and its workers
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            rc = None
        run.wall = time.perf_counter() - t0
        sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # reaped processes (exact, but the CLI does not reap the JVM and Spark's
    # workers) or the tree as last sampled (misses each process's last 0.25 s)
    run.cpu = max((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), sampler.cpu_seconds)
    run.peak_mb = sampler.peak_kb * 1024 / 1e6
    run.procs = sampler.peak_procs
    report = out / "run" / "report.json"
    if rc is None:
        run.status = f"timeout ({timeout:g} s)"
    elif rc != 0 or not report.exists():
        tail = (out / "stderr.txt").read_text(errors="replace").strip().splitlines()[-3:]
        run.status = f"failed (exit {rc})"
        print(f"  {size} {config}: exit {rc}: " + " | ".join(tail), flush=True)
    else:
        run.stages = stage_seconds((out / "stderr.txt").read_text(errors="replace"))
        data = report.read_bytes()
        run.sha = hashlib.sha256(data).hexdigest()
        rep = json.loads(data)
        run.counts = {k: len(v) for k, v in rep.items() if isinstance(v, list)}
    return run


STAGES = ("ingest", "lineage+stories", "nlp", "events", "report")


def stage_seconds(stderr: str) -> dict[str, float]:
    """The stage times of the ``batch (...)`` summary line (wrapped or not)."""
    flat = " ".join(stderr.split())
    return {name: float(m.group(1)) for name in STAGES
            for m in [re.search(rf"(?<![\w+]){re.escape(name)} ([0-9.]+) s", flat)] if m}


def stage_table(runs: list) -> list[str]:
    lines = ["| size | config | " + " | ".join(f"{s} s" for s in STAGES) + " |",
             "|---:|---|" + "---:|" * len(STAGES)]
    for r in runs:
        if r.stages:
            lines.append(f"| {r.size:,} | {r.config} | " + " | ".join(f"{r.stages.get(s, 0):.1f}" for s in STAGES) + " |")
    return lines


def first_difference(a: Path, b: Path) -> str:
    """The first top-level key whose value differs, with entry counts."""
    ra, rb = json.loads(a.read_text()), json.loads(b.read_text())
    for k in list(ra) + [k for k in rb if k not in ra]:
        va, vb = ra.get(k), rb.get(k)
        if va == vb:
            continue
        if isinstance(va, list) and isinstance(vb, list):
            i = next((i for i, (x, y) in enumerate(zip(va, vb)) if x != y), min(len(va), len(vb)))
            return f"key {k!r}: {len(va)} vs {len(vb)} entries, first difference at entry {i}"
        return f"key {k!r}: {str(va)[:80]!r} vs {str(vb)[:80]!r}"
    return "same JSON, different bytes"


def fmt_row(r: Run) -> str:
    c = r.counts
    if r.status != "ok":
        return (f"| {r.size:,} | {r.config} | {r.records:,} | - | {r.wall:.1f} | - | {r.peak_mb:,.0f} | {r.cpu:.1f} "
                f"| - | - | - | - | {r.status} |")
    return (f"| {r.size:,} | {r.config} | {r.records:,} | {c.get('documents', 0):,} | {r.wall:.1f} | {r.rate:.1f} "
            f"| {r.peak_mb:,.0f} | {r.cpu:.1f} | {c.get('lineage', 0):,} | {c.get('stories', 0):,} "
            f"| {c.get('events', 0):,} | {c.get('discrepancies', 0):,} | {r.same} |")


HEADER = ("| size | config | records | documents | wall s | docs/s | peak MB | CPU s | lineage | stories | events "
          "| discrepancies | same report |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")


def growth_table(runs: list[Run], sizes: list[int], configs: list[str]) -> list[str]:
    lines = ["| config | from | to | time × | time × per 10× | memory × | memory × per 10× |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    by = {(r.size, r.config): r for r in runs}
    for c in configs:
        for a, b in zip(sizes, sizes[1:]):
            ra, rb = by.get((a, c)), by.get((b, c))
            if not ra or not rb or ra.status != "ok" or rb.status != "ok" or not ra.wall or not ra.peak_mb:
                lines.append(f"| {c} | {a:,} | {b:,} | - | - | - | - |")
                continue
            decades = math.log10(b / a)
            t, m = rb.wall / ra.wall, rb.peak_mb / ra.peak_mb
            lines.append(f"| {c} | {a:,} | {b:,} | {t:.2f} | {t ** (1 / decades):.2f} | {m:.2f} "
                         f"| {m ** (1 / decades):.2f} |")
    return lines


def machine_line() -> str:
    load = os.getloadavg()
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal:")).split()[1])
        mem = f", {kb / 1e6:.1f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"measured: sitrep batch in a fresh process per run, on {os.cpu_count()} cores{mem}; "
            f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; memory = peak of the summed PSS of "
            f"the process tree sampled every 0.25 s ({'task children' if HAVE_CHILDREN_FILE else '/proc scan'}); "
            f"CPU = max(RUSAGE_CHILDREN delta, sampled tree CPU)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", help="folder for the generated corpora (reused when already generated)")
    ap.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes, comma-separated")
    ap.add_argument("--configs", default="local1,local2,spark", help="local1, local2, localN, spark (comma-separated)")
    ap.add_argument("--words", type=int, default=60, help="target words per original report")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="keep corpora and outputs in this folder (default: a temporary folder, removed)")
    ap.add_argument("--master", default="local[2]", help="Spark master for the spark configuration")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per run before it is killed (default: none)")
    args = ap.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    for c in configs:
        config_args(c, args.master)
    sitrep = Path(sys.executable).with_name("sitrep")
    if not sitrep.exists():
        raise SystemExit(f"{sitrep}: not found (install sitrep in this Python's environment)")

    measured = machine_line()
    print(measured, flush=True)
    tmp = None
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="sitrep-scale-")
        work = Path(tmp)
    corpora = Path(args.dir) if args.dir else work / "corpora"
    corpora.mkdir(parents=True, exist_ok=True)
    runs: list[Run] = []
    failed = differs = False
    try:
        print(HEADER, flush=True)
        for size in sizes:
            folder = corpus_folder(corpora, size, args.seed, args.words)
            manifest = json.loads((folder / "manifest.json").read_text())
            first: Run | None = None
            for config in configs:
                out = work / "runs" / f"n{size}" / config
                r = run_one(sitrep, folder, out, size, manifest["records"], config, args.master, args.timeout)
                if r.status != "ok":
                    failed = True
                    r.same = "-"
                elif first is None:
                    first = r
                    r.same = "same (reference)"
                elif r.sha == first.sha:
                    r.same = "same"
                else:
                    differs = True
                    where = first_difference(work / "runs" / f"n{size}" / first.config / "run" / "report.json",
                                             out / "run" / "report.json")
                    r.same = f"DIFFERS from {first.config}: {where}"
                runs.append(r)
                print(fmt_row(r), flush=True)
        print()
        print(measured)
        print("load average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print()
        print(HEADER)
        for r in runs:
            print(fmt_row(r))
        print()
        print("growth between consecutive sizes (wall time and peak memory ratios; per 10×: the ratio scaled to a "
              "10× step, r^(1/log10(to/from)))")
        print()
        print("\n".join(growth_table(runs, sizes, configs)))
        print()
        print("where the time goes (seconds per stage, from sitrep batch's summary line; Spark start-up and model "
              "loading are outside them)")
        print()
        print("\n".join(stage_table(runs)))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if differs else 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
