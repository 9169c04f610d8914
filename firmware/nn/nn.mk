# int8 CNN runtime (docs/quantization.md): loader, reference kernels, ARMv4T kernels, native test.
# `all` first so that this fragment does not become the default goal of a plain `make`.
all:
NN_C_SRCS := nn/nn_model.c nn/nn_pre.c nn/nn_print.c nn/nn_corerefine.c nn/ref/nn_ref.c nn/armv4t/nn_conv_armv4t.c nn/armv4t/nn_pool_armv4t.c
NN_INC    := -Inn/ref -Inn/armv4t
CFLAGS    += $(NN_INC)
FW_SRCS   += $(NN_C_SRCS) nn/armv4t/nn_dot_armv4t.S

HOST_TESTS += test_nn
test_nn_SRCS := tests/nn/test_nn_host.c $(NN_C_SRCS)
test_nn_CFLAGS := $(NN_INC)
test_nn_ARGS := ../test/vectors/nn

# Benchmark / on-device golden image (bare metal, semihosting), driven by scripts/bench-nn.ts which
# writes $(NN_BENCH_DIR)/bench.wnn, bench.in and bench.sensor first (sensor images for the product
# path; a count of 0 skips it).
NN_BENCH_DIR ?= $(BUILD)/nn-bench
NN_BENCH_ELF := $(NN_BENCH_DIR)/nn_bench.elf
NN_BENCH_SRCS := tests/nn/bench/start.S tests/nn/bench/bench_main.c tests/nn/bench/bench_data.S \
                 $(NN_C_SRCS) nn/armv4t/nn_dot_armv4t.S
NN_BENCH_OBJS := $(patsubst %,$(OUT)/obj/%.o,$(basename $(NN_BENCH_SRCS)))
.PHONY: nn-bench
nn-bench: $(NN_BENCH_ELF)
$(OUT)/obj/tests/nn/bench/bench_data.o: ASFLAGS += -Wa,-I$(NN_BENCH_DIR) -Wa,-I../test/vectors/nn
$(OUT)/obj/tests/nn/bench/bench_data.o: $(NN_BENCH_DIR)/bench.wnn $(NN_BENCH_DIR)/bench.in $(NN_BENCH_DIR)/bench.sensor $(wildcard ../test/vectors/nn/*)
$(NN_BENCH_ELF): $(NN_BENCH_OBJS) tests/nn/bench/bench.ld
	$(CC) $(LDFLAGS) -T tests/nn/bench/bench.ld -Wl,-Map,$(NN_BENCH_DIR)/nn_bench.map $(NN_BENCH_OBJS) -o $@ $(LDLIBS)
	$(SIZE) $@

# Runs only the native nn test (used by test/unit/nn/golden.test.ts).
.PHONY: nn-host-tests
nn-host-tests: $(BUILD)/host/test_nn
	$(BUILD)/host/test_nn ../test/vectors/nn
