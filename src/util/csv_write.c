#include "util/csv_write.h"

void csv_add_field(struct strbuf *out, const char *s, size_t len)
{
	int needs = 0;

	for (size_t i = 0; i < len && !needs; i++)
		needs = s[i] == ',' || s[i] == '"' || s[i] == '\n' ||
			s[i] == '\r';
	if (!needs) {
		strbuf_add(out, s, len);
		return;
	}
	strbuf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, s[i]);
	}
	strbuf_addch(out, '"');
}
