#include "core/annual.h"

size_t suppress_apply(const uint64_t *cells, size_t nr_cells,
		      const struct suppress_group *groups, size_t nr_groups,
		      bool *hidden)
{
	size_t secondary = 0;
	bool changed = true;

	for (size_t i = 0; i < nr_cells; i++)
		hidden[i] = suppress_is_low(cells[i]);
	while (changed) {
		changed = false;
		for (size_t g = 0; g < nr_groups; g++) {
			const struct suppress_group *grp = &groups[g];
			size_t nr_hidden = hidden[grp->total], pick = nr_cells;

			for (size_t m = 0; m < grp->nr_members; m++)
				nr_hidden += hidden[grp->members[m]];
			if (nr_hidden != 1)
				continue;
			for (size_t m = 0; m < grp->nr_members; m++) {
				size_t c = grp->members[m];
				if (hidden[c])
					continue;
				if (pick == nr_cells || cells[c] < cells[pick] ||
				    (cells[c] == cells[pick] && c < pick))
					pick = c;
			}
			if (pick == nr_cells)
				continue;
			hidden[pick] = true;
			secondary++;
			changed = true;
		}
	}
	return secondary;
}

bool code_share_outlier(uint64_t code, uint64_t absent, uint64_t others_code,
			uint64_t others_absent)
{
	if (code < CODE_OUTLIER_MIN_SESSIONS || !absent)
		return false;
	if (!others_code)
		return true;
	return code * others_absent > CODE_OUTLIER_RATIO * others_code * absent;
}

uint64_t sample_key(uint64_t *state, unsigned weight)
{
	uint64_t key = 0;

	for (unsigned i = 0; i < (weight ? weight : 1); i++) {
		uint64_t u = sample_next(state);
		if (u > key)
			key = u;
	}
	return key;
}
