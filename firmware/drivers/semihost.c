/* semihost.c - semihosting calls for tests and the virtual sensor. */
#include "semihost.h"

int32_t semihost_call(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory", "lr");
    return (int32_t)r0;
}

void semihost_exit(int status)
{
    /* SYS_EXIT_EXTENDED with ADP_Stopped_ApplicationExit (0x20026) carries the exit status. */
    uint32_t block[2] = { 0x20026u, (uint32_t)status };
    semihost_call(SH_SYS_EXIT_EXTENDED, block);
    semihost_call(SH_SYS_EXIT, (const void *)0x20026u); /* older hosts */
    for (;;)
        ;
}

void semihost_write0(const char *s) { (void)semihost_call(SH_SYS_WRITE0, s); }
