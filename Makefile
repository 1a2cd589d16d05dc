# vborder: `make` builds bin/vborder; `make check` runs every test; `make demo`
# runs the main job end to end on a private PostgreSQL under var/.
# SANITIZE=1 builds everything with ASan and UBSan into build/san/.

CC       ?= cc
PKGS     := libpq jansson libbsd-overlay zlib libmd libcsv inih libxml-2.0 \
            icu-uc icu-i18n
PKG_CFLAGS := $(shell pkg-config --cflags $(filter-out libcsv,$(PKGS)) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(filter-out libcsv,$(PKGS)) 2>/dev/null) -lcsv
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARNINGS := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wconversion -Wvla -Werror
CFLAGS   ?= -O2 -g
# Headers are named by their part: "store/store.h", "feeds/feed.h".
CFLAGS   += -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -pthread $(WARNINGS) \
            -Icore -I. $(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS) -lm -pthread

ifeq ($(SANITIZE),1)
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
B        := build/san
BIN      := build/san/vborder
else
B        := build/obj
BIN      := bin/vborder
endif

# FUZZ=1 (what make fuzz builds with): clang, libFuzzer's coverage, ASan and
# UBSan, into build/fuzz/.
ifeq ($(FUZZ),1)
CC       := clang
CFLAGS   += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=fuzzer,address,undefined
FUZZ_MAIN_FLAGS := -DFUZZ_LIBFUZZER
B        := build/fuzz/obj
endif

# core/ is one folder per part (ingest, lists, match, screen, targets, ...).
CORE_SRC  := $(wildcard core/*/*.c)
FEEDS_SRC := $(wildcard feeds/*.c)
CMD_SRC   := $(wildcard cmd/*.c)
TEST_SRC  := $(wildcard tests/test_*.c)
TESTLIB_SRC := $(filter-out tests/test_%.c,$(wildcard tests/*.c))

CORE_OBJ  := $(CORE_SRC:%.c=$(B)/%.o) $(B)/gen/migrations.o $(B)/gen/ports.o \
             $(B)/gen/roles.o $(B)/gen/version.o
MIGRATIONS := $(sort $(wildcard sql/[0-9]*.sql))
FEEDS_OBJ := $(FEEDS_SRC:%.c=$(B)/%.o)
CMD_OBJ   := $(CMD_SRC:%.c=$(B)/%.o)
TESTLIB_OBJ := $(TESTLIB_SRC:%.c=$(B)/%.o)
TESTS     := $(TEST_SRC:tests/%.c=$(B)/tests/%)
LIBS      := $(B)/libvbfeeds.a $(B)/libvbcore.a
# core and feeds call each other (ingest parses; parsers normalise).
LINK_LIBS := -Wl,--start-group $(LIBS) -Wl,--end-group

.PHONY: all check demo deps clean bench bench-day bench-api-day tests screenshot install uninstall FORCE
all: $(BIN)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# The migrations travel inside the binary (see sql/embed.sh).
$(B)/gen/migrations.c: sql/embed.sh $(MIGRATIONS)
	@mkdir -p $(@D)
	sql/embed.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@
$(B)/gen/migrations.o: $(B)/gen/migrations.c
	$(CC) $(CFLAGS) -c -o $@ $<

# So do the ports and their time zones (sql/ports.tsv, see docs/ports.md).
# The version run records keep; rewritten only when it changes.
VERSION := $(shell git -C '$(CURDIR)' describe --always --dirty 2>/dev/null || echo unknown)
$(B)/gen/version.c: FORCE
	@mkdir -p $(dir $@)
	@printf 'const char vborder_version[] = "%s";\n' '$(VERSION)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(B)/gen/version.o: $(B)/gen/version.c
	$(CC) $(CFLAGS) -c -o $@ $<

FORCE:

$(B)/gen/ports.c: sql/embed-data.sh sql/ports.tsv
	@mkdir -p $(@D)
	sql/embed-data.sh norm/ports.h store_ports_tsv sql/ports.tsv > $@.tmp && mv $@.tmp $@
$(B)/gen/ports.o: $(B)/gen/ports.c core/norm/ports.h
	$(CC) $(CFLAGS) -c -o $@ $<

# And the database roles' grants (sql/roles.sql, `vborder db roles`).
$(B)/gen/roles.c: sql/embed-data.sh sql/roles.sql
	@mkdir -p $(@D)
	sql/embed-data.sh store/store.h store_roles_sql sql/roles.sql > $@.tmp && mv $@.tmp $@
$(B)/gen/roles.o: $(B)/gen/roles.c core/store/store.h
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libvbcore.a: $(CORE_OBJ)
	$(AR) rcs $@ $^
$(B)/libvbfeeds.a: $(FEEDS_OBJ)
	$(AR) rcs $@ $^

$(BIN): $(CMD_OBJ) $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(CMD_OBJ) $(LINK_LIBS) $(LDLIBS)

$(B)/tests/%: $(B)/tests/%.o $(TESTLIB_OBJ) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $< $(TESTLIB_OBJ) $(LINK_LIBS) $(LDLIBS) $(CMOCKA_LIBS)

tests: $(BIN) $(TESTS)

# Fuzzing (docs/FUZZING.md). tests/fuzz/fuzz_<target>.c holds fuzz_<target>(),
# one entry point over any bytes; tests/fuzz/main.c makes it a program:
# libFuzzer's with FUZZ=1 (build/fuzz/<target>), else a replay of the files
# and folders it is given ($(B)/fuzz/<target>). make check replays every
# target's seeds and kept crashers (tests/test_fuzz_regressions.c).
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS ?= $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_OBJ     := $(FUZZ_SRC:%.c=$(B)/%.o) $(B)/tests/fuzz/common.o
FUZZ_OUT     := $(if $(filter 1,$(FUZZ)),build/fuzz,$(B)/fuzz)
FUZZ_PROGS   := $(FUZZ_TARGETS:%=$(FUZZ_OUT)/%)
# Seconds each target runs in make fuzz.
FUZZ_SECONDS ?= 600
# What make fuzz needs beyond DEB_PKGS; make check never does.
FUZZ_DEB_PKGS := clang libclang-rt-dev

$(B)/fuzz/main-%.o: tests/fuzz/main.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(FUZZ_MAIN_FLAGS) -DFUZZ_FN=fuzz_$* -MMD -MP -c -o $@ $<

$(FUZZ_PROGS): $(FUZZ_OUT)/%: $(B)/fuzz/main-%.o $(B)/tests/fuzz/fuzz_%.o \
    $(B)/tests/fuzz/common.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LINK_LIBS) $(LDLIBS)

$(B)/tests/test_fuzz_regressions: $(B)/tests/test_fuzz_regressions.o \
    $(FUZZ_OBJ) $(TESTLIB_OBJ) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $< $(FUZZ_OBJ) $(TESTLIB_OBJ) $(LINK_LIBS) \
	    $(LDLIBS) $(CMOCKA_LIBS)

.PHONY: fuzz fuzz-build fuzz-deps
fuzz-build: $(FUZZ_PROGS)

# Each target for FUZZ_SECONDS, one after the other (FUZZ_TARGETS="a b"
# for some); corpora and crashers under build/fuzz/ (tests/fuzz/run-fuzz).
fuzz: deps fuzz-deps
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run-fuzz build/fuzz $(FUZZ_TARGETS)

fuzz-deps:
	@$(MAKE) --no-print-directory deps DEB_PKGS='$(FUZZ_DEB_PKGS)'

$(B)/bench: $(B)/tests/bench/bench.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $< $(LINK_LIBS) $(LDLIBS)

# Speed and memory on synthetic data (BENCHMARKS.md keeps the figures).
# BENCH_ARGS: watchlist entries and manifest people, e.g. "1000000 1000000".
BENCH_ARGS ?= 100000 100000
# BENCH_LIST: entries of the generated watchlist loaded into a throwaway PostgreSQL.
BENCH_LIST ?= 1000000
# BENCH_SCREEN: list entries, travellers and rules of the database screen.
BENCH_SCREEN ?= 100000 100000 200
bench: deps $(B)/bench $(BIN)
	$(B)/bench $(BENCH_ARGS)
	VBORDER_BIN=$(CURDIR)/$(BIN) tests/bench/bench-watchlist $(BENCH_LIST)
	VBORDER_BIN=$(CURDIR)/$(BIN) tests/bench/bench-screen $(BENCH_SCREEN)
	VBORDER_BIN=$(CURDIR)/$(BIN) tests/bench/bench-ingest $(BENCH_INGEST)
	tests/eval-names -q --bin $(CURDIR)/$(BIN)

# One generated day of a large border (tests/bench/gen-day: flights with API
# and PNR, cargo in every format, four agencies' lists, rules, planted
# matches) through load, ingest, screen, lists and the last hour's run,
# timed. BENCH_DAY: its scale (1 is the whole day; BENCHMARKS.md).
BENCH_DAY ?= 0.1
bench-day: deps $(BIN)
	VBORDER_BIN=$(CURDIR)/$(BIN) tests/bench/bench-day $(BENCH_DAY)

# The measure issue 14 was filed with: API lists only, a list of a million
# people, the day, its last hour and nothing new (tests/bench/bench-api-day).
# BENCH_API_DAY: files, passengers per file, list entries.
BENCH_API_DAY ?= 1500 200 1000000
bench-api-day: deps $(BIN)
	VBORDER_BIN=$(CURDIR)/$(BIN) tests/bench/bench-api-day $(BENCH_API_DAY)

# Every test binary, then again with the clock FUTURE ahead (libfaketime:
# no test may depend on the day it runs; FUTURE= skips it), then one
# summary line for CI.
FUTURE ?= +800d
check: deps
	@$(MAKE) --no-print-directory tests
	@VBORDER_BIN=$(CURDIR)/$(BIN) VBORDER_ROOT=$(CURDIR) \
		tests/run-tests $(if $(FUTURE),--future '$(FUTURE)') $(TESTS)

demo: deps
	@$(MAKE) --no-print-directory all
	@VBORDER_BIN=$(CURDIR)/$(BIN) tests/demo/run-demo

# Debian packages the build, the tests and the demo need (README says why each).
DEB_PKGS := gcc make pkg-config libpq-dev libjansson-dev zlib1g-dev libbsd-dev \
            libmd-dev libcsv-dev libinih-dev libxml2-dev libicu-dev libcmocka-dev \
            postgresql-15 python3 \
            faketime openssh-server openssh-client chromium fonts-dejavu-core \
            man-db

deps:
	@missing=$$(for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing" $$missing; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# make install PREFIX=/usr/local DESTDIR=...: the binary, the cron wrapper
# and schedule and the Slurm batch script (their paths made PREFIX's), an example configuration (0640:
# it may name the database's password) and the man page. An operator's
# vborder.conf is never overwritten. make uninstall removes them again.
PREFIX     ?= /usr/local
SYSCONFDIR ?= /etc
MANDIR     ?= $(PREFIX)/share/man
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/vborder \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(SYSCONFDIR)/cron.d
	install -d -m 0750 $(DESTDIR)$(SYSCONFDIR)/vborder
	install -m 0755 bin/vborder $(DESTDIR)$(PREFIX)/bin/vborder
	sed 's|/usr/local|$(PREFIX)|g; s|/etc/vborder|$(SYSCONFDIR)/vborder|g' \
	    cron/vborder-run > $(DESTDIR)$(PREFIX)/lib/vborder/vborder-run
	chmod 0755 $(DESTDIR)$(PREFIX)/lib/vborder/vborder-run
	sed 's|/usr/local|$(PREFIX)|g; s|/etc/vborder|$(SYSCONFDIR)/vborder|g' \
	    cron/vborder-run.sbatch > $(DESTDIR)$(PREFIX)/lib/vborder/vborder-run.sbatch
	chmod 0755 $(DESTDIR)$(PREFIX)/lib/vborder/vborder-run.sbatch
	sed 's|/usr/local|$(PREFIX)|g; s|/etc/vborder|$(SYSCONFDIR)/vborder|g' \
	    cron/vborder.cron > $(DESTDIR)$(SYSCONFDIR)/cron.d/vborder
	chmod 0644 $(DESTDIR)$(SYSCONFDIR)/cron.d/vborder
	install -m 0640 docs/vborder.conf.example \
	    $(DESTDIR)$(SYSCONFDIR)/vborder/vborder.conf.example
	sed 's|/usr/local|$(PREFIX)|g; s|/etc/|$(SYSCONFDIR)/|g' docs/vborder.1 \
	    > $(DESTDIR)$(MANDIR)/man1/vborder.1
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/vborder.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/vborder \
	    $(DESTDIR)$(PREFIX)/lib/vborder/vborder-run \
	    $(DESTDIR)$(PREFIX)/lib/vborder/vborder-run.sbatch \
	    $(DESTDIR)$(SYSCONFDIR)/cron.d/vborder \
	    $(DESTDIR)$(SYSCONFDIR)/vborder/vborder.conf.example \
	    $(DESTDIR)$(MANDIR)/man1/vborder.1
	-rmdir $(DESTDIR)$(PREFIX)/lib/vborder $(DESTDIR)$(SYSCONFDIR)/vborder 2>/dev/null

# The example list the README shows: the demo's ZQ714, rendered headless.
screenshot: demo
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --user-data-dir=var/chromium --window-size=1240,1500 \
	    --screenshot=docs/target-list.png \
	    file://$(CURDIR)/var/targets/2026-11-27/ZQ714_FRA-JFK.html

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)
