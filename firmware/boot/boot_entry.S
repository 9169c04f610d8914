/* boot_entry.S - boot loader entry: SVC mode, IRQ/FIQ masked, own stack, .bss cleared. */
    .arm
    .syntax unified
    .section .boot_entry, "ax"
    .global boot_entry
boot_entry:
    msr     cpsr_c, #0xD3
    ldr     sp, =__boot_stack_top
    ldr     r1, =__boot_bss_start
    ldr     r2, =__boot_bss_end
    mov     r3, #0
1:  cmp     r1, r2
    strlo   r3, [r1], #4
    blo     1b
    bl      boot_main
2:  b       2b

/* void boot_jump(uint32_t entry): start the firmware in SVC mode with interrupts masked. */
    .global boot_jump
boot_jump:
    msr     cpsr_c, #0xD3
    mov     lr, #0
    bx      r0
