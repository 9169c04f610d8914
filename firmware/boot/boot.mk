# Boot loader image (boot.elf, given to QEMU with -kernel).
BOOT_SRCS += boot/boot_entry.S boot/boot.c
IMAGES += boot
boot_SRCS = $(BOOT_SRCS)
boot_LD = boot/boot.ld
