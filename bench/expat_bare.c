/*
 * The baseline for the CTF import benchmark: expat parsing the same files
 * with handlers that do nothing, so the ratio shows what attend's own
 * work costs on top of the parse.
 *   expat_bare FILE...   prints bytes and seconds
 */
#include <expat.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void start(void *u, const XML_Char *n, const XML_Char **a)
{
	(void)u; (void)n; (void)a;
}

static void end(void *u, const XML_Char *n)
{
	(void)u; (void)n;
}

static void text(void *u, const XML_Char *s, int len)
{
	(void)u; (void)s; (void)len;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	size_t bytes = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		struct stat sb;
		char *p;
		XML_Parser x;

		if (fd < 0 || fstat(fd, &sb)) {
			perror(argv[i]);
			return 1;
		}
		p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (p == MAP_FAILED) {
			perror(argv[i]);
			return 1;
		}
		x = XML_ParserCreateNS(NULL, '|');
		XML_SetElementHandler(x, start, end);
		XML_SetCharacterDataHandler(x, text);
		for (off_t off = 0; off < sb.st_size; off += 65536) {
			size_t n = (size_t)(sb.st_size - off < 65536 ? sb.st_size - off : 65536);
			if (XML_Parse(x, p + off, (int)n, off + (off_t)n >= sb.st_size) ==
			    XML_STATUS_ERROR) {
				fprintf(stderr, "%s: %s\n", argv[i],
					XML_ErrorString(XML_GetErrorCode(x)));
				return 1;
			}
		}
		XML_ParserFree(x);
		munmap(p, (size_t)sb.st_size);
		bytes += (size_t)sb.st_size;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%zu %.3f\n", bytes, (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
