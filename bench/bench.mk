# bench/bench.mk - `make bench`: the performance figures of issue 4 (see
# docs/performance.md).  Included by the top-level Makefile, whose
# $(BUILD)/%.o rule compiles bench/bench*.c with the strict CFLAGS_ALL.
# Not part of `make test`; takes a few minutes.
#
#   make bench                                   everything, table into docs/performance.md
#   make bench BENCH_ARGS="--no-pg --queries 4000"   quicker, no PostgreSQL
#   make bench BENCH_DOC=                        do not touch docs/performance.md
#   make bench-http                              only the HTTP load test (issue 5)
#
# bench/pg_trgm.sh installs postgresql-15 with apt-get when it is missing;
# bench/wrk_match.sh (`embargo serve` under wrk: load, overload, reload;
# about a minute) installs wrk the same way.  `make bench` runs it last;
# it exits nonzero when an HTTP bar is missed.

BENCH_ARGS ?=
BENCH_DOC ?= docs/performance.md
BENCH_SRC := $(sort $(wildcard bench/bench*.c))
BENCH_OBJ := $(BENCH_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN := $(BUILD)/bench/bench
BENCH_OUT := $(BUILD)/bench-out

# The HTTP load test, writing its "## HTTP service" section of BENCH_DOC.
BENCH_HTTP = EMB=$(CURDIR)/$(BIN) SNAP=$(CURDIR)/$(SNAP) sh bench/wrk_match.sh \
	$(if $(BENCH_DOC),--doc $(BENCH_DOC))

.PHONY: bench bench-http

$(BENCH_BIN): $(BENCH_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(OPT) $(SAN) -o $@ $(BENCH_OBJ) $(LIB) $(LDLIBS_ALL)

bench: $(SNAP) $(BENCH_BIN) $(BIN)
	$(BENCH_BIN) run --db $(SNAP) --root $(CURDIR) --out $(BENCH_OUT) \
	    $(if $(BENCH_DOC),--doc $(BENCH_DOC)) $(BENCH_ARGS)
	$(BENCH_HTTP)

bench-http: $(SNAP) $(BIN)
	$(BENCH_HTTP)

-include $(BENCH_OBJ:.o=.d)
