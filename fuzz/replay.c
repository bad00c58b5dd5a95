/*
 * Runs a fuzz target on files and on the files of directories, so every
 * test run replays the corpus kept in fuzz/corpus/ without libFuzzer:
 *
 *   build/san/replay-fuzz-ctf fuzz/corpus/ctf [FILE...]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util/strbuf.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path, long *runs)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, path)) {
		perror(path);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)sb.buf, sb.len);
	strbuf_release(&sb);
	(*runs)++;
	return 0;
}

static int run_dir(const char *path, long *runs)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0;
	int rc = 0;

	if (!d) {
		perror(path);
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
	qsort(names, nr, sizeof(*names), by_name);
	for (size_t i = 0; i < nr; i++) {
		rc |= run_file(names[i], runs);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	long runs = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		struct stat sb;

		if (stat(argv[i], &sb)) {
			perror(argv[i]);
			rc = 1;
		} else if (S_ISDIR(sb.st_mode)) {
			rc |= run_dir(argv[i], &runs);
		} else {
			rc |= run_file(argv[i], &runs);
		}
	}
	printf("%s: %ld inputs replayed\n", argv[0], runs);
	return rc;
}
