/* console.h - text console on UART1: boot log, statistics, assertions. Never used for frames. */
#ifndef WHORL_CONSOLE_H
#define WHORL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

/* con_init: set up the console UART (polled, 115200 8N1). */
void con_init(void);
void con_putc(char c);
void con_puts(const char *s);
/* con_printf: a small printf: %c %s %d %i %u %x %X %p %%, with optional '-', '0' flag and width,
 * and the 'l' length modifier (ignored: int and long are 32 bits). Returns characters written. */
int con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* fmt_vsnprintf / fmt_snprintf: the same formatter into a buffer (always NUL-terminated). */
int fmt_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ASSERT: on failure print `ASSERT <file>:<line> <expr>` on the console and halt. */
void con_assert_fail(const char *file, int line, const char *expr) __attribute__((noreturn));
#define ASSERT(x) do { if (!(x)) con_assert_fail(__FILE__, __LINE__, #x); } while (0)

#endif
