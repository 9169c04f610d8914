/* vecline.h - reading the text test vectors shared with the host (the .txt files in test/vectors): `key=value`
 * fields of a line and hex byte strings. Header-only, for the native tests in tests/host/. */
#ifndef WHORL_VECLINE_H
#define WHORL_VECLINE_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value after "key=" in line (the key at the start or after a space), or NULL. */
static inline const char *vec_field(const char *line, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = line; (p = strstr(p, key)) != NULL; p++)
        if ((p == line || p[-1] == ' ') && p[k] == '=')
            return p + k + 1;
    return NULL;
}

/* The decimal value of a field, or -1 when it is absent. */
static inline long vec_num(const char *line, const char *key)
{
    const char *v = vec_field(line, key);
    return v ? strtol(v, NULL, 10) : -1;
}

/* Decodes hex digits up to a space or the line's end ("-": none) into out; returns the byte count. */
static inline size_t vec_unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    if (!s || s[0] == '-')
        return 0;
    while (s[0] && s[0] != ' ' && s[0] != '\n' && n < cap) {
        unsigned v;
        if (sscanf(s, "%2x", &v) != 1)
            break;
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}
#endif
