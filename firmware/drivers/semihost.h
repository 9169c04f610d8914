/* semihost.h - ARM semihosting calls (SVC 0x123456 in ARM state). Only valid when the emulator
 * or debugger enables semihosting; on a bare board these calls trap. */
#ifndef WHORL_SEMIHOST_H
#define WHORL_SEMIHOST_H

#include <stdint.h>

#define SH_SYS_OPEN 0x01
#define SH_SYS_CLOSE 0x02
#define SH_SYS_WRITE0 0x04
#define SH_SYS_READ 0x06
#define SH_SYS_FLEN 0x0C
#define SH_SYS_SEEK 0x0A
#define SH_SYS_EXIT 0x18
#define SH_SYS_EXIT_EXTENDED 0x20

/* semihost_call: raw call with operation `op` and parameter block pointer `arg`. */
int32_t semihost_call(uint32_t op, const void *arg);
/* semihost_exit: end the emulation with process exit status `status`. Does not return. */
void semihost_exit(int status) __attribute__((noreturn));
/* semihost_write0: print a NUL-terminated string on the host's stdout. */
void semihost_write0(const char *s);

#endif
