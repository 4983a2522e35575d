# bench/eval.mk - `make eval`: matching quality on the labelled test
# vectors in data/testvectors (see docs/eval.md).  Included by the
# top-level Makefile, whose $(BUILD)/%.o rule compiles bench/eval*.c with
# the strict CFLAGS_ALL.
#
#   make eval                        every set, full size
#   make eval EVAL_ARGS="--sample 5000 --errors 30"
#   make eval-selftest               the harness's own CSV and metric checks

EVAL_DATA ?= data/testvectors
EVAL_ARGS ?=
EVAL_SELFTEST_SRC := bench/eval_selftest.c
EVAL_SRC := $(filter-out $(EVAL_SELFTEST_SRC),$(sort $(wildcard bench/eval*.c)))
EVAL_OBJ := $(EVAL_SRC:%.c=$(BUILD)/%.o)
EVAL_BIN := $(BUILD)/eval
# The self-test needs no library: only the CSV reader and the metrics.
EVAL_SELFTEST_OBJ := $(BUILD)/bench/eval_selftest.o $(BUILD)/bench/eval_csv.o \
                     $(BUILD)/bench/eval_stats.o
EVAL_SELFTEST_BIN := $(BUILD)/eval-selftest

.PHONY: eval eval-selftest

$(EVAL_BIN): $(EVAL_OBJ) $(LIB)
	$(CC) $(OPT) $(SAN) -o $@ $(EVAL_OBJ) $(LIB) $(LDLIBS_ALL)

eval: $(SNAP) $(EVAL_BIN)
	$(EVAL_BIN) --db $(SNAP) --data $(EVAL_DATA) $(EVAL_ARGS)

$(EVAL_SELFTEST_BIN): $(EVAL_SELFTEST_OBJ)
	$(CC) $(OPT) $(SAN) -o $@ $(EVAL_SELFTEST_OBJ) -lm

eval-selftest: $(EVAL_SELFTEST_BIN)
	$(EVAL_SELFTEST_BIN)

-include $(EVAL_OBJ:.o=.d) $(BUILD)/bench/eval_selftest.d
