/* console.c - polled console on UART1 with a small formatter (no libc stdio, no heap). */
#include <stdint.h>

#include <ucos_ii.h>

#include "bsp.h"
#include "console.h"

void con_init(void) { pl011_init(BSP_UART_CONSOLE, BSP_BAUD); }

void con_putc(char c) { pl011_putc(BSP_UART_CONSOLE, (uint8_t)c); }

struct sink {
    char *buf;      /* NULL: write to the console */
    size_t cap;
    size_t n;
};

static void emit(struct sink *s, char c)
{
    if (s->buf) {
        if (s->n + 1u < s->cap)
            s->buf[s->n] = c;
    } else {
        con_putc(c);
    }
    s->n++;
}

static void emit_num(struct sink *s, uint32_t v, unsigned base, int upper, int neg, int width, int zero, int left)
{
    char tmp[12];
    int len = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        tmp[len++] = digits[v % base];
        v /= base;
    } while (v);
    int total = len + (neg ? 1 : 0);
    if (!left && !zero)
        for (; total < width; width--)
            emit(s, ' ');
    if (neg)
        emit(s, '-');
    if (!left && zero)
        for (; total < width; width--)
            emit(s, '0');
    while (len)
        emit(s, tmp[--len]);
    if (left)
        for (; total < width; width--)
            emit(s, ' ');
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(s, *fmt);
            continue;
        }
        fmt++;
        int left = 0, zero = 0, width = 0;
        for (;; fmt++) {
            if (*fmt == '-') left = 1;
            else if (*fmt == '0') zero = 1;
            else break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z')
            fmt++;
        switch (*fmt) {
        case 'c':
            emit(s, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str) str = "(null)";
            int len = 0;
            while (str[len]) len++;
            if (!left) for (int i = len; i < width; i++) emit(s, ' ');
            while (*str) emit(s, *str++);
            if (left) for (int i = len; i < width; i++) emit(s, ' ');
            break;
        }
        case 'd':
        case 'i': {
            int v = va_arg(ap, int);
            emit_num(s, v < 0 ? (uint32_t)(-(int64_t)v) : (uint32_t)v, 10, 0, v < 0, width, zero, left);
            break;
        }
        case 'u': emit_num(s, va_arg(ap, unsigned), 10, 0, 0, width, zero, left); break;
        case 'x': emit_num(s, va_arg(ap, unsigned), 16, 0, 0, width, zero, left); break;
        case 'X': emit_num(s, va_arg(ap, unsigned), 16, 1, 0, width, zero, left); break;
        case 'p':
            emit(s, '0'); emit(s, 'x');
            emit_num(s, (uint32_t)(uintptr_t)va_arg(ap, void *), 16, 0, 0, 8, 1, 0);
            break;
        case '%': emit(s, '%'); break;
        case '\0': return;
        default: emit(s, '%'); emit(s, *fmt); break;
        }
    }
}

int fmt_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
    struct sink s = { buf, cap, 0u };
    format(&s, fmt, ap);
    if (cap)
        buf[s.n < cap ? s.n : cap - 1u] = '\0';
    return (int)s.n;
}

int fmt_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}

/* Lines from different tasks must not interleave: lock the scheduler while printing. */
static int con_lock(void)
{
    if (OSRunning == OS_TRUE && OSIntNesting == 0u) {
        OSSchedLock();
        return 1;
    }
    return 0;
}

int con_printf(const char *fmt, ...)
{
    struct sink s = { 0, 0u, 0u };
    int locked = con_lock();
    va_list ap;
    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    if (locked)
        OSSchedUnlock();
    return (int)s.n;
}

void con_puts(const char *str)
{
    int locked = con_lock();
    while (*str)
        con_putc(*str++);
    if (locked)
        OSSchedUnlock();
}

void con_assert_fail(const char *file, int line, const char *expr)
{
    con_printf("ASSERT %s:%d %s\n", file, line, expr);
    for (;;)
        ;
}
