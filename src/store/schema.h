#ifndef STORE_SCHEMA_H
#define STORE_SCHEMA_H

#include <stddef.h>

/* The number of migrations, i.e. the newest schema version. */
size_t schema_migration_count(void);
/* The SQL that takes the schema from version-1 to version (1-based). */
const char *schema_migration(size_t version);

#endif
