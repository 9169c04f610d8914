/* startup.S - versatilepb reset and exception vectors, mode stacks, .data copy, .bss clear.
 * The image is linked at 0 (RAM on versatilepb), so the vectors are in place. ARMv4T only. */
    .arm
    .syntax unified
    .section .vectors, "ax"
    .global _vectors
_vectors:
    ldr     pc, =reset_handler
    ldr     pc, =undef_handler
    ldr     pc, =swi_handler
    ldr     pc, =pabort_handler
    ldr     pc, =dabort_handler
    nop
    ldr     pc, =OS_CPU_IRQ_ISR
    ldr     pc, =fiq_handler
    .ltorg

    .text
    .equ MODE_USR, 0x10
    .equ MODE_FIQ, 0x11
    .equ MODE_IRQ, 0x12
    .equ MODE_SVC, 0x13
    .equ MODE_ABT, 0x17
    .equ MODE_UND, 0x1B
    .equ MODE_SYS, 0x1F
    .equ I_F_BITS, 0xC0

    .global reset_handler
    .type reset_handler, %function
reset_handler:
    /* one stack per exception mode (sizes in link.ld) */
    msr     cpsr_c, #(MODE_IRQ | I_F_BITS)
    ldr     sp, =__irq_stack_top
    msr     cpsr_c, #(MODE_FIQ | I_F_BITS)
    ldr     sp, =__fiq_stack_top
    msr     cpsr_c, #(MODE_ABT | I_F_BITS)
    ldr     sp, =__abt_stack_top
    msr     cpsr_c, #(MODE_UND | I_F_BITS)
    ldr     sp, =__und_stack_top
    msr     cpsr_c, #(MODE_SVC | I_F_BITS)
    ldr     sp, =__svc_stack_top
    /* copy .data from its load address (equal when running from RAM) */
    ldr     r0, =__data_load
    ldr     r1, =__data_start
    ldr     r2, =__data_end
1:  cmp     r1, r2
    ldrlo   r3, [r0], #4
    strlo   r3, [r1], #4
    blo     1b
    /* clear .bss */
    ldr     r1, =__bss_start
    ldr     r2, =__bss_end
    mov     r3, #0
2:  cmp     r1, r2
    strlo   r3, [r1], #4
    blo     2b
    bl      main
3:  b       3b

/* Unexpected exceptions: report through the BSP (prints the mode and address, then halts). */
undef_handler:
    mov     r0, #1
    sub     r1, lr, #4
    b       BSP_Fault
swi_handler:
    mov     r0, #2
    sub     r1, lr, #4
    b       BSP_Fault
pabort_handler:
    mov     r0, #3
    sub     r1, lr, #4
    b       BSP_Fault
dabort_handler:
    mov     r0, #4
    sub     r1, lr, #8
    b       BSP_Fault
fiq_handler:
    mov     r0, #5
    sub     r1, lr, #4
    b       BSP_Fault
