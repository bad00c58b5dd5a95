/*
 * Runs a fuzz target on files and on the files of directories, so every
 * test run replays the corpus kept in fuzz/corpus/ without libFuzzer:
 *
 *   build/san/replay-fuzz-csv fuzz/corpus/csv [FILE...]
 *   FUZZ_CORPUS=fuzz/corpus/csv build/san/replay-fuzz-csv
 *
 * With no arguments it replays the directory named by $FUZZ_CORPUS.  It
 * speaks TAP: "ok N - replay PATH" once each input has run, and the plan
 * at the end.  A target that finds a broken invariant aborts, and a
 * sanitizer ends the process: either way "not ok N - replay PATH" names
 * the input first, and the missing plan and the exit status fail the run.
 *
 * Each input is copied into a buffer of exactly its size, as libFuzzer
 * does, so that AddressSanitizer catches a read one byte past the end.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "util/strbuf.h"

#ifdef __has_feature
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define HAVE_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(HAVE_SANITIZER)
#define HAVE_SANITIZER 1
#endif
#ifdef HAVE_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

/*
 * UndefinedBehaviorSanitizer, a library of its own under gcc, ends the
 * process without calling the death callback set below: have it abort
 * instead, so the SIGABRT handler names the input.  $UBSAN_OPTIONS can
 * still say otherwise.
 */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "abort_on_error=1:print_stacktrace=1:halt_on_error=1";
}

/* The input being run and its test number, for the death report. */
static const char *current;
static long count;

/* Async-signal-safe: only write(2) and fixed buffers. */
static void put(const char *s)
{
	size_t n = strlen(s);

	while (n) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void put_long(long v)
{
	char buf[24], *p = buf + sizeof(buf) - 1;

	*p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(p);
}

static void report_death(void)
{
	if (!current)
		return;
	put("not ok ");
	put_long(count + 1);
	put(" - replay ");
	put(current);
	put("\n# the target died on this input: see its standard error\n");
	current = NULL;
}

static void on_abort(int sig)
{
	report_death();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	uint8_t *data;
	size_t len;

	if (strbuf_read_file(&sb, path)) {
		printf("not ok %ld - replay %s\n# %s\n", ++count, path,
		       strerror(errno));
		return 1;
	}
	len = sb.len;
	data = xmalloc(len ? len : 1);
	memcpy(data, sb.buf, len);
	strbuf_release(&sb);
	fflush(stdout);
	current = path;
	LLVMFuzzerTestOneInput(data, len);
	current = NULL;
	free(data);
	printf("ok %ld - replay %s\n", ++count, path);
	return 0;
}

static int run_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0;
	int rc = 0;

	if (!d) {
		printf("not ok %ld - replay %s\n# %s\n", ++count, path,
		       strerror(errno));
		return 1;
	}
	while ((de = readdir(d))) {
		struct strbuf name = STRBUF_INIT;
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		strbuf_addf(&name, "%s/%s", path, de->d_name);
		if (stat(name.buf, &sb) || !S_ISREG(sb.st_mode)) {
			strbuf_release(&name);
			continue;
		}
		names = xrealloc(names, (nr + 1) * sizeof(*names));
		names[nr++] = strbuf_detach(&name, NULL);
	}
	closedir(d);
	if (nr)
		qsort(names, nr, sizeof(*names), by_name);
	for (size_t i = 0; i < nr; i++) {
		rc |= run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int run_path(const char *path)
{
	struct stat sb;

	if (stat(path, &sb)) {
		printf("not ok %ld - replay %s\n# %s\n", ++count, path,
		       strerror(errno));
		return 1;
	}
	return S_ISDIR(sb.st_mode) ? run_dir(path) : run_file(path);
}

int main(int argc, char **argv)
{
	const char *env = getenv("FUZZ_CORPUS");
	int rc = 0;

	signal(SIGABRT, on_abort);
#ifdef HAVE_SANITIZER
	__sanitizer_set_death_callback(report_death);
#endif
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			rc |= run_path(argv[i]);
	} else if (env && *env) {
		rc |= run_path(env);
	} else {
		fprintf(stderr, "usage: %s FILE-OR-DIRECTORY... "
			"(or set FUZZ_CORPUS to a directory)\n", argv[0]);
		return 2;
	}
	printf("1..%ld\n", count);
	/* Out before LeakSanitizer's check at exit, which ends with _exit. */
	fflush(stdout);
	return rc;
}
