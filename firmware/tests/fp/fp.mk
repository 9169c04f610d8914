# Matching kernel of the fingerprint service (app/fp_match.h): native test of the C model, and the
# bare-metal image fpmatchtest that runs the same cases on the ARMv4T assembly, checks the 24 MHz
# counter against a 2,000,000-instruction loop and measures the kernel (test/hil/fp-match.test.ts).
HOST_TESTS += test_fp_match
test_fp_match_SRCS := tests/fp/test_fp_match.c app/fp_match.c
test_fp_match_CFLAGS := -Iapp

IMAGES += fpmatchtest
fpmatchtest_SRCS = $(BSP_DIR)/startup.S $(BSP_DIR)/bsp.c $(BSP_DIR)/hooks.c drivers/pl011.c drivers/semihost.c \
                   lib/console.c $(KERNEL_SRCS) $(PORT_SRCS) app/fp_match.c app/fp_dot_armv4t.S tests/fp/fpmatchtest.c
fpmatchtest_LD = $(LDSCRIPT)

# Runs only the native matching-kernel test (used by test/unit/fp/match.test.ts).
.PHONY: fp-host-tests
fp-host-tests: $(BUILD)/host/test_fp_match
	$(BUILD)/host/test_fp_match
