# fuzz.mk - libFuzzer targets and their corpus replay (tests/fuzz/README.md,
# docs/security.md).  Included from the Makefile; uses its BUILD, CC, SAN,
# CFLAGS_ALL, LDLIBS_ALL and LIB.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="un ofac"]
#       builds every target with clang + libFuzzer + ASan/UBSan into
#       build-fuzz/, runs each one in turn for FUZZ_SECONDS, merges inputs
#       that add coverage into tests/fuzz/corpus/<name>/ (re-minimised) and
#       copies every crash, leak, timeout or OOM input into
#       tests/fuzz/regress/<name>/ (then fails).
#   make fuzz-cmin
#       re-minimises each committed corpus from scratch (-merge=1 into an
#       empty directory, which then replaces the corpus).
#   (a crash found is also written to build-fuzz/artifacts/<name>/ and its
#   log kept in build-fuzz/<name>.log.)
#   make fuzz-replay [FUZZ_RUNNER=...]
#       builds the targets as plain programs (tests/fuzz/replay_main.c) with
#       $(CC) and $(SAN) into $(BUILD)/fuzz/ and replays corpus + regress
#       inputs: part of make test, and of make check (build-san).
#   make fuzz-replay-valgrind
#       the same under valgrind memcheck (about a minute).

FUZZ_NAMES := un sema ofac ofac_cons csl bis_dpl eu uk ofsi ftm \
              name_norm analyze country snapshot query scan cli http
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_DIR := build-fuzz
FUZZ_FLAGS ?= -rss_limit_mb=2048 -timeout=20 -print_final_stats=1
FUZZ_RUNNER ?=
FUZZ_SUPPORT := tests/unit/support/fixture.c
FUZZ_HEADERS := $(wildcard tests/fuzz/*.h)
FUZZ_INC := -Isrc/lib -Isrc -Itests/unit -Itests/fuzz
# The cli and http targets also link the CLI and server objects (all but
# main.o), from an archive so each takes only what it calls.
FUZZ_APP_LIB := $(BUILD)/libembargo-app.a
FUZZ_APP_USERS := cli http

FUZZ_REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-cmin fuzz-replay fuzz-replay-valgrind

# ---- replay programs (normal compiler, normal library build) ----

$(FUZZ_APP_LIB): $(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJ))
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_APP_USERS:%=$(BUILD)/fuzz/fuzz_%) $(FUZZ_APP_USERS:%=$(FUZZ_DIR)/fuzzers/fuzz_%): \
    FUZZ_APP = $(FUZZ_APP_LIB)
$(FUZZ_APP_USERS:%=$(BUILD)/fuzz/fuzz_%) $(FUZZ_APP_USERS:%=$(FUZZ_DIR)/fuzzers/fuzz_%): \
    $(FUZZ_APP_LIB)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c $(FUZZ_SUPPORT) \
                      $(FUZZ_HEADERS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(FUZZ_INC) $< tests/fuzz/replay_main.c $(FUZZ_SUPPORT) -o $@ \
	    $(FUZZ_APP) $(LIB) $(LDLIBS_ALL)

fuzz-replay: $(FUZZ_REPLAY_BIN)
	@set -e; for n in $(FUZZ_NAMES); do \
	    dirs=""; \
	    for d in tests/fuzz/corpus/$$n tests/fuzz/regress/$$n; do \
	        if [ -d $$d ]; then dirs="$$dirs $$d"; fi; done; \
	    $(FUZZ_RUNNER) $(BUILD)/fuzz/fuzz_$$n $$dirs; done

# ICU keeps its transliterator registry until exit ("possibly lost"); only
# definite and indirect leaks count, as in the Makefile's valgrind target.
FUZZ_VALGRIND := valgrind -q --error-exitcode=1 --leak-check=full \
                 --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect

fuzz-replay-valgrind:
	@$(MAKE) -f $(firstword $(MAKEFILE_LIST)) fuzz-replay FUZZ_RUNNER="$(FUZZ_VALGRIND)"

# ---- libFuzzer programs (clang, build-fuzz/) ----

FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
FUZZ_LF_BIN := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzzers/fuzz_%)

# The library is built by a sub-make with BUILD=build-fuzz so that its
# objects get the fuzzer's instrumentation; the targets link with
# -fsanitize=fuzzer, which supplies main().
fuzz-build:
	$(MAKE) -f $(firstword $(MAKEFILE_LIST)) BUILD=$(FUZZ_DIR) CC=$(FUZZ_CC) SAN="$(FUZZ_SAN)" OPT="-O1 -g" \
	    FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz-lf-bin

.PHONY: fuzz-lf-bin
fuzz-lf-bin: $(FUZZ_LF_BIN)

$(FUZZ_DIR)/fuzzers/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SUPPORT) $(FUZZ_HEADERS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(subst fuzzer-no-link,fuzzer,$(CFLAGS_ALL)) $(FUZZ_INC) $< $(FUZZ_SUPPORT) -o $@ \
	    $(FUZZ_APP) $(LIB) $(LDLIBS_ALL)

# One target at a time (the fuzzers are CPU-bound).  Each run starts from
# the committed corpus and regression inputs and collects new inputs in
# build-fuzz/corpus/<name>/ (kept between runs); then the committed corpus is
# rebuilt as a minimal set covering everything both hold (-merge=1 into an
# empty directory; FUZZ_MERGE_FLAGS=-use_counters=0 keeps it to inputs that
# reach new edges, not just new hit counts, so the corpus stays small).
FUZZ_MERGE_FLAGS ?= -use_counters=0

fuzz: fuzz-build
	@fail=""; for n in $(FUZZ_TARGETS); do \
	    bin=$(FUZZ_DIR)/fuzzers/fuzz_$$n; \
	    work=$(FUZZ_DIR)/corpus/$$n; art=$(FUZZ_DIR)/artifacts/$$n/; \
	    mkdir -p $$work $$art tests/fuzz/corpus/$$n; \
	    seeds="tests/fuzz/corpus/$$n"; \
	    if [ -d tests/fuzz/regress/$$n ]; then seeds="$$seeds tests/fuzz/regress/$$n"; fi; \
	    echo "== fuzz $$n for $(FUZZ_SECONDS)s"; \
	    $$bin $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$$art \
	        $$work $$seeds > $(FUZZ_DIR)/$$n.log 2>&1 || fail="$$fail $$n"; \
	    grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' $(FUZZ_DIR)/$$n.log | tail -1; \
	    for a in $$art*; do \
	        [ -f "$$a" ] || continue; \
	        mkdir -p tests/fuzz/regress/$$n; cp "$$a" tests/fuzz/regress/$$n/; rm -f "$$a"; \
	        echo "   finding kept: tests/fuzz/regress/$$n/$$(basename $$a)"; done; \
	    $(MAKE) -s -f $(firstword $(MAKEFILE_LIST)) fuzz-merge-one FUZZ_ONE=$$n \
	        FUZZ_FROM="tests/fuzz/corpus/$$n $$work" || fail="$$fail $$n(merge)"; \
	done; \
	if [ -n "$$fail" ]; then echo "make fuzz: findings in:$$fail (logs in $(FUZZ_DIR)/)"; exit 1; fi

# Re-minimises every committed corpus without fuzzing.
fuzz-cmin: fuzz-build
	@set -e; for n in $(FUZZ_TARGETS); do \
	    $(MAKE) -s -f $(firstword $(MAKEFILE_LIST)) fuzz-merge-one FUZZ_ONE=$$n \
	        FUZZ_FROM="tests/fuzz/corpus/$$n"; done

# Replaces tests/fuzz/corpus/$(FUZZ_ONE) by a minimal set covering the
# inputs in $(FUZZ_FROM); the old corpus is kept until the merge succeeds.
.PHONY: fuzz-merge-one
fuzz-merge-one:
	@bin=$(FUZZ_DIR)/fuzzers/fuzz_$(FUZZ_ONE); new=$(FUZZ_DIR)/cmin/$(FUZZ_ONE); \
	rm -rf $$new; mkdir -p $$new; \
	$$bin -merge=1 $(FUZZ_MERGE_FLAGS) $(FUZZ_FLAGS) $$new $(FUZZ_FROM) \
	    > $(FUZZ_DIR)/$(FUZZ_ONE).merge.log 2>&1 || exit 1; \
	rm -f tests/fuzz/corpus/$(FUZZ_ONE)/*; cp $$new/* tests/fuzz/corpus/$(FUZZ_ONE)/; \
	echo "   corpus $(FUZZ_ONE): $$(ls tests/fuzz/corpus/$(FUZZ_ONE) | wc -l) inputs,\
	 $$(cat tests/fuzz/corpus/$(FUZZ_ONE)/* | wc -c) bytes"
