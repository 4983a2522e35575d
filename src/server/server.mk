# server.mk - Makefile fragment for the HTTP service (src/server), included
# from the top-level Makefile with `-include src/server/server.mk` (after
# the CLI rules).  It compiles src/server/*.c, links them and libmicrohttpd
# into the embargo binary, and builds src/cli/cmd_serve.c with
# EMB_WITH_SERVER so `embargo serve` is the real thing.

SRV_SRC := $(sort $(wildcard src/server/*.c))
SRV_OBJ := $(SRV_SRC:%.c=$(BUILD)/%.o)
SRV_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
SRV_LIBS := $(shell pkg-config --libs libmicrohttpd 2>/dev/null)

$(SRV_OBJ): CFLAGS_ALL += $(SRV_CFLAGS)
$(BUILD)/src/cli/cmd_serve.o: CFLAGS_ALL += -DEMB_WITH_SERVER $(SRV_CFLAGS)
# rebuilt when this fragment starts (or stops) being included
$(BUILD)/src/cli/cmd_serve.o: src/server/server.mk Makefile

CLI_OBJ += $(SRV_OBJ)
$(BIN): $(SRV_OBJ)
LDLIBS_ALL += $(SRV_LIBS)

.PHONY: serve server-tests
serve: $(SNAP)
	$(BIN) --db $(SNAP) serve --listen 127.0.0.1:8000

server-tests: $(BIN) $(SNAP)
	@EMB=$(CURDIR)/$(BIN) SNAP=$(CURDIR)/$(SNAP) sh tests/server/run.sh

-include $(SRV_OBJ:.o=.d)
