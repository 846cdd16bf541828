"""Writes long_report.txt: a ~50,000-character field report used as the demo's long example.

It mixes ordinary sentences (entities, praise, complaints) with one very long run-on sentence,
so the demo shows streaming and the handling of sentences longer than a model's window.
Deterministic: run it again and the file is the same.
"""

from __future__ import annotations

import random
from pathlib import Path

CITIES = ["Berlin", "Paris", "London", "Madrid", "Lisbon", "Vienna", "Zurich", "Warsaw", "Prague",
          "Dublin", "Rotterdam", "Milan", "Oslo", "Copenhagen", "Athens", "Tokyo", "Chicago", "Toronto"]
COMPANIES = ["Maersk", "Siemens", "Renault", "Nestlé", "Philips", "Airbus", "Vodafone", "IKEA",
             "Lufthansa", "Carrefour", "Deutsche Bahn", "Heineken", "Unilever", "Volvo"]
PEOPLE = ["Maria Schmidt", "Jean Dupont", "Sofia Rossi", "Tomasz Nowak", "Emma Larsen",
          "Liam O'Connor", "Ana Costa", "Hiroshi Tanaka", "Olivia Brown", "Lukas Novak"]
GOOD = [
    "The team in {city} delivered every order on time and customers praised the friendly drivers.",
    "{person} said the new warehouse in {city} is the best facility we have ever opened.",
    "Our partnership with {company} grew strongly, and satisfaction scores reached a record high.",
    "Deliveries for {company} in {city} were fast, accurate and remarkably cheap.",
    "Staff morale in {city} improved a great deal after the new schedule was introduced by {person}.",
    "{company} renewed its contract for three more years and called our service excellent.",
]
BAD = [
    "The depot in {city} suffered repeated delays, and {company} complained about damaged goods.",
    "{person} described the quarter in {city} as frustrating and badly managed.",
    "A strike at the port of {city} cost us two weeks of shipments and angered {company}.",
    "The IT outage in {city} was a disaster: orders were lost and refunds took months.",
    "Customers of {company} reported rude staff and broken parcels in {city}.",
    "Fuel costs in {city} rose sharply, which hurt margins and forced painful cuts.",
]
NEUTRAL = [
    "In the third quarter, {company} shipped roughly {n},000 pallets through {city}.",
    "{person} moved from the {city} office to head operations for {company}.",
    "The board met in {city} on {day} to review the figures for {company}.",
    "Volumes in {city} stayed at about {n} per cent of last year's level.",
    "A new route links {city} with {city2} twice a week, operated for {company}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def sentence(rng: random.Random, pool: list[str]) -> str:
    city, city2 = rng.sample(CITIES, 2)
    return rng.choice(pool).format(city=city, city2=city2, company=rng.choice(COMPANIES),
                                   person=rng.choice(PEOPLE), n=rng.randint(11, 98), day=rng.choice(DAYS))


def report(target: int = 50_000) -> str:
    rng = random.Random(2025)
    parts = ["Northwind Logistics: regional field report for the 2025 financial year\n",
             "This report summarises what our regional managers told us about each site, "
             "our partners and our customers. Figures are unaudited.\n"]
    section = 1
    while sum(map(len, parts)) < target - 9_000:
        city = rng.choice(CITIES)
        parts.append(f"\n{section}. Operations in and around {city}\n")
        mood = rng.random()
        for _ in range(3):
            paragraph = []
            for _ in range(rng.randint(4, 7)):
                roll = rng.random()
                pool = GOOD if roll < mood * 0.8 else BAD if roll > 0.8 - mood * 0.3 else NEUTRAL
                paragraph.append(sentence(rng, pool))
            parts.append(" ".join(paragraph) + "\n")
        section += 1
    # Appendix: one run-on sentence of a few thousand tokens, longer than any model window.
    visits = []
    while sum(map(len, visits)) < 8_000:
        who, company, where, day = rng.choice(PEOPLE), rng.choice(COMPANIES), rng.choice(CITIES), rng.choice(DAYS)
        visits.append(f"{who} visited {company} in {where} on {day}")
    parts.append(f"\n{section}. Appendix: site visits\n")
    parts.append("During the year " + ", then ".join(visits) + ", and everyone agreed the visits were useful.\n")
    return "".join(parts)


if __name__ == "__main__":
    out = Path(__file__).with_name("long_report.txt")
    out.write_text(report(), encoding="utf-8")
    print(f"wrote {out} ({len(out.read_text(encoding='utf-8'))} characters)")
