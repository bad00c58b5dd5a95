# Shared by the web tests: a small authority with one pupil of each kind,
# users of every role, and a server on a free port.  Sourced, after ok().
# Sets A B C D (UPNs), db, port, server, base.
web_fixture() {
python3 - <<'PY'
import datetime
L = "ABCDEFGHJKLMNPQRTUVWXYZ"
def upn(t):
    s = sum((int(c) if c.isdigit() else L.index(c)) * (i + 2) for i, c in enumerate(t))
    return L[s % 23] + t
open("schools.csv", "w").write("urn,laestab,name,phase\n100001,9902001,Oak <Primary>,primary\n100002,9902002,Elm Primary,primary\n")
pupils = {
    "A": (upn("990200125001"), 100001, "Able", "Ann", "", "2016-01-01"),   # caseload
    "B": (upn("990200125002"), 100001, "<script>alert(1)</script>", "Bo", "", "2016-01-01"),
    "C": (upn("990200125003"), 100002, "Cole", "Cy", "CLA", "2016-01-01"),
    "D": (upn("990200125004"), 100002, "Dale", "Di", "", "2016-01-01"),
}
with open("pupils.csv", "w") as f:
    f.write("upn,urn,surname,forename,dob,social_care\n")
    for u, urn, sn, fn, care, dob in pupils.values():
        f.write(f'{u},{urn},"{sn}",{fn},{dob},{care}\n')
with open("register.csv", "w") as f:
    f.write("upn,urn,date,session,code\n")
    d = datetime.date(2025, 9, 1)
    k = 0
    while d < datetime.date(2025, 10, 31):
        if d.weekday() < 5:
            for s in ("AM", "PM"):
                for key, (u, urn, *_rest) in pupils.items():
                    code = {"A": "N", "B": "/" if k % 2 else "O", "C": "I", "D": "/"}[key]
                    if code == "/" and s == "PM":
                        code = "\\"
                    f.write(f"{u},{urn},{d},{s},{code}\n")
                k += 1
        d += datetime.timedelta(1)
with open("upns", "w") as f:
    for key, p in pupils.items():
        f.write(f"{key}={p[0]}\n")
PY
. ./upns
db=web.db
$ATTEND --db $db import schools.csv pupils.csv register.csv >/dev/null
ok $? "fixture imports"
add() { echo "correct horse battery" | $ATTEND --db $db user add "$@" >/dev/null; }
add lead --name "Lena Lead" --role la_lead &&
add officer --name "Olly Officer" --role la_officer --schools 100001 &&
add oak --name "Oak Lead" --role school --schools 100001 &&
add sw --name "Sam Social" --role social_worker --pupils "$A" &&
add vs --name "Vic Virtual" --role virtual_school &&
add gov --name "Gail Governor" --role governor --schools 100001
ok $? "users of every role are added"
echo "short" | $ATTEND --db $db user add weak --name W --role la_lead >/dev/null 2>&1
[ $? = 1 ]
ok $? "a short password is refused"

for try in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 20000))
	ATTEND_INSECURE_COOKIE=1 $ATTEND --db $db serve --port $port >server.log 2>&1 &
	server=$!
	for wait in $(seq 50); do
		curl -s -o /dev/null "http://127.0.0.1:$port/login" && break
		sleep 0.1
	done
	curl -s -o /dev/null "http://127.0.0.1:$port/login" && break
	kill $server 2>/dev/null; server=
done
base="http://127.0.0.1:$port"
}
