/*
 * Minimal bare-metal start for the nn benchmark image (versatilepb, QEMU -kernel ELF, SVC mode,
 * IRQs masked): stack, .bss cleared, main(); main ends through semihosting SYS_EXIT.
 */
        .syntax unified
        .arm
        .section .text.start, "ax"
        .global _start
_start:
        ldr     sp, =__stack_top
        ldr     r0, =__bss_start
        ldr     r1, =__bss_end
        mov     r2, #0
1:      cmp     r0, r1
        strlo   r2, [r0], #4
        blo     1b
        bl      main
2:      b       2b

/* int semihost(int op, const void *arg): ARM semihosting call (SVC 0x123456). */
        .text
        .global semihost
        .type   semihost, %function
semihost:
        svc     0x123456
        bx      lr
        .size   semihost, . - semihost

/* void spin(uint32_t n): 2n instructions (SUBS + BNE per turn): calibrates the counter. */
        .global spin
        .type   spin, %function
spin:
1:      subs    r0, r0, #1
        bne     1b
        bx      lr
        .size   spin, . - spin
