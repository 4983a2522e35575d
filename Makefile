# embargo - the one entry point for every task.  See README.md.
#
#   make            build libembargo.a and the embargo CLI
#   make demo       build, compile the default snapshot, screen examples/queries.jsonl
#   make test       unit, golden, CLI and fuzz-corpus replay tests
#   make check      the whole suite under AddressSanitizer + UBSan
#   make valgrind   the unit tests under valgrind memcheck
#   make bench      performance figures (docs/performance.md)
#   make serve      the HTTP service on 127.0.0.1:8000 (docs/http.md)
#   make eval       matching quality on the labelled test vectors
#   make fuzz       libFuzzer targets for FUZZ_SECONDS each (tests/fuzz/README.md)
#   make fmt        clang-format the sources
#   make clean      remove everything built

CC ?= cc
BUILD ?= build
PKGS := libxml-2.0 jansson icu-uc icu-i18n zlib liblzma libcrypto
WARN := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion \
        -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla -Werror
OPT ?= -O2 -g
SAN ?=
DEPS_STAMP := $(BUILD)/.deps-ok

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = $(WARN) $(OPT) $(SAN) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             -Iinclude $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lpthread -lm $(LDLIBS)

LIB_SRC := $(shell find src/lib -name '*.c' | sort)
CLI_SRC := $(shell find src/cli -name '*.c' | sort)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
LIB := $(BUILD)/libembargo.a
BIN := $(BUILD)/embargo
SNAP := $(BUILD)/default.emb

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(wildcard tests/unit/support/*.c)

.PHONY: all deps demo test gen-check unit cli-tests golden fuzz-replay check valgrind \
        bench eval fmt fmt-check clean snapshot

all: $(BIN)

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps
	@scripts/install-deps
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/src/cli/%.o: CFLAGS_ALL += -DEMB_DEFAULT_DB=\"$(CURDIR)/$(BUILD)/default.emb\" \
    -DEMB_DATA_DIR=\"$(CURDIR)/data\"

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(OPT) $(SAN) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS_ALL)

include src/server/server.mk

DEFAULT_LISTS := $(shell cat data/default-lists.txt 2>/dev/null | grep -v '^\#' | sed 's/^[^:]*://')

snapshot: $(SNAP)
$(SNAP): $(BIN) data/default-lists.txt $(DEFAULT_LISTS)
	$(BIN) build --default -o $@ --quiet

demo: $(SNAP)
	$(BIN) --db $(SNAP) match --in examples/queries.jsonl --table

$(BUILD)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc/lib -Itests/unit $< $(TEST_SUPPORT) -o $@ $(LIB) \
	    $$(pkg-config --cflags --libs cmocka) $(LDLIBS_ALL)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do \
	    echo "== $$t"; EMB_TEST_DATA=$(CURDIR)/tests/data $$t; done

cli-tests: $(SNAP)
	@EMB=$(CURDIR)/$(BIN) SNAP=$(CURDIR)/$(SNAP) sh tests/cli/run.sh

gen-check:
	@python3 scripts/gen-countries --check
	@python3 scripts/gen-hanja --check

test: deps all gen-check unit cli-tests server-tests fuzz-replay
	@echo "make test: all suites passed"

check:
	$(MAKE) BUILD=build-san SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" OPT="-O1 -g" test

valgrind: $(UNIT_BIN) fuzz-replay-valgrind
	@set -e; for t in $(UNIT_BIN); do \
	    echo "== valgrind $$t"; \
	    EMB_TEST_DATA=$(CURDIR)/tests/data valgrind -q --error-exitcode=1 --leak-check=full \
	        --errors-for-leak-kinds=definite,indirect $$t; done

fmt:
	clang-format -i $$(find include src tests bench -name "*.[ch]" ! -name "*_table.c")

fmt-check:
	clang-format --dry-run --Werror $$(find include src tests bench -name "*.[ch]" ! -name "*_table.c")

clean:
	rm -rf build build-san build-fuzz

include bench/eval.mk
include bench/bench.mk
include fuzz.mk
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
