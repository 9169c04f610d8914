# CFI NOR flash driver test image (runs bare metal, exits through semihosting).
IMAGES += flashtest
flashtest_SRCS = $(BSP_DIR)/startup.S $(BSP_DIR)/bsp.c $(BSP_DIR)/hooks.c drivers/pl011.c drivers/semihost.c \
                 drivers/cfi_flash.c lib/console.c $(KERNEL_SRCS) $(PORT_SRCS) tests/flash/flashtest.c
flashtest_LD = $(LDSCRIPT)
