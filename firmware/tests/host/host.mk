# Native unit tests of portable firmware code. Each HOST_TESTS entry T has T_SRCS (and optional
# T_ARGS, T_CFLAGS, T_LDLIBS); `make host-tests` builds $(BUILD)/host/T with the host compiler and
# runs each one; any failure fails the target. The rules are expanded in the Makefile after every
# fragment is included (host_test_rule).
HOST_BIN := $(BUILD)/host

define host_test_rule
$(HOST_BIN)/$(1): $$($(1)_SRCS) $$(wildcard */*.h */*/*.h)
	@mkdir -p $(HOST_BIN)
	$$(HOSTCC) $$(HOSTCFLAGS) $$($(1)_CFLAGS) -o $$@ $$($(1)_SRCS) $$($(1)_LDLIBS)
endef
