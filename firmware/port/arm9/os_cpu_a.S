/* os_cpu_a.S - ARM9 port: critical sections, first task start, task- and interrupt-level context
 * switches, IRQ entry. ARM mode, ARMv4T instructions only.
 *
 * Task frame (lowest address first, saved SP points at CPSR):
 *     CPSR, r0, r1, ..., r12, lr, pc
 * 16 words. A preempted task resumes with `ldmfd sp!, {r0-r12, lr, pc}^` after its SPSR is set.
 */
    .arm
    .syntax unified
    .text

    .equ MODE_MASK, 0x1F
    .equ MODE_SVC,  0x13
    .equ MODE_IRQ,  0x12
    .equ I_BIT,     0x80
    .equ F_BIT,     0x40

    .extern OSRunning
    .extern OSPrioCur
    .extern OSPrioHighRdy
    .extern OSTCBCur
    .extern OSTCBHighRdy
    .extern OSIntNesting
    .extern OSIntExit
    .extern OSIntEnter
    .extern OSTaskSwHook
    .extern OS_CPU_IRQ_ISR_Handler

/* OS_CPU_SR OS_CPU_SR_Save(void): returns CPSR, then masks IRQ and FIQ. */
    .global OS_CPU_SR_Save
    .type OS_CPU_SR_Save, %function
OS_CPU_SR_Save:
    mrs     r0, cpsr
    orr     r1, r0, #(I_BIT | F_BIT)
    msr     cpsr_c, r1
    bx      lr

/* void OS_CPU_SR_Restore(OS_CPU_SR sr): restores the control field of CPSR. */
    .global OS_CPU_SR_Restore
    .type OS_CPU_SR_Restore, %function
OS_CPU_SR_Restore:
    msr     cpsr_c, r0
    bx      lr

/* void OSStartHighRdy(void): run the highest-priority ready task; never returns.
 * Called from OSStart() with interrupts disabled, in SVC mode. */
    .global OSStartHighRdy
    .type OSStartHighRdy, %function
OSStartHighRdy:
    msr     cpsr_c, #(I_BIT | F_BIT | MODE_SVC)
    bl      OSTaskSwHook
    ldr     r0, =OSRunning
    mov     r1, #1
    strb    r1, [r0]
    ldr     r0, =OSTCBHighRdy
    ldr     r0, [r0]
    ldr     sp, [r0]                      @ SP = OSTCBHighRdy->OSTCBStkPtr
    ldmfd   sp!, {r0}                     @ CPSR of the new task
    msr     spsr_cxsf, r0
    ldmfd   sp!, {r0-r12, lr, pc}^        @ restore and jump, SPSR -> CPSR

/* void OSCtxSw(void): task-level switch (from OS_Sched with interrupts disabled). Saves the
 * current task as if it had been interrupted at the return address. */
    .global OSCtxSw
    .type OSCtxSw, %function
OSCtxSw:
    stmfd   sp!, {lr}                     @ pc of the resumed task = our return address
    stmfd   sp!, {r0-r12, lr}
    mrs     r0, cpsr
    stmfd   sp!, {r0}
    ldr     r0, =OSTCBCur
    ldr     r0, [r0]
    str     sp, [r0]                      @ OSTCBCur->OSTCBStkPtr = SP
    bl      OSTaskSwHook
switch_to_high:
    ldr     r0, =OSPrioHighRdy
    ldr     r1, =OSPrioCur
    ldrb    r0, [r0]
    strb    r0, [r1]                      @ OSPrioCur = OSPrioHighRdy
    ldr     r0, =OSTCBHighRdy
    ldr     r1, =OSTCBCur
    ldr     r0, [r0]
    str     r0, [r1]                      @ OSTCBCur = OSTCBHighRdy
    ldr     sp, [r0]
    ldmfd   sp!, {r0}
    msr     spsr_cxsf, r0
    ldmfd   sp!, {r0-r12, lr, pc}^

/* void OSIntCtxSw(void): uC/OS-II port interface. In this port the switch at the end of an
 * interrupt is done by OS_CPU_IRQ_ISR itself after OSIntExit() returns (it compares OSTCBCur
 * with OSTCBHighRdy), so OSIntExit() calling OSIntCtxSw() only has to record the request. */
    .global OSIntCtxSw
    .type OSIntCtxSw, %function
OSIntCtxSw:
    ldr     r0, =OS_CPU_IntCtxSwReq
    mov     r1, #1
    strb    r1, [r0]
    bx      lr

/* OS_CPU_IRQ_ISR: IRQ exception entry (the vector branches here).
 * 1. Save r0-r3 on the IRQ stack, switch to SVC mode with IRQs masked and build the full task
 *    frame on the interrupted task's SVC stack.
 * 2. OSIntEnter(); if this is the outermost interrupt save SP in OSTCBCur.
 * 3. Call the board dispatcher, then OSIntExit().
 * 4. If a switch was requested, run the switch-hook and resume OSTCBHighRdy; else resume the
 *    interrupted task.
 * Interrupts are not re-enabled inside the handler (no nesting of IRQs). */
    .global OS_CPU_IRQ_ISR
    .type OS_CPU_IRQ_ISR, %function
OS_CPU_IRQ_ISR:
    sub     lr, lr, #4                    @ return address of the interrupted code
    stmfd   sp!, {r0-r3}                  @ scratch on the IRQ stack
    mov     r1, sp                        @ r1 -> saved r0-r3
    add     sp, sp, #16                   @ IRQ stack back to empty
    mov     r2, lr                        @ r2 = resume pc
    mrs     r3, spsr                      @ r3 = interrupted CPSR
    msr     cpsr_c, #(I_BIT | F_BIT | MODE_SVC)
    stmfd   sp!, {r2}                     @ pc
    stmfd   sp!, {r4-r12, lr}             @ r4-r12, lr of the interrupted SVC code
    ldmfd   r1, {r4-r7}                   @ original r0-r3
    stmfd   sp!, {r4-r7}
    stmfd   sp!, {r3}                     @ CPSR
    bl      OSIntEnter                    @ OSIntNesting++ (when the kernel runs)
    ldr     r0, =OSIntNesting
    ldrb    r1, [r0]
    cmp     r1, #1
    ldreq   r0, =OSTCBCur
    ldreq   r0, [r0]
    streq   sp, [r0]                      @ outermost: OSTCBCur->OSTCBStkPtr = SP
    ldr     r0, =OS_CPU_IntCtxSwReq
    mov     r1, #0
    strb    r1, [r0]
    bl      OS_CPU_IRQ_ISR_Handler
    bl      OSIntExit                     @ decrements OSIntNesting, may call OSIntCtxSw
    ldr     r0, =OS_CPU_IntCtxSwReq
    ldrb    r1, [r0]
    cmp     r1, #0
    beq     irq_resume
    mov     r1, #0
    strb    r1, [r0]
    bl      OSTaskSwHook
    b       switch_to_high
irq_resume:
    ldmfd   sp!, {r0}
    msr     spsr_cxsf, r0
    ldmfd   sp!, {r0-r12, lr, pc}^

    .bss
    .global OS_CPU_IntCtxSwReq
OS_CPU_IntCtxSwReq:
    .byte 0
    .align 2
