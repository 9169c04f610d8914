# Kernel test image (runs under QEMU, exits through semihosting).
KTEST_SRCS += tests/kernel/ktest.c tests/kernel/ktest_event.c tests/kernel/ktest_mutex.c
IMAGES += ktest
ktest_SRCS = $(COMMON_SRCS) $(KTEST_SRCS)
ktest_LD = $(LDSCRIPT)
