# Peripheral drivers shared by the firmware, the kernel test image and the boot loader.
COMMON_SRCS += drivers/pl011.c drivers/semihost.c
BOOT_SRCS   += drivers/pl011.c
FW_SRCS += drivers/uart_irq.c drivers/cfi_flash.c
