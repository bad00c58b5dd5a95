/*
 * Fuzzes the web application's request layer (src/web/server.c and every
 * handler behind web_routes[]): each input is sent as it is, as raw
 * bytes, to the real server running in this process on a loopback port,
 * and the answer read back.  The server, its store and its figures are
 * made once, in a directory under /tmp removed at exit: two schools, Oak
 * (100001) and Elm (100002), a pupil at each with a surname found
 * nowhere else (Zyxoak at Oak, Qwelmby at Elm), six weeks of marks, the
 * LA lead "lead" and Oak's school lead "oak", each signed in.
 *
 * Before an input is sent, these words in it are replaced, so the fuzzer
 * reaches the pages behind the sign-in and their forms:
 *   @LEAD@  lead's session token      @LEADCSRF@  lead's CSRF token
 *   @OAK@   oak's session token       @OAKCSRF@   oak's CSRF token
 *   @UPNOAK@, @UPNELM@  the two pupils' UPNs
 *   @LEN@   the length of what follows the next blank line, to the end
 *           of the input (for Content-Length: of a form with tokens)
 *
 * After each input, aborts unless:
 *   - every answer that came is an HTTP/1.x status line with a status of
 *     100-599 other than 500 (a handler that fails is a bug here: the
 *     store and the figures are sound);
 *   - an input with no session token gets no pupil's surname back;
 *   - an input with only oak's token never gets the Elm pupil's surname.
 * The sanitizers watch the server's threads as they run.  With
 * $FUZZ_VERBOSE set, each answer's status line goes to standard error,
 * with the surnames it holds.
 *
 *   make fuzz && build/fuzz/fuzz-web -dict=fuzz/web.dict fuzz/corpus/web
 */
#define _GNU_SOURCE 1	/* memmem */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "fuzz.h"
#include "ingest/import.h"
#include "store/store.h"
#include "util/strbuf.h"
#include "web/web.h"

#define check(cond) do { if (!(cond)) { \
	fprintf(stderr, "fuzz-web: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

#define MAX_INPUT (32 * 1024)
#define ANSWER_TIMEOUT_MS 2000	/* for the first byte */
#define IDLE_MS 150		/* after the last */

static char dir[64];
static struct strbuf db_path = STRBUF_INIT;
static pthread_t server_thread;
static volatile int server_state;	/* 0 starting, 1 ready, -1 failed */
static int port;
static char lead_token[AUTH_TOKEN_HEX + 1], lead_csrf[AUTH_TOKEN_HEX + 1];
static char oak_token[AUTH_TOKEN_HEX + 1], oak_csrf[AUTH_TOKEN_HEX + 1];
static int64_t lead_id, oak_id;
static struct store *st;	/* the fuzzer's own connection */
static const char upn_oak[] = "G990200125001", upn_elm[] = "H990200125021";

static const struct {
	const char *name, *text;
} seed[] = {
	{ "schools.csv", "urn,laestab,name,phase\n"
	  "100001,9902001,Oak Primary,primary\n"
	  "100002,9902002,Elm Primary,primary\n" },
	{ "pupils.csv", "upn,urn,surname,forename,dob,social_care\n"
	  "G990200125001,100001,Zyxoak,Ann,2016-01-01,\n"
	  "H990200125021,100002,Qwelmby,Bo,2016-02-02,CLA\n" },
};

static void die(const char *what, const struct error *e)
{
	fprintf(stderr, "fuzz-web: %s: %s\n", what, e ? e->msg : strerror(errno));
	abort();
}

static void write_text(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(text, 1, len, f) != len || fclose(f))
		die(path, NULL);
}

static void ready(const struct web_options *o)
{
	(void)o;
	server_state = 1;
}

static void *serve(void *p)
{
	struct web_options *o = p;
	struct error e = ERROR_INIT;

	if (web_serve(o, &e)) {
		server_state = -1;
		return NULL;
	}
	return NULL;
}

static void at_exit(void)
{
	char cmd[128];

	if (server_state == 1) {
		pthread_kill(server_thread, SIGTERM);
		pthread_join(server_thread, NULL);
	}
	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (dir[0] && system(cmd))
		fprintf(stderr, "fuzz-web: could not remove %s\n", dir);
	strbuf_release(&db_path);
}

/* Six weeks of marks, 1 September to 10 October 2025: Ann O, Bo present. */
static void write_register(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct tm tm = { .tm_year = 125, .tm_mon = 8, .tm_mday = 1, .tm_hour = 12 };

	strbuf_addstr(&sb, "upn,urn,date,session,code\n");
	for (int d = 0; d < 40; d++) {
		struct tm day = tm;
		char date[16];

		day.tm_mday += d;
		mktime(&day);
		if (day.tm_wday == 0 || day.tm_wday == 6)
			continue;
		strftime(date, sizeof(date), "%Y-%m-%d", &day);
		strbuf_addf(&sb, "%s,100001,%s,AM,O\n%s,100001,%s,PM,/\n",
			    upn_oak, date, upn_oak, date);
		strbuf_addf(&sb, "%s,100002,%s,AM,/\n%s,100002,%s,PM,\\\n",
			    upn_elm, date, upn_elm, date);
	}
	write_text(path, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void add_user(const char *name, enum role role, const int32_t *urns,
		     size_t nr_urns, int64_t *id, char token[AUTH_TOKEN_HEX + 1],
		     char csrf[AUTH_TOKEN_HEX + 1])
{
	struct user_spec u = {
		.username = name, .name = name, .password = "correct horse battery",
		.role = role, .urns = urns, .nr_urns = nr_urns,
	};
	struct viewer v;
	struct error e = ERROR_INIT;

	if (user_add(st, &u, &e))
		die("user_add", &e);
	if (auth_login(st, name, u.password, "127.0.0.1", &v, &e) != AUTH_OK)
		die("auth_login", &e);
	if (session_create(st, v.user_id, token, csrf, &e))
		die("session_create", &e);
	*id = v.user_id;
	viewer_release(&v);
}

static void setup(void)
{
	static struct web_options o;
	static const int32_t oak[] = { 100001 };
	struct strbuf path = STRBUF_INIT;
	struct import_summary sum;
	struct error e = ERROR_INIT;
	struct importer *im;

	snprintf(dir, sizeof(dir), "/tmp/attend-fuzz-web-XXXXXX");
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	atexit(at_exit);
	setenv("ATTEND_TODAY", "2025-11-04", 1);
	signal(SIGPIPE, SIG_IGN);
	if (auth_init())
		die("auth_init", NULL);
	strbuf_addf(&db_path, "%s/web.db", dir);
	if (store_open(&st, db_path.buf, STORE_WRITE, &e))
		die("store_open", &e);
	im = importer_new(st);
	for (size_t i = 0; i <= sizeof(seed) / sizeof(seed[0]); i++) {
		strbuf_reset(&path);
		if (i < sizeof(seed) / sizeof(seed[0])) {
			strbuf_addf(&path, "%s/%s", dir, seed[i].name);
			write_text(path.buf, seed[i].text, strlen(seed[i].text));
		} else {
			strbuf_addf(&path, "%s/register.csv", dir);
			write_register(path.buf);
		}
		if (import_file(im, path.buf, &sum, &e))
			die(path.buf, &e);
	}
	importer_free(im);
	add_user("lead", ROLE_LA_LEAD, NULL, 0, &lead_id, lead_token, lead_csrf);
	add_user("oak", ROLE_SCHOOL, oak, 1, &oak_id, oak_token, oak_csrf);
	strbuf_release(&path);

	o.db_path = db_path.buf;
	o.bind = "127.0.0.1";
	o.threads = 2;
	o.login_rate = 100000;
	o.hash_threads = 1;
	o.hash_queue = 4;
	o.on_ready = ready;
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	for (int tries = 0; tries < 20 && server_state != 1; tries++) {
		o.port = port = 20000 + rand() % 30000;
		server_state = 0;
		if (pthread_create(&server_thread, NULL, serve, &o))
			die("pthread_create", NULL);
		while (!server_state)
			usleep(10000);
		if (server_state < 0)
			pthread_join(server_thread, NULL);
	}
	if (server_state != 1)
		die("no free port for the server", NULL);
}

/* in, with the @WORDS@ of the header comment replaced, into out. */
static void expand(const uint8_t *data, size_t size, struct strbuf *out)
{
	static const struct {
		const char *word, *value;
	} words[] = {
		{ "@LEADCSRF@", lead_csrf }, { "@OAKCSRF@", oak_csrf },
		{ "@LEAD@", lead_token }, { "@OAK@", oak_token },
		{ "@UPNOAK@", upn_oak }, { "@UPNELM@", upn_elm },
	};

	for (size_t i = 0; i < size; ) {
		size_t w;

		for (w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
			size_t n = strlen(words[w].word);

			if (n <= size - i && !memcmp(data + i, words[w].word, n)) {
				strbuf_addstr(out, words[w].value);
				i += n;
				break;
			}
		}
		if (w == sizeof(words) / sizeof(words[0]))
			strbuf_addch(out, (char)data[i++]);
	}
	for (;;) {
		char *at = memmem(out->buf, out->len, "@LEN@", 5), *body;
		struct strbuf fixed = STRBUF_INIT;
		size_t before;

		if (!at)
			break;
		before = (size_t)(at - out->buf);
		body = memmem(at, out->len - before, "\r\n\r\n", 4);
		strbuf_add(&fixed, out->buf, before);
		strbuf_addf(&fixed, "%zu", body ? out->len - (size_t)(body + 4 - out->buf) : 0);
		strbuf_add(&fixed, at + 5, out->len - before - 5);
		strbuf_reset(out);
		strbuf_add(out, fixed.buf, fixed.len);
		strbuf_release(&fixed);
	}
}

/* A session an input ended (POST /logout) is started again. */
static void keep_signed_in(int64_t id, char token[AUTH_TOKEN_HEX + 1],
			   char csrf[AUTH_TOKEN_HEX + 1])
{
	struct error e = ERROR_INIT;
	int64_t user;
	char now_csrf[AUTH_TOKEN_HEX + 1];

	if (!session_find(st, token, &user, now_csrf))
		return;
	if (session_create(st, id, token, csrf, &e))
		die("session_create", &e);
}

/* Sends req, half-closes, and reads what comes back until the end. */
static void exchange(const struct strbuf *req, struct strbuf *answer)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	size_t sent = 0;
	char buf[16384];

	if (fd < 0)
		die("socket", NULL);
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)))
		die("connect", NULL);
	while (sent < req->len) {
		ssize_t n = send(fd, req->buf + sent, req->len - sent, MSG_NOSIGNAL);

		if (n <= 0)
			break;	/* the server may close on a bad request */
		sent += (size_t)n;
	}
	shutdown(fd, SHUT_WR);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		/* the server keeps the connection: an answer ends when it stops */
		if (poll(&p, 1, answer->len ? IDLE_MS : ANSWER_TIMEOUT_MS) <= 0)
			break;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		strbuf_add(answer, buf, (size_t)n);
	}
	close(fd);
}

/* Every status line in the answer is HTTP/1.x, 100-599, not 500. */
static void check_statuses(const struct strbuf *a)
{
	const char *p = a->buf;

	if (!a->len)
		return;
	check(!strncmp(p, "HTTP/1.", 7));
	while (p) {
		int status;

		check(p[7] == '0' || p[7] == '1');
		check(p[8] == ' ');
		status = atoi(p + 9);
		check(status >= 100 && status <= 599);
		check(status != 500);
		p = strstr(p + 9, "\r\n\r\nHTTP/1.");
		if (p)
			p += 4;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	struct strbuf req = STRBUF_INIT, answer = STRBUF_INIT;
	int lead, oak;

	if (!started) {
		setup();
		started = 1;
	}
	if (size > MAX_INPUT)
		return 0;
	expand(data, size, &req);
	lead = memmem(req.buf, req.len, lead_token, AUTH_TOKEN_HEX) != NULL;
	oak = memmem(req.buf, req.len, oak_token, AUTH_TOKEN_HEX) != NULL;
	exchange(&req, &answer);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "fuzz-web: %.*s%s%s\n",
			getenv("FUZZ_VERBOSE")[0] == '2' ? (int)answer.len :
			(int)(strcspn(answer.buf, "\r")), answer.buf,
			memmem(answer.buf, answer.len, "Zyxoak", 6) ? " Zyxoak" : "",
			memmem(answer.buf, answer.len, "Qwelmby", 7) ? " Qwelmby" : "");
	check_statuses(&answer);
	if (!lead && !oak)
		check(!memmem(answer.buf, answer.len, "Zyxoak", 6) &&
		      !memmem(answer.buf, answer.len, "Qwelmby", 7));
	if (oak && !lead)
		check(!memmem(answer.buf, answer.len, "Qwelmby", 7));
	keep_signed_in(lead_id, lead_token, lead_csrf);
	keep_signed_in(oak_id, oak_token, oak_csrf);
	strbuf_release(&req);
	strbuf_release(&answer);
	return 0;
}
