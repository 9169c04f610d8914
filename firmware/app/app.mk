# The Whorl firmware image: whorl.elf, and whorl.bin (raw, for the flash firmware partition).
FW_SRCS += app/main.c app/cmd_sys.c app/storage.c app/fp.c app/fp_enroll.c app/fp_match.c app/fp_rank.c app/fp_dot_armv4t.S app/fp_sensor.c app/ptable.c
IMAGES += whorl
whorl_SRCS = $(COMMON_SRCS) $(FW_SRCS)
whorl_LD = $(LDSCRIPT)
$(OUT)/whorl.bin: $(OUT)/whorl.elf
	$(OBJCOPY) -O binary $< $@
images: $(OUT)/whorl.bin
HOST_TESTS += test_enroll
test_enroll_SRCS = tests/host/test_enroll.c app/fp_enroll.c $(NN_C_SRCS)
test_enroll_CFLAGS = -Iapp $(NN_INC)
test_enroll_ARGS := ../test/vectors/fp/enroll.txt
# Runs only the native ENROLL-choice test (used by test/unit/fp/enroll-choice.test.ts).
.PHONY: enroll-host-tests
enroll-host-tests: $(BUILD)/host/test_enroll
	$(BUILD)/host/test_enroll $(test_enroll_ARGS)
HOST_TESTS += test_rank
test_rank_SRCS = tests/host/test_rank.c app/fp_rank.c
test_rank_CFLAGS = -Iapp
test_rank_ARGS := ../test/vectors/fp/identify.txt
# Runs only the native IDENTIFY-ranking test (used by test/unit/fp/identify-rank.test.ts).
.PHONY: rank-host-tests
rank-host-tests: $(BUILD)/host/test_rank
	$(BUILD)/host/test_rank $(test_rank_ARGS)
