/*
 * fp_dot_lanes: the matching kernel of the fingerprint service (see fp_match.h for the contract).
 *   r0 w (template words, offset-binary bytes), r1 q (two probe words per template word),
 *   r2 words (a multiple of 4, at least 4), r3 acc; returns acc + sum of the lane products, mod 2^32.
 * Per four template words (16 bytes): 1 LDM of the template, 2 LDM of the probe, 8 AND, 8 MLA, SUBS,
 * BNE = 21 instructions for 32 multiply-accumulates (each MLA does two). 128 bytes: 8 turns, 174
 * instructions with the entry and exit. ARMv4T only: no ARMv5 instructions; MLA's Rd differs from Rm.
 */
        .syntax unified
        .arm
        .text
        .align  2
        .global fp_dot_lanes
        .type   fp_dot_lanes, %function

/* One template word in \w, its probe words in \qe (bytes 0|2) and \qo (bytes 1|3); lr is scratch. */
.macro WORD w, qe, qo
        and     lr, r12, \w, lsr #8     @ v1 | v3 << 16
        and     \w, \w, r12             @ v0 | v2 << 16
        mla     r3, \w, \qe, r3
        mla     r3, lr, \qo, r3
.endm

fp_dot_lanes:
        push    {r4-r11, lr}
        mov     r12, #0xFF
        orr     r12, r12, #0xFF0000     @ lane mask 0x00FF00FF
1:      ldmia   r0!, {r4-r7}            @ four template words
        ldmia   r1!, {r8-r11}           @ probe words of template words 0 and 1
        WORD    r4, r8, r9
        WORD    r5, r10, r11
        ldmia   r1!, {r8-r11}           @ probe words of template words 2 and 3
        WORD    r6, r8, r9
        WORD    r7, r10, r11
        subs    r2, r2, #4
        bne     1b
        mov     r0, r3
        pop     {r4-r11, lr}
        bx      lr
        .size   fp_dot_lanes, . - fp_dot_lanes
