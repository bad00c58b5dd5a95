#ifndef STORE_CONFIG_H
#define STORE_CONFIG_H

#include <stddef.h>

#include "store/store.h"
#include "util/error.h"

/*
 * The settings an authority makes once and the store keeps (in its meta
 * table, as config.KEY): la_code, its 3-digit LA number, and
 * statistical_neighbours, theirs, comma-separated.
 */

/* The setting's value in out (n bytes); -1 if it is not set. */
int config_get(struct store *st, const char *key, char *out, size_t n);
/* Sets a known key to a valid value: ERROR_USAGE or ERROR_INPUT if not. */
int config_set(struct store *st, const char *key, const char *value,
	       struct error *e);
/* The keys config_set accepts, with their help text; { NULL, NULL } ends. */
extern const char *const config_keys[][2];

#endif
