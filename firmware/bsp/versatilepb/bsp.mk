# Board support for QEMU versatilepb.
BSP_DIR := bsp/$(BOARD)
COMMON_SRCS += $(BSP_DIR)/startup.S $(BSP_DIR)/bsp.c $(BSP_DIR)/hooks.c
LDSCRIPT := $(BSP_DIR)/link.ld
# The emulated board has the virtual sensor (semihosting file I/O; QEMU runs with semihosting on).
CFLAGS += -DWHORL_VIRTUAL_SENSOR=1
