# Shared by the web tests (t05NN, t06NN), sourced after test-lib.sh: a
# small authority with one pupil of each kind, users of every role, and
# a server on a free port, stopped when the script ends; and the helpers
# that speak to it.
#
# web_fixture [--setup]: makes the fixture in the current directory and
# starts the server.  Its steps are checks of their own; with --setup
# (the browser scripts, whose checks are the walk's) they only prepare,
# and a failure bails out.  Sets A B C D (UPNs), db, port, server, base.
web_fixture() {
web_step_=test_expect_success
[ "$1" = --setup ] && web_step_=test_setup
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
$web_step_ 'fixture imports' '
	$ATTEND --db $db import schools.csv pupils.csv register.csv >/dev/null
'
add() { echo "correct horse battery" | $ATTEND --db $db user add "$@" >/dev/null; }
$web_step_ 'users of every role are added' '
	add lead --name "Lena Lead" --role la_lead &&
	add officer --name "Olly Officer" --role la_officer --schools 100001 &&
	add oak --name "Oak Lead" --role school --schools 100001 &&
	add sw --name "Sam Social" --role social_worker --pupils "$A" &&
	add vs --name "Vic Virtual" --role virtual_school &&
	add gov --name "Gail Governor" --role governor --schools 100001
'
$web_step_ 'a short password is refused' '
	echo "short" | test_exit_is 1 $ATTEND --db $db user add weak --name W --role la_lead
'

server=
test_atexit '[ -z "$server" ] || kill "$server" 2>/dev/null; wait 2>/dev/null'
web_start_server
}

# web_start_server [SERVE-OPTIONS...]: (re)starts the server on the
# fixture's store, on a free port; sets server, port and base
web_start_server() {
[ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
server=
for try in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 20000))
	ATTEND_INSECURE_COOKIE=1 $ATTEND --db $db serve --port $port "$@" >server.log 2>&1 &
	server=$!
	await_url "http://127.0.0.1:$port/login" $server && break
	kill $server 2>/dev/null; server=
done
base="http://127.0.0.1:$port"
}

# status CURL-ARGS...: the HTTP status of the request; the body is in ./body
status() {
	curl -s -o body -w '%{http_code}' "$@"
}

# login_token JAR [CURL-ARGS...]: fetches the sign-in form into cookie
# jar JAR and prints the pre-session token its form carries
login_token() {
	login_jar_=$1
	shift
	curl -s -c "$login_jar_" -b "$login_jar_" "$@" "$base/login" |
		sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p'
}

# login USER: signs USER in (cookie jar jar.USER) and keeps the CSRF token
# of their forms in csrf.USER
login() {
	rm -f "jar.$1"
	status -c "jar.$1" -b "jar.$1" -d "login_token=$(login_token "jar.$1")" \
		-d "username=$1&password=correct+horse+battery" "$base/login" >/dev/null
	curl -s -b "jar.$1" "$base/alerts" |
		sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1 >"csrf.$1"
}

# as USER CURL-ARGS...: status of a request as USER (signed in by login)
as() {
	as_who_=$1
	shift
	status -b "jar.$as_who_" "$@"
}

# post USER PATH FIELD=VALUE...: status of a form posted as USER, with
# their CSRF token
post() {
	post_who_=$1 post_path_=$2
	shift 2
	post_n_=$#
	for post_field_; do
		set -- "$@" --data-urlencode "$post_field_"
	done
	shift $post_n_
	status -b "jar.$post_who_" --data-urlencode "csrf=$(cat "csrf.$post_who_")" \
		"$@" "$base$post_path_"
}

# check USER PATH STATUS: a check that GET PATH as USER answers STATUS
check() {
	check_who_=$1 check_path_=$2 check_want_=$3
	test_expect_success "$1: GET $2 answers $3" '
		test_is "$(as "$check_who_" "$base$check_path_")" "$check_want_"
	'
}
