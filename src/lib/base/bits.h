/*
 * bits.h - bit counting without a library call: the build targets plain
 * x86-64 (no POPCNT instruction assumed), where __builtin_popcount calls
 * libgcc's __popcountdi2 on the matcher's hottest path.
 */
#ifndef EMB_BASE_BITS_H
#define EMB_BASE_BITS_H

#include <stdint.h>

/* Number of bits set in x (a few shifts and one multiply). */
static inline unsigned emb__popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0Fu;
    return (x * 0x01010101u) >> 24;
}

#endif
