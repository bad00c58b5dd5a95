#include "core/urn.h"

bool urn_parse(const char *s, size_t len, int32_t *urn)
{
	int32_t v = 0;

	if (len != URN_LEN || s[0] == '0')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*urn = v;
	return true;
}
