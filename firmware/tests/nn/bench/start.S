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

/* uint32_t get_sp(void): the caller's stack pointer. */
        .global get_sp
        .type   get_sp, %function
get_sp:
        mov     r0, sp
        bx      lr
        .size   get_sp, . - get_sp

/* void paint_stack(uint32_t *limit): fills the free stack from limit up to the caller's stack
 * pointer with 0xA5A5A5A5 (a leaf: everything below sp is dead, IRQs are masked). */
        .global paint_stack
        .type   paint_stack, %function
paint_stack:
        ldr     r1, =0xA5A5A5A5
1:      cmp     r0, sp
        strlo   r1, [r0], #4
        blo     1b
        bx      lr
        .size   paint_stack, . - paint_stack
        .ltorg
