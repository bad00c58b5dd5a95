#!/usr/bin/env python3
"""Writes data/dfe/absence_sample.csv: a FICTIONAL table in the layout of the
DfE's published "absence by geography" file (national, regional and
local-authority rows), for tests and the demo.  Deterministic; no real
figures.  Run from the repository root."""
import random

rng = random.Random(2024)
regions = [
    ("E12000001", "North East"), ("E12000002", "North West"),
    ("E12000003", "Yorkshire and The Humber"), ("E12000004", "East Midlands"),
    ("E12000005", "West Midlands"), ("E12000006", "East of England"),
    ("E12000007", "London"), ("E12000008", "South East"),
    ("E12000009", "South West"),
]
stems = ["Ash", "Bram", "Cald", "Dun", "Elm", "Fern", "Glen", "Hol", "Ivy",
         "Kings", "Lyn", "Marl", "Nor", "Oak", "Pen", "Quen", "Rye", "Sel",
         "Thorn", "Ux", "Wend", "Yar"]
ends = ["ford", "mere", "borough", "ton", "shire", "field", "wick", "dale"]
names = set()
las = [("990", "E99000990", "Kingsmere", regions[3])]
names.add("Kingsmere")
code = 830
while len(las) < 152:
    n = rng.choice(stems) + rng.choice(ends)
    if n in names:
        continue
    names.add(n)
    code += 1
    if code == 990:
        code += 1
    las.append((str(code), "E99000%03d" % code, n, regions[len(las) % 9]))

# (phase, absence factor, share of enrolments)
phases = [("Total", 1.0, 1.0), ("State-funded primary", 0.78, 0.52),
          ("State-funded secondary", 1.22, 0.46), ("Special", 1.6, 0.02)]
cols = ["time_period", "time_identifier", "geographic_level", "country_code",
        "country_name", "region_code", "region_name", "old_la_code",
        "new_la_code", "la_name", "education_phase", "enrolments",
        "sess_overall_percent", "sess_authorised_percent",
        "sess_unauthorised_percent", "enrolments_pa_10_exact_percent",
        "enrolments_pa_50_exact_percent"]
rows = []


def figures(base, factor):
    overall = base * factor
    unauth = overall * rng.uniform(0.27, 0.36)
    pa = overall * rng.uniform(2.7, 3.1)
    sa = overall * rng.uniform(0.22, 0.34)
    return ["%.2f" % overall, "%.2f" % (overall - unauth), "%.2f" % unauth,
            "%.2f" % pa, "%.2f" % sa]


for period, national in (("202324", 7.1), ("202425", 6.9)):
    for phase, factor, share in phases:
        rows.append([period, "Academic year", "National", "E92000001",
                     "England", "", "", "", "", "", phase,
                     str(int(7100000 * share))]
                    + figures(national, factor))
    for rcode, rname in regions:
        rbase = national * rng.uniform(0.93, 1.08)
        for phase, factor, share in phases:
            rows.append([period, "Academic year", "Regional", "E92000001",
                         "England", rcode, rname, "", "", "", phase,
                         str(int(790000 * share))]
                        + figures(rbase, factor))
    for old, new, name, (rcode, rname) in las:
        base = national * rng.uniform(0.85, 1.18)
        enr = rng.randint(15000, 180000)
        for phase, factor, share in phases:
            rows.append([period, "Academic year", "Local authority",
                         "E92000001", "England", rcode, rname, old, new, name,
                         phase, str(int(enr * share))] + figures(base, factor))
# A suppressed value, as published tables have them.
rows[-1][-1] = "c"

with open("data/dfe/absence_sample.csv", "w") as f:
    f.write(",".join(cols) + "\n")
    for r in rows:
        f.write(",".join(r) + "\n")
