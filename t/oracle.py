#!/usr/bin/env python3
"""A second, deliberately simple implementation of attend's reports.

Written from docs/methodology.md and the commands' documentation
(README.md, `attend COMMAND --help`), not from the C sources, so the
end-to-end tests can compare `attend pupils`, `attend schools` and
`attend penalty` with numbers computed another way.
Standard library only; clarity over speed (a few hundred pupils).

usage: oracle.py FILE... -- pupils  [--school URN] [--from D] [--to D]
       oracle.py FILE... -- schools [--school URN] [--from D] [--to D] [--all-ages]
       oracle.py FILE... -- penalty --as-of D [--school URN]
       oracle.py FILE... -- batch <JOBS
           each line of JOBS: OUTFILE REPORT [OPTIONS]; the files are read
           once and every report written to its OUTFILE

FILEs are CSV files as `attend import` takes them (schools, pupils,
register; recognised by their header row; other kinds are ignored).
Register files are applied in the order given: a later mark for the same
session replaces an earlier one.  Prints CSV on stdout.
"""
import argparse
import csv
import datetime
import os
import shlex
import sys

# ---- the register codes (docs/methodology.md) ------------------------------

ATTENDANCE = "attendance"      # present, or an approved educational activity
AUTHORISED = "authorised"
UNAUTHORISED = "unauthorised"
NOT_POSSIBLE = "not possible"

CODE_CHANGE = datetime.date(2024, 8, 19)   # the 2024 codes in force from here

# Codes in force since 19 August 2024.
CODES_2024 = {}
for c in ["/", "\\", "L"]:                          # present
    CODES_2024[c] = ATTENDANCE
for c in ["K", "V", "P", "W", "B"]:                 # approved activity
    CODES_2024[c] = ATTENDANCE
for c in ["C1", "M", "J1", "S", "C2", "C"]:         # leave of absence
    CODES_2024[c] = AUTHORISED
for c in ["E", "I", "T", "R"]:                      # other authorised
    CODES_2024[c] = AUTHORISED
for c in ["G", "N", "O", "U"]:
    CODES_2024[c] = UNAUTHORISED
for c in ["D", "X", "Q", "Z", "#"] + ["Y%d" % i for i in range(1, 8)]:
    CODES_2024[c] = NOT_POSSIBLE

# Codes withdrawn in 2024, classified by the rules of their own time.
LEGACY = {"H": AUTHORISED, "F": AUTHORISED, "J": ATTENDANCE, "Y": NOT_POSSIBLE}

UNAUTHORISED_FOR_PENALTY = {"G", "N", "O", "U"}


def category(code, day):
    if code in LEGACY:
        return LEGACY[code]
    return CODES_2024[code]


# ---- dates -------------------------------------------------------------

def parse_date(s):
    return datetime.date.fromisoformat(s)


def academic_year(d):
    """The year an academic year (1 August to 31 July) starts in."""
    return d.year if d.month >= 8 else d.year - 1


def academic_year_bounds(y):
    return datetime.date(y, 8, 1), datetime.date(y + 1, 7, 31)


def age_on(dob, d):
    return d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))


def compulsory_school_age(dob, year):
    """Aged 5 to 15 on 31 August at the start of academic year `year`."""
    return 5 <= age_on(dob, datetime.date(year, 8, 31)) <= 15


# ---- reading the files ---------------------------------------------------

class Store:
    def __init__(self):
        self.schools = {}           # urn -> name
        self.dob = {}               # upn -> date
        self.enrolments = set()     # (urn, upn)
        self.marks = {}             # (urn, upn) -> {(date, 0 AM / 1 PM): code}

    def read(self, path):
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        if not rows:
            return
        head = [h.strip().lower() for h in rows[0]]
        body = [[v.strip() for v in r] for r in rows[1:] if any(v.strip() for v in r)]
        if head[:4] == ["urn", "laestab", "name", "phase"]:
            for r in body:
                self.schools[int(r[0])] = r[2]
        elif head[:5] == ["upn", "urn", "surname", "forename", "dob"]:
            for r in body:
                self.dob[r[0]] = parse_date(r[4])
                self.enrolments.add((int(r[1]), r[0]))
        elif head[:5] == ["upn", "urn", "date", "session", "code"]:
            for upn, urn, date, session, code in (r[:5] for r in body):
                key = (int(urn), upn)
                slot = (parse_date(date), 0 if session.upper() == "AM" else 1)
                self.marks.setdefault(key, {})[slot] = code.upper()

    def latest_mark(self):
        days = [d for m in self.marks.values() for (d, _s) in m]
        return max(days) if days else None


# ---- the measures (docs/methodology.md) -----------------------------------

def measure(marks, start, end):
    """possible, attendance, authorised, unauthorised over start..end."""
    n = {ATTENDANCE: 0, AUTHORISED: 0, UNAUTHORISED: 0, NOT_POSSIBLE: 0}
    for (d, _s), code in marks.items():
        if start <= d <= end:
            n[category(code, d)] += 1
    possible = n[ATTENDANCE] + n[AUTHORISED] + n[UNAUTHORISED]
    return possible, n[ATTENDANCE], n[AUTHORISED], n[UNAUTHORISED]


def percent(num, den):
    """num/den*100 with two decimals, half up, exactly; '' when den is 0."""
    if den == 0:
        return ""
    hundredths = (2 * num * 10000 + den) // (2 * den)
    return "%d.%02d" % (hundredths // 100, hundredths % 100)


def band(absent, possible):
    if possible == 0:
        return "none"
    if 20 * absent <= possible:           # r <= 5%
        return "expected"
    if 10 * absent < possible:            # 5% < r < 10%
        return "at_risk_pa"
    if 5 * absent <= possible:            # 10% <= r <= 20%
        return "pa"
    if 2 * absent < possible:             # 20% < r < 50%
        return "at_risk_sa"
    return "sa"                           # r >= 50%


def is_pa(absent, possible):
    return possible > 0 and 10 * absent >= possible


def is_sa(absent, possible):
    return possible > 0 and 2 * absent >= possible


def csv_cell(s):
    s = str(s)
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def emit(rows):
    for r in rows:
        sys.stdout.write(",".join(csv_cell(c) for c in r) + "\n")


# ---- the reports ---------------------------------------------------------

def report_pupils(st, start, end, school):
    emit([["upn", "urn", "possible", "attendance", "authorised",
           "unauthorised", "absence_pct", "band", "pa", "sa"]])
    rows = []
    for urn, upn in sorted(st.enrolments):
        if school and urn != school:
            continue
        p, att, auth, unauth = measure(st.marks.get((urn, upn), {}), start, end)
        a = auth + unauth
        rows.append([upn, "%06d" % urn, p, att, auth, unauth, percent(a, p),
                     band(a, p), int(is_pa(a, p)), int(is_sa(a, p))])
    emit(rows)


def report_schools(st, start, end, school, all_ages):
    emit([["urn", "name", "enrolments", "possible", "overall_pct",
           "authorised_pct", "unauthorised_pct", "pa", "pa_pct", "sa",
           "sa_pct"]])
    year = academic_year(start)
    rows = []
    for urn in sorted(st.schools):
        if school and urn != school:
            continue
        enrolments = possible = auth = unauth = pa = sa = 0
        for e_urn, upn in st.enrolments:
            if e_urn != urn:
                continue
            if not all_ages and not compulsory_school_age(st.dob[upn], year):
                continue
            p, _att, au, un = measure(st.marks.get((urn, upn), {}), start, end)
            if p == 0:
                continue
            enrolments += 1
            possible += p
            auth += au
            unauth += un
            pa += is_pa(au + un, p)
            sa += is_sa(au + un, p)
        rows.append(["%06d" % urn, st.schools[urn], enrolments, possible,
                     percent(auth + unauth, possible), percent(auth, possible),
                     percent(unauth, possible), pa, percent(pa, enrolments),
                     sa, percent(sa, enrolments)])
    emit(rows)


def monday(d):
    return d - datetime.timedelta(days=d.weekday())


def report_penalty(st, as_of, school):
    """10 unauthorised sessions within 10 consecutive school weeks.

    A school week: a Monday-Sunday week in which the school had at least
    one session open; with no calendar, a session is open when any pupil
    on the school's roll has a mark other than '#' for it.
    """
    weeks = {}      # urn -> sorted Mondays of its school weeks
    for (urn, _upn), marks in st.marks.items():
        weeks.setdefault(urn, set()).update(
            monday(d) for (d, _s), code in marks.items() if code != "#")
    index = {urn: {m: i for i, m in enumerate(sorted(ws))}
             for urn, ws in weeks.items()}
    emit([["upn", "urn", "first_met"]])
    rows = []
    for urn, upn in sorted(st.enrolments):
        if school and urn != school:
            continue
        marks = st.marks.get((urn, upn), {})
        sessions = sorted(slot for slot, code in marks.items()
                          if code in UNAUTHORISED_FOR_PENALTY)
        seen = []   # school-week index of each unauthorised session so far
        for d, _s in sessions:
            w = index[urn][monday(d)]
            seen.append(w)
            if sum(1 for v in seen if w - 9 <= v <= w) >= 10:
                if d <= as_of:
                    rows.append([upn, "%06d" % urn, d.isoformat()])
                break
    emit(rows)


def run(st, argv):
    ap = argparse.ArgumentParser(prog="oracle.py")
    ap.add_argument("report", choices=["pupils", "schools", "penalty"])
    ap.add_argument("--school", type=int, default=0)
    ap.add_argument("--from", dest="start", type=parse_date)
    ap.add_argument("--to", dest="end", type=parse_date)
    ap.add_argument("--all-ages", action="store_true")
    ap.add_argument("--as-of", type=parse_date)
    a = ap.parse_args(argv)
    # Default period: the academic year of the latest mark (of today when
    # there is none); --from alone runs to the end of its academic year,
    # --to alone from the start of its own.
    latest = st.latest_mark()
    if latest is None:
        latest = parse_date(os.environ.get("ATTEND_TODAY") or
                            datetime.date.today().isoformat())
    start, end = academic_year_bounds(academic_year(latest))
    if a.start and not a.end:
        start, end = a.start, academic_year_bounds(academic_year(a.start))[1]
    elif a.end and not a.start:
        start, end = academic_year_bounds(academic_year(a.end))[0], a.end
    elif a.start and a.end:
        start, end = a.start, a.end
    if a.report == "pupils":
        report_pupils(st, start, end, a.school)
    elif a.report == "schools":
        report_schools(st, start, end, a.school, a.all_ages)
    else:
        if not a.as_of:
            sys.exit("oracle.py: penalty needs --as-of")
        report_penalty(st, a.as_of, a.school)


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit(__doc__)
    cut = argv.index("--")
    files, rest = argv[:cut], argv[cut + 1:]
    st = Store()
    for f in files:
        st.read(f)
    if rest[:1] != ["batch"]:
        run(st, rest)
        return
    out = sys.stdout
    for line in sys.stdin:
        words = shlex.split(line)
        if not words:
            continue
        with open(words[0], "w", newline="") as sys.stdout:
            run(st, words[1:])
    sys.stdout = out


if __name__ == "__main__":
    main()
