# attend: school attendance for an English local authority.
#
#   make            build ./attend
#   make demo       install what is missing, build, generate and load the
#                   demo authority, print its headline figures
#   make test       install what is missing, build with sanitizers, run
#                   every test (layers, unit, CLI, fuzz corpus replay)
#   make check-layers  list the includes and calls that cross the layers
#   make fuzz       build the libFuzzer targets (clang) into build/fuzz
#   make bench      build attend, run bench/run.sh (bands and school summary
#                   against SQLite, full size) and bench/import.sh; the
#                   others are listed in bench/README.md
#   make install    install attend, attend(1), the systemd units, the
#                   user attend (sysusers.d) and a default attend.conf;
#                   PREFIX (/usr/local) and DESTDIR as usual
#   make uninstall  remove what make install put, but the configuration,
#                   the user and the store
#
# Local overrides go in config.mak (CC, CFLAGS, DEVELOPER=...).

CC = cc
CFLAGS = -O2 -g
DEVELOPER = 1
-include config.mak

STD_CFLAGS = -std=c17 -D_DEFAULT_SOURCE -Isrc -MMD -MP -pthread
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wvla -Wformat=2 -Wpointer-arith -Wcast-qual -Wundef
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror
endif
PKGS = sqlite3 expat libsodium libmicrohttpd libxxhash libcurl cjose jansson gnutls
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lsqlite3 -lexpat -lsodium -lmicrohttpd -lxxhash \
	-lcurl -lcjose -ljansson -lgnutls -lcrypto)
LIBS = $(PKG_LIBS) -lm -pthread

# Quiet by default, like git: "make V=1" shows the full commands.
ifneq ($(V),1)
QUIET_CC = @echo '   ' CC $@;
QUIET_LINK = @echo '   ' LINK $@;
endif

ALL_CFLAGS = $(STD_CFLAGS) $(WARNINGS) $(PKG_CFLAGS) $(CFLAGS)
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
SAN_CFLAGS = $(STD_CFLAGS) $(WARNINGS) -Werror $(PKG_CFLAGS) -O1 -g $(SAN_FLAGS)

LIB_SRC := $(sort $(wildcard src/util/*.c src/core/*.c src/store/*.c src/engine/*.c \
	src/ingest/*.c src/report/*.c src/demo/*.c src/auth/*.c src/casework/*.c \
	src/upload/*.c \
	src/web/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard t/unit/test-*.c))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz-*.c))

REL_LIB_OBJ := $(LIB_SRC:%.c=build/rel/%.o)
REL_CLI_OBJ := $(CLI_SRC:%.c=build/rel/%.o)
SAN_LIB_OBJ := $(LIB_SRC:%.c=build/san/%.o)
SAN_CLI_OBJ := $(CLI_SRC:%.c=build/san/%.o)
UNIT_BIN := $(UNIT_SRC:t/unit/%.c=build/san/t/%)
# Programs the scripts drive, built like the unit tests but not run by
# prove themselves: t/t0800-oidc.sh runs oidc-driver.
DRIVER_BIN := build/san/t/oidc-driver
REPLAY_BIN := $(FUZZ_SRC:fuzz/%.c=build/san/replay-%)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)

# make install: where it puts things.  The units and the configuration
# file name BINDIR and SYSCONFDIR, filled in as they are installed.
PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
SYSCONFDIR = /etc
UNITDIR = $(PREFIX)/lib/systemd/system
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d
INSTALL = install
# The program installed (t/t0910-install.sh installs the sanitizer build).
INSTALL_BIN = attend
UNITS = attend.service attend-backup.service attend-backup.timer

.PHONY: all deps demo test check check-layers fuzz bench national clean man install uninstall
.DELETE_ON_ERROR:
.SECONDARY:

all: attend

deps:
	@sh scripts/deps.sh build

attend: $(REL_LIB_OBJ) $(REL_CLI_OBJ)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(SAN_CFLAGS) -c -o $@ $<

build/san/attend: $(SAN_LIB_OBJ) $(SAN_CLI_OBJ)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS)

build/san/t/%: build/san/t/unit/%.o build/san/t/unit/tap.o $(SAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS)

# Each fuzz target also builds as a plain program that replays its corpus.
build/san/replay-%: build/san/fuzz/%.o build/san/fuzz/replay.o $(SAN_LIB_OBJ)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS)

build/fuzz/%: fuzz/%.c $(LIB_SRC)
	@mkdir -p $(dir $@)
	clang $(STD_CFLAGS) $(PKG_CFLAGS) -O1 -g \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(LIB_SRC) $(LIBS)

demo:
	@sh scripts/deps.sh demo
	@$(MAKE) --no-print-directory attend
	@sh scripts/demo.sh

# make test installs what is missing first, then builds and runs in a
# sub-make so the package flags are read after the install.
test:
	@sh scripts/deps.sh test
	@$(MAKE) --no-print-directory check

check: check-layers build/san/attend $(UNIT_BIN) $(DRIVER_BIN) $(REPLAY_BIN)
	ATTEND=$(CURDIR)/build/san/attend BUILD=$(CURDIR)/build \
		prove --exec '' $(UNIT_BIN) t/t[0-9]*.sh

# What may include or call what (core/ only core/ and util/; no SQLite in
# web/ or cli/; no ingest/ in web/ or demo/): each violation as FILE:LINE.
check-layers:
	@sh scripts/check-layers.sh

fuzz: $(FUZZ_BIN)

# The national-scale benchmark's programs (bench/national/run.sh).
NATIONAL_BIN := build/rel/bench/national/gen build/rel/bench/national/engine_bench
national: $(NATIONAL_BIN)
build/rel/bench/national/%: build/rel/bench/national/%.o $(REL_LIB_OBJ)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

bench: attend
	@sh bench/run.sh
	@sh bench/import.sh

# attend(1), written by attend itself from its command table and the
# option tables of its commands, so that it says what --help says.
man: build/man/attend.1
build/man/attend.1: $(INSTALL_BIN)
	@mkdir -p $(dir $@)
	$(abspath $(INSTALL_BIN)) --help-man >$@+ && mv $@+ $@

install: $(INSTALL_BIN) build/man/attend.1
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
		$(DESTDIR)$(SYSCONFDIR)/attend
	$(INSTALL) -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/attend
	$(INSTALL) -m 644 build/man/attend.1 $(DESTDIR)$(MANDIR)/man1/attend.1
	for u in $(UNITS); do \
		src=dist/$$u; [ -f $$src ] || src=dist/$$u.in; \
		sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
			$$src >$(DESTDIR)$(UNITDIR)/$$u+ && \
		chmod 644 $(DESTDIR)$(UNITDIR)/$$u+ && \
		mv $(DESTDIR)$(UNITDIR)/$$u+ $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done
	$(INSTALL) -m 644 dist/attend.sysusers $(DESTDIR)$(SYSUSERSDIR)/attend.conf
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/attend/attend.conf ]; then \
		echo "install: $(DESTDIR)$(SYSCONFDIR)/attend/attend.conf kept" \
			"(the new default is dist/attend.conf)"; \
	else \
		echo $(INSTALL) -m 644 dist/attend.conf \
			$(DESTDIR)$(SYSCONFDIR)/attend/attend.conf; \
		$(INSTALL) -m 644 dist/attend.conf \
			$(DESTDIR)$(SYSCONFDIR)/attend/attend.conf; \
	fi
	@if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers >/dev/null; then \
		echo systemd-sysusers $(SYSUSERSDIR)/attend.conf; \
		systemd-sysusers $(SYSUSERSDIR)/attend.conf; \
	fi
	@[ -n "$(DESTDIR)" ] || echo "install: next, systemctl daemon-reload;" \
		"systemctl enable --now attend.service attend-backup.timer"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/attend $(DESTDIR)$(MANDIR)/man1/attend.1 \
		$(addprefix $(DESTDIR)$(UNITDIR)/,$(UNITS)) \
		$(DESTDIR)$(SYSUSERSDIR)/attend.conf
	@echo "uninstall: $(SYSCONFDIR)/attend/attend.conf, the user attend and" \
		"/var/lib/attend (the store and its backups) are left as they are"

clean:
	rm -rf build attend

-include $(shell find build -name '*.d' 2>/dev/null)
