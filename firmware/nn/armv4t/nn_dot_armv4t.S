/*
 * nn_dot2x4: packed int8 inner product for ARMv4T (see nn_armv4t.h for the contract).
 *   r0 col (interleaved pixel bytes), r1 packed weights, r2 n (1..516), r3 out[8], [sp] bias[4]
 * Each weight word holds two channels: w_even + w_odd * 2^24. One SMLAL accumulates
 * x*w_even + x*w_odd*2^24 into 64 bits; with at most 516 terms |sum even| < 2^23, so the low 24
 * bits give the even channel and the rest (exactly divisible by 2^24) the odd one.
 * Per position: 2 LDRSB + 2 LDR + 4 SMLAL = 8 instructions for 8 multiply-accumulates.
 * ARMv4T only: no ARMv5 instructions.
 */
        .syntax unified
        .arm
        .text
        .align  2
        .global nn_dot2x4
        .type   nn_dot2x4, %function

/* One position: pixel bytes in r3/r12, weights through lr; accumulators r4..r11. */
.macro STEP
        ldrsb   r3, [r0], #1
        ldrsb   r12, [r0], #1
        ldr     lr, [r1], #4
        smlal   r4, r5, r3, lr      @ pixel 0, channels 0|1
        smlal   r8, r9, r12, lr     @ pixel 1, channels 0|1
        ldr     lr, [r1], #4
        smlal   r6, r7, r3, lr      @ pixel 0, channels 2|3
        smlal   r10, r11, r12, lr   @ pixel 1, channels 2|3
.endm

/* Splits the 64-bit accumulator lo:hi into lo = even channel, hi = odd channel (uses r0). */
.macro SPLIT lo, hi
        mov     r0, \lo, lsl #8
        mov     r0, r0, asr #8
        subs    \lo, \lo, r0
        sbc     \hi, \hi, r0, asr #31
        mov     \lo, \lo, lsr #24
        orr     \hi, \lo, \hi, lsl #8
        mov     \lo, r0
.endm

nn_dot2x4:
        push    {r3-r11, lr}
        mov     r4, #0
        mov     r5, #0
        mov     r6, #0
        mov     r7, #0
        mov     r8, #0
        mov     r9, #0
        mov     r10, #0
        mov     r11, #0
        tst     r2, #1
        beq     1f
        STEP
1:      tst     r2, #2
        beq     2f
        STEP
        STEP
2:      movs    r2, r2, lsr #2
        beq     4f
3:      STEP
        STEP
        STEP
        STEP
        subs    r2, r2, #1
        bne     3b
4:      SPLIT   r4, r5
        SPLIT   r6, r7
        SPLIT   r8, r9
        SPLIT   r10, r11
        ldr     r12, [sp, #40]      @ bias (5th argument, above the 10 saved registers)
        ldmia   r12, {r0-r3}
        add     r4, r4, r0
        add     r5, r5, r1
        add     r6, r6, r2
        add     r7, r7, r3
        add     r8, r8, r0
        add     r9, r9, r1
        add     r10, r10, r2
        add     r11, r11, r3
        ldr     r0, [sp]
        stmia   r0, {r4-r11}
        pop     {r3-r11, lr}
        bx      lr
        .size   nn_dot2x4, . - nn_dot2x4
