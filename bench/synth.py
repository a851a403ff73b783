"""Write a synthetic, topic-neutral briefing of N events into a folder, for the benchmark.

The records have the shape and size of real ones (bilingual titles, two-paragraph summaries,
citations with notes, quotes, conflicts and notes on some events, actors, agreements, sources,
dates of every EDTF precision spread over twenty years) but say nothing about any real topic:
the words come from neutral vocabulary below. The two countries a bilateral briefing is about
(``state-0`` and ``state-1``) are shaped as in a real one: one takes part in nearly every event
(95%), the other in most (80%), both are parties to most agreements, and most actors belong to
one of them; the other actors are shared out evenly. Output is deterministic for a given N and
seed, so two runs of the benchmark measure the same files.

    python bench/synth.py --events 1000 --out /tmp/briefing-bench-1000
    -> /tmp/briefing-bench-1000/content/{config.yaml, events/, actors/, ...}
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

# Parallel English/Arabic vocabulary: (en, ar) pairs, no place or party of any real topic.
NOUNS = [("committee", "اللجنة"), ("delegation", "الوفد"), ("report", "التقرير"),
         ("meeting", "الاجتماع"), ("programme", "البرنامج"), ("project", "المشروع"),
         ("ministry", "الوزارة"), ("company", "الشركة"), ("agency", "الوكالة"),
         ("conference", "المؤتمر"), ("statement", "البيان"), ("plan", "الخطة"),
         ("exercise", "التمرين"), ("workshop", "الورشة"), ("contract", "العقد"),
         ("review", "المراجعة"), ("visit", "الزيارة"), ("council", "المجلس")]
VERBS = [("announced", "أعلن"), ("reviewed", "راجع"), ("approved", "اعتمد"),
         ("discussed", "ناقش"), ("signed", "وقّع"), ("postponed", "أجّل"),
         ("described", "وصف"), ("confirmed", "أكّد"), ("presented", "قدّم"),
         ("examined", "درس"), ("welcomed", "رحّب ب"), ("extended", "مدّد")]
ADJECTIVES = [("joint", "المشترك"), ("annual", "السنوي"), ("technical", "التقني"),
              ("regional", "الإقليمي"), ("new", "الجديد"), ("second", "الثاني"),
              ("preliminary", "الأولي"), ("final", "النهائي"), ("expanded", "الموسّع")]
TOPICS = [("training", "التدريب"), ("logistics", "الإمداد"), ("maintenance", "الصيانة"),
          ("research", "البحث"), ("standards", "المعايير"), ("communications", "الاتصالات"),
          ("procurement", "الاقتناء"), ("infrastructure", "البنية التحتية"),
          ("data exchange", "تبادل البيانات"), ("certification", "الاعتماد")]
PLACES = [("Northport", "نورثبورت"), ("Eastvale", "إيستفيل"), ("Westmere", "ويستمير"),
          ("Southridge", "ساوثريدج"), ("Lakeside", "ليكسايد"), ("Hillcrest", "هيلكريست"),
          ("Riverton", "ريفرتون"), ("Stonebridge", "ستونبريدج")]
STATES = [("Aldoria", "ألدوريا"), ("Belmark", "بلمارك"), ("Corvena", "كورفينا"),
          ("Dravia", "درافيا"), ("Estmoor", "إستمور"), ("Fenland", "فنلاند الجديدة")]
FIRST = [("Amal", "أمل"), ("Karim", "كريم"), ("Lina", "لينا"), ("Omar", "عمر"),
         ("Sara", "سارة"), ("Yusuf", "يوسف"), ("Nadia", "نادية"), ("Samir", "سمير"),
         ("Hana", "هناء"), ("Rami", "رامي"), ("Dana", "دانة"), ("Tarek", "طارق")]
LAST = [("Haddad", "حداد"), ("Mansour", "منصور"), ("Saleh", "صالح"), ("Nasser", "ناصر"),
        ("Khalil", "خليل"), ("Aziz", "عزيز"), ("Fares", "فارس"), ("Rahal", "رحال"),
        ("Bakri", "بكري"), ("Zein", "زين")]
AREAS = [("training", "Training", "التدريب"), ("logistics", "Logistics", "الإمداد"),
         ("research", "Research", "البحث"), ("industry", "Industry", "الصناعة"),
         ("communications", "Communications", "الاتصالات"), ("health", "Health", "الصحة"),
         ("maritime", "Maritime", "الشؤون البحرية"), ("standards", "Standards", "المعايير")]
# The share of the events state-0 and state-1 take part in (the real briefing: 23 and 19 of 24).
COUNTRY_SHARE = (0.95, 0.80)
KINDS = ["ministry", "agency", "company", "armed-force", "organisation"]


class Writer:
    """Deterministic bilingual text from the vocabulary above."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def pick(self, seq):
        return self.r.choice(seq)

    def sentence(self) -> tuple[str, str]:
        (ne, na), (ve, va), (ae, aa), (te, ta), (pe, pa) = (
            self.pick(NOUNS), self.pick(VERBS), self.pick(ADJECTIVES), self.pick(TOPICS),
            self.pick(PLACES))
        n = self.r.randint(2, 40)
        en = (f"The {ae} {ne} {ve} the {te} work in {pe}, according to the {n} participants, "
              f"and said further steps would follow.")
        ar = (f"{va} {na} {aa} أعمال {ta} في {pa}، بحسب المشاركين البالغ عددهم {n}، "
              f"وأفاد بأن خطوات أخرى ستلي ذلك.")
        return en, ar

    def paragraph(self, sentences: int) -> tuple[str, str]:
        parts = [self.sentence() for _ in range(sentences)]
        return " ".join(p[0] for p in parts), " ".join(p[1] for p in parts)

    def text(self, paragraphs: int, sentences: int) -> dict[str, str]:
        paras = [self.paragraph(sentences) for _ in range(paragraphs)]
        return {"en": "\n\n".join(p[0] for p in paras), "ar": "\n\n".join(p[1] for p in paras)}

    def title(self, number: int) -> dict[str, str]:
        (ne, na), (ae, aa), (te, ta), (pe, pa) = (
            self.pick(NOUNS), self.pick(ADJECTIVES), self.pick(TOPICS), self.pick(PLACES))
        return {"en": f"{ae.capitalize()} {ne} on {te} in {pe} (no. {number})",
                "ar": f"{na} {aa} بشأن {ta} في {pa} (رقم {number})"}

    def date(self, year: int) -> str:
        month, day = self.r.randint(1, 12), self.r.randint(1, 28)
        roll = self.r.random()
        if roll < 0.70:
            return f"{year}-{month:02d}-{day:02d}"
        if roll < 0.82:
            return f"{year}-{month:02d}"
        if roll < 0.90:
            return f"{year}-{month:02d}~"
        if roll < 0.95:
            return f"{year}-{month:02d}?"
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{min(day + 3, 28):02d}"


def dump(path: Path, schema: str, record: dict) -> None:
    """YAML as an editor writes it: block style, every string double-quoted (JSON-compatible)."""
    lines = [f"# yaml-language-server: $schema=../schema/{schema}.json"]

    def emit(value, indent: str, key: str | None, in_list: bool = False):
        lead = f"{indent}{key}:" if key is not None else ""
        if isinstance(value, dict):
            if key is not None:
                lines.append(lead)
                indent += "  "
            first = True
            for k, v in value.items():
                if in_list and first:
                    emit_first(k, v, indent)
                    first = False
                else:
                    emit(v, indent, k)
        elif isinstance(value, list):
            lines.append(lead)
            for item in value:
                if isinstance(item, dict):
                    emit(item, indent + "  ", None, in_list=True)
                else:
                    lines.append(f"{indent}  - {json.dumps(item, ensure_ascii=False)}")
        elif isinstance(value, str) and "\n" in value:
            lines.append(f"{lead} |-")
            lines.extend(f"{indent}  {line}" if line else "" for line in value.split("\n"))
        else:
            lines.append(f"{lead} {json.dumps(value, ensure_ascii=False)}")

    def emit_first(k, v, indent):
        start = len(lines)
        emit(v, indent, k)
        first_line = lines[start]
        lines[start] = indent[:-2] + "- " + first_line[len(indent):]

    emit(record, "", None)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(events: int, out: Path, seed: int = 1) -> Path:
    """Write ``out/content`` for ``events`` events (replacing it); return the content folder."""
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    w = Writer(seed)
    years = list(range(2005, 2025))
    n_sources = max(5, events // 4)
    n_actors = max(12, events // 10)
    n_agreements = max(3, events // 20)

    dump(content / "config.yaml", "config", {
        "languages": ["en", "ar"],
        "title": {"en": "Synthetic briefing", "ar": "ملف تجريبي"},
        "description": {"en": "Synthetic content for the benchmark.",
                        "ar": "محتوى تجريبي لقياس الأداء."},
        "areas": [{"id": i, "label": {"en": en, "ar": ar},
                   "description": w.text(1, 1)} for i, en, ar in AREAS],
    })
    source_ids = [f"src-{i:05d}" for i in range(n_sources)]
    for i, sid in enumerate(source_ids):
        record = {"id": sid, "title": w.title(i), "published": w.date(years[i % len(years)])
                  .split("/")[0].rstrip("~?"), "language": w.pick(["en", "ar"]),
                  "summary": w.text(2, 4)}
        if i % 2:
            record["outlet"] = {"en": f"Outlet {i % 17}", "ar": f"المنبر {i % 17}"}
            record["url"] = f"https://news.example.org/{sid}"
        if i % 5 == 0:
            record["perspective"] = w.text(1, 2)
        dump(content / "sources" / f"{sid}.yaml", "source", record)

    states = [f"state-{i}" for i in range(len(STATES))]
    for i, sid in enumerate(states):
        dump(content / "actors" / f"{sid}.yaml", "actor", {
            "id": sid, "name": {"en": STATES[i][0], "ar": STATES[i][1]}, "kind": "state",
            "description": w.text(1, 2), "sources": [source_ids[i % n_sources]]})
    actor_ids = list(states)
    for i in range(n_actors - len(states)):
        aid = f"actor-{i:05d}"
        if i % 3 == 0:
            f, last = w.pick(FIRST), w.pick(LAST)
            record = {"id": aid, "name": {"en": f"{f[0]} {last[0]} {i}",
                                          "ar": f"{f[1]} {last[1]} {i}"}, "kind": "person",
                      "role": {"en": "Head of a directorate", "ar": "رئيس مديرية"}}
        else:
            (ne, na), (te, ta) = w.pick(NOUNS), w.pick(TOPICS)
            record = {"id": aid, "name": {"en": f"{te.capitalize()} {ne} {i}",
                                          "ar": f"{na} {ta} {i}"}, "kind": w.pick(KINDS)}
        record["country"] = w.pick(states[:2]) if w.r.random() < 0.8 else w.pick(states[2:])
        record["description"] = w.text(1, 2)
        record["sources"] = sorted({w.pick(source_ids) for _ in range(2)})
        dump(content / "actors" / f"{aid}.yaml", "actor", record)
        actor_ids.append(aid)

    def citations(k: int) -> list[dict]:
        chosen = list(dict.fromkeys(w.pick(source_ids) for _ in range(k)))
        return [{"id": s, "note": w.text(1, 1)} for s in chosen]

    agreement_ids = []
    for i in range(n_agreements):
        gid = f"agreement-{i:05d}"
        record = {"id": gid, "title": w.title(i), "kind": w.pick(["mou", "agreement",
                                                                  "work-plan", "contract"]),
                  "date": w.date(years[i % len(years)]),
                  "status": w.pick(["signed", "reported", "in-talks"]),
                  "standing": w.pick(["official", "reported", "unconfirmed"]),
                  "parties": sorted({*(states[:2] if w.r.random() < 0.8 else [w.pick(states)]),
                                     w.pick(actor_ids)}),
                  "areas": sorted({w.pick(AREAS)[0] for _ in range(2)}),
                  "summary": w.text(2, 4), "sources": citations(3)}
        if i % 4 == 0:
            record["value"] = {"amount": w.r.randint(1, 900) * 1_000_000, "currency": "USD",
                               "qualifier": "about"}
        dump(content / "agreements" / f"{gid}.yaml", "agreement", record)
        agreement_ids.append(gid)

    others = actor_ids[len(states):]
    event_ids = []
    for i in range(events):
        eid = f"event-{i:05d}"
        year = years[i * len(years) // events]
        record = {"id": eid, "date": w.date(year), "title": w.title(i),
                  "summary": w.text(2, 5),
                  "standing": w.pick(["official", "reported", "unconfirmed"]),
                  "place": dict(zip(("en", "ar"), w.pick(PLACES), strict=True)),
                  "actors": sorted({*(s for s, share in zip(states[:2], COUNTRY_SHARE,
                                                            strict=True)
                                      if w.r.random() < share),
                                    *(w.pick(others) for _ in range(w.r.randint(1, 4)))}),
                  "areas": sorted({w.pick(AREAS)[0] for _ in range(2)})}
        if i % 3 == 0:
            record["agreements"] = [w.pick(agreement_ids)]
        record["sources"] = citations(2)
        if i % 4 == 0:
            record["quotes"] = [{"text": w.text(1, 1), "speaker": record["actors"][0],
                                 "source": record["sources"][0]["id"]}]
        if i % 5 == 0:
            record["conflicts"] = w.text(1, 2)
        if i % 7 == 0:
            record["notes"] = w.text(1, 1)
        dump(content / "events" / f"{eid}.yaml", "event", record)
        event_ids.append(eid)

    dump(content / "pages" / "home.yaml", "page", {
        "id": "home", "title": {"en": "Synthetic briefing", "ar": "ملف تجريبي"},
        "intro": w.text(1, 3),
        "key_points": [{"text": w.text(1, 1), "events": [w.pick(event_ids)]}
                       for _ in range(5)] if event_ids else []})
    dump(content / "pages" / "methodology.yaml", "page", {
        "id": "methodology", "title": {"en": "Methodology", "ar": "المنهجية"},
        "intro": w.text(1, 2),
        "sections": [{"heading": {"en": f"Section {i}", "ar": f"القسم {i}"},
                      "body": w.text(2, 3)} for i in range(3)]})
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    content = generate(args.events, args.out, args.seed)
    files = sum(1 for _ in content.rglob("*.yaml"))
    print(f"{files} YAML files in {content}")


if __name__ == "__main__":
    main()
