# bench/bench.mk - `make bench`: the performance figures of issue 4 (see
# docs/performance.md).  Included by the top-level Makefile, whose
# $(BUILD)/%.o rule compiles bench/bench*.c with the strict CFLAGS_ALL.
# Not part of `make test`; takes a few minutes.
#
#   make bench                                   everything, table into docs/performance.md
#   make bench BENCH_ARGS="--no-pg --queries 4000"   quicker, no PostgreSQL
#   make bench BENCH_DOC=                        do not touch docs/performance.md
#
# bench/pg_trgm.sh installs postgresql-15 with apt-get when it is missing.

BENCH_ARGS ?=
BENCH_DOC ?= docs/performance.md
BENCH_SRC := $(sort $(wildcard bench/bench*.c))
BENCH_OBJ := $(BENCH_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN := $(BUILD)/bench/bench
BENCH_OUT := $(BUILD)/bench-out

.PHONY: bench

$(BENCH_BIN): $(BENCH_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(OPT) $(SAN) -o $@ $(BENCH_OBJ) $(LIB) $(LDLIBS_ALL)

bench: $(SNAP) $(BENCH_BIN)
	$(BENCH_BIN) run --db $(SNAP) --root $(CURDIR) --out $(BENCH_OUT) \
	    $(if $(BENCH_DOC),--doc $(BENCH_DOC)) $(BENCH_ARGS)

-include $(BENCH_OBJ:.o=.d)
