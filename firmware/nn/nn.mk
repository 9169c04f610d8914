# int8 CNN runtime (docs/quantization.md): loader, reference kernels, ARMv4T kernels, native test.
NN_C_SRCS := nn/nn_model.c nn/ref/nn_ref.c nn/armv4t/nn_conv_armv4t.c
NN_INC    := -Inn/ref -Inn/armv4t
CFLAGS    += $(NN_INC)
FW_SRCS   += $(NN_C_SRCS) nn/armv4t/nn_dot_armv4t.S

NN_HOST_TEST := $(BUILD)/host/test_nn
HOST_TESTS += $(NN_HOST_TEST)

$(NN_HOST_TEST): tests/nn/test_nn_host.c $(NN_C_SRCS) $(wildcard nn/*.h nn/*/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) $(NN_INC) tests/nn/test_nn_host.c $(NN_C_SRCS) -o $@

# Runs the native nn test on the golden vectors; `host-tests` depends on it.
.PHONY: nn-host-tests
nn-host-tests: $(NN_HOST_TEST)
	$(NN_HOST_TEST) ../test/vectors/nn
host-tests: nn-host-tests
