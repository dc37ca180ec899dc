// See include/CFixedOrder.h. Compiled without FMA: `#pragma STDC FP_CONTRACT OFF` keeps the
// compiler from fusing a * b + c even where a target would allow it.
#include "CFixedOrder.h"
#include <emmintrin.h>
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__) || defined(__i386__)
#define FO_X86 1
#endif

static int fo_path = 0;   // 0 unknown, 1 SSE2, 2 AVX

static int fo_current(void) {
    int path = __atomic_load_n(&fo_path, __ATOMIC_RELAXED);
    if (path == 0) {
#ifdef FO_X86
        // OUTCOMES_VECTOR_PATH=sse2 forces the SSE2 path (the determinism matrix compares it
        // with the AVX path end to end); anything else leaves the choice to the CPU.
        const char *forced = getenv("OUTCOMES_VECTOR_PATH");
        __builtin_cpu_init();
        path = __builtin_cpu_supports("avx") && !(forced && strcmp(forced, "sse2") == 0) ? 2 : 1;
#else
        path = 1;
#endif
        __atomic_store_n(&fo_path, path, __ATOMIC_RELAXED);
    }
    return path;
}

int fo_select_path(int path) {
    if (path == 0) {
        __atomic_store_n(&fo_path, 0, __ATOMIC_RELAXED);
    } else if (path == 2) {
#ifdef FO_X86
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx")) __atomic_store_n(&fo_path, 2, __ATOMIC_RELAXED);
#endif
    } else {
        __atomic_store_n(&fo_path, 1, __ATOMIC_RELAXED);
    }
    return fo_current();
}

static inline double fo_combine(double s0, double s1, double s2, double s3) { return (s0 + s1) + (s2 + s3); }

// ---- portable path: SSE2 on x86-64 (two registers of two lanes), scalar lanes elsewhere ----

#ifdef FO_X86
typedef struct { __m128d lo, hi; } fo_lanes;
static inline fo_lanes fo_zero(void) { fo_lanes s = { _mm_setzero_pd(), _mm_setzero_pd() }; return s; }
static inline fo_lanes fo_load(const double *p) { fo_lanes s = { _mm_loadu_pd(p), _mm_loadu_pd(p + 2) }; return s; }
static inline fo_lanes fo_mul(fo_lanes a, fo_lanes b) { fo_lanes s = { _mm_mul_pd(a.lo, b.lo), _mm_mul_pd(a.hi, b.hi) }; return s; }
static inline fo_lanes fo_add(fo_lanes a, fo_lanes b) { fo_lanes s = { _mm_add_pd(a.lo, b.lo), _mm_add_pd(a.hi, b.hi) }; return s; }
static inline fo_lanes fo_splat(double a) { fo_lanes s = { _mm_set1_pd(a), _mm_set1_pd(a) }; return s; }
static inline void fo_store(double *p, fo_lanes s) { _mm_storeu_pd(p, s.lo); _mm_storeu_pd(p + 2, s.hi); }
static inline double fo_reduce(fo_lanes s) {
    double l[4];
    fo_store(l, s);
    return fo_combine(l[0], l[1], l[2], l[3]);
}
#else
typedef struct { double v[4]; } fo_lanes;
static inline fo_lanes fo_zero(void) { fo_lanes s = { { 0, 0, 0, 0 } }; return s; }
static inline fo_lanes fo_load(const double *p) { fo_lanes s = { { p[0], p[1], p[2], p[3] } }; return s; }
static inline fo_lanes fo_mul(fo_lanes a, fo_lanes b) { for (int l = 0; l < 4; l++) a.v[l] = a.v[l] * b.v[l]; return a; }
static inline fo_lanes fo_add(fo_lanes a, fo_lanes b) { for (int l = 0; l < 4; l++) a.v[l] = a.v[l] + b.v[l]; return a; }
static inline fo_lanes fo_splat(double a) { fo_lanes s = { { a, a, a, a } }; return s; }
static inline void fo_store(double *p, fo_lanes s) { for (int l = 0; l < 4; l++) p[l] = s.v[l]; }
static inline double fo_reduce(fo_lanes s) { return fo_combine(s.v[0], s.v[1], s.v[2], s.v[3]); }
#endif

static double dot_portable(const double *a, const double *b, long n) {
    fo_lanes s = fo_zero();
    long i = 0;
    for (; i + 4 <= n; i += 4) s = fo_add(s, fo_mul(fo_load(a + i), fo_load(b + i)));
    double t = fo_reduce(s);
    for (; i < n; i++) t += a[i] * b[i];
    return t;
}

static void dot4_portable(const double *x0, const double *x1, const double *x2, const double *x3, const double *v,
                          long n, double *out) {
    fo_lanes s0 = fo_zero(), s1 = fo_zero(), s2 = fo_zero(), s3 = fo_zero();
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        fo_lanes w = fo_load(v + i);
        s0 = fo_add(s0, fo_mul(fo_load(x0 + i), w));
        s1 = fo_add(s1, fo_mul(fo_load(x1 + i), w));
        s2 = fo_add(s2, fo_mul(fo_load(x2 + i), w));
        s3 = fo_add(s3, fo_mul(fo_load(x3 + i), w));
    }
    double t0 = fo_reduce(s0), t1 = fo_reduce(s1), t2 = fo_reduce(s2), t3 = fo_reduce(s3);
    for (; i < n; i++) {
        t0 += x0[i] * v[i];
        t1 += x1[i] * v[i];
        t2 += x2[i] * v[i];
        t3 += x3[i] * v[i];
    }
    out[0] = t0; out[1] = t1; out[2] = t2; out[3] = t3;
}

static void axpy_portable(double alpha, const double *x, double *y, long n) {
    fo_lanes a = fo_splat(alpha);
    long i = 0;
    for (; i + 4 <= n; i += 4) fo_store(y + i, fo_add(fo_load(y + i), fo_mul(a, fo_load(x + i))));
    for (; i < n; i++) y[i] += alpha * x[i];
}

static void axpy4_portable(const double *al, const double *x0, const double *x1, const double *x2, const double *x3,
                           double *y, long n) {
    fo_lanes a0 = fo_splat(al[0]), a1 = fo_splat(al[1]), a2 = fo_splat(al[2]), a3 = fo_splat(al[3]);
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        fo_lanes t = fo_load(y + i);
        t = fo_add(t, fo_mul(a0, fo_load(x0 + i)));
        t = fo_add(t, fo_mul(a1, fo_load(x1 + i)));
        t = fo_add(t, fo_mul(a2, fo_load(x2 + i)));
        t = fo_add(t, fo_mul(a3, fo_load(x3 + i)));
        fo_store(y + i, t);
    }
    for (; i < n; i++) {
        double t = y[i];
        t += al[0] * x0[i];
        t += al[1] * x1[i];
        t += al[2] * x2[i];
        t += al[3] * x3[i];
        y[i] = t;
    }
}

static void axpy_into4_portable(const double *al, const double *x, double *y0, double *y1, double *y2, double *y3,
                                long n) {
    fo_lanes a0 = fo_splat(al[0]), a1 = fo_splat(al[1]), a2 = fo_splat(al[2]), a3 = fo_splat(al[3]);
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        fo_lanes w = fo_load(x + i);
        fo_store(y0 + i, fo_add(fo_load(y0 + i), fo_mul(a0, w)));
        fo_store(y1 + i, fo_add(fo_load(y1 + i), fo_mul(a1, w)));
        fo_store(y2 + i, fo_add(fo_load(y2 + i), fo_mul(a2, w)));
        fo_store(y3 + i, fo_add(fo_load(y3 + i), fo_mul(a3, w)));
    }
    for (; i < n; i++) {
        y0[i] += al[0] * x[i];
        y1[i] += al[1] * x[i];
        y2[i] += al[2] * x[i];
        y3[i] += al[3] * x[i];
    }
}


static void gemm_portable(long m, long ncols, long kdim, const double *A, long lda, const double *B, long ldb,
                          double *C, long ldc) {
    long j = 0;
    for (; j + 4 <= ncols; j += 4) {
        long i = 0;
        for (; i + 4 <= m; i += 4) {
            fo_lanes c0 = fo_zero(), c1 = fo_zero(), c2 = fo_zero(), c3 = fo_zero();
            for (long k = 0; k < kdim; k++) {
                fo_lanes a = fo_load(A + i + k * lda);
                const double *b = B + j + k * ldb;
                c0 = fo_add(c0, fo_mul(a, fo_splat(b[0])));
                c1 = fo_add(c1, fo_mul(a, fo_splat(b[1])));
                c2 = fo_add(c2, fo_mul(a, fo_splat(b[2])));
                c3 = fo_add(c3, fo_mul(a, fo_splat(b[3])));
            }
            double *c = C + i + j * ldc;
            fo_store(c, fo_add(fo_load(c), fo_mul(c0, fo_splat(-1))));
            fo_store(c + ldc, fo_add(fo_load(c + ldc), fo_mul(c1, fo_splat(-1))));
            fo_store(c + 2 * ldc, fo_add(fo_load(c + 2 * ldc), fo_mul(c2, fo_splat(-1))));
            fo_store(c + 3 * ldc, fo_add(fo_load(c + 3 * ldc), fo_mul(c3, fo_splat(-1))));
        }
        for (; i < m; i++) {
            for (long t = 0; t < 4; t++) {
                double acc = 0;
                for (long k = 0; k < kdim; k++) acc += A[i + k * lda] * B[j + t + k * ldb];
                C[i + (j + t) * ldc] -= acc;
            }
        }
    }
    for (; j < ncols; j++) {
        long i = 0;
        for (; i + 4 <= m; i += 4) {
            fo_lanes c0 = fo_zero();
            for (long k = 0; k < kdim; k++) c0 = fo_add(c0, fo_mul(fo_load(A + i + k * lda), fo_splat(B[j + k * ldb])));
            double *c = C + i + j * ldc;
            fo_store(c, fo_add(fo_load(c), fo_mul(c0, fo_splat(-1))));
        }
        for (; i < m; i++) {
            double acc = 0;
            for (long k = 0; k < kdim; k++) acc += A[i + k * lda] * B[j + k * ldb];
            C[i + j * ldc] -= acc;
        }
    }
}

// ---- AVX path: the same four lanes in one 256-bit register (AVX only, no FMA) ----

#ifdef FO_X86
#define FO_AVX __attribute__((target("avx")))

FO_AVX static inline double avx_reduce(__m256d s) {
    double l[4];
    _mm256_storeu_pd(l, s);
    return fo_combine(l[0], l[1], l[2], l[3]);
}

FO_AVX static double dot_avx(const double *a, const double *b, long n) {
    __m256d s = _mm256_setzero_pd();
    long i = 0;
    for (; i + 4 <= n; i += 4) s = _mm256_add_pd(s, _mm256_mul_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i)));
    double t = avx_reduce(s);
    for (; i < n; i++) t += a[i] * b[i];
    return t;
}

FO_AVX static void dot4_avx(const double *x0, const double *x1, const double *x2, const double *x3, const double *v,
                            long n, double *out) {
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd(), s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d w = _mm256_loadu_pd(v + i);
        s0 = _mm256_add_pd(s0, _mm256_mul_pd(_mm256_loadu_pd(x0 + i), w));
        s1 = _mm256_add_pd(s1, _mm256_mul_pd(_mm256_loadu_pd(x1 + i), w));
        s2 = _mm256_add_pd(s2, _mm256_mul_pd(_mm256_loadu_pd(x2 + i), w));
        s3 = _mm256_add_pd(s3, _mm256_mul_pd(_mm256_loadu_pd(x3 + i), w));
    }
    double t0 = avx_reduce(s0), t1 = avx_reduce(s1), t2 = avx_reduce(s2), t3 = avx_reduce(s3);
    for (; i < n; i++) {
        t0 += x0[i] * v[i];
        t1 += x1[i] * v[i];
        t2 += x2[i] * v[i];
        t3 += x3[i] * v[i];
    }
    out[0] = t0; out[1] = t1; out[2] = t2; out[3] = t3;
}

FO_AVX static void axpy_avx(double alpha, const double *x, double *y, long n) {
    __m256d a = _mm256_set1_pd(alpha);
    long i = 0;
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_pd(y + i, _mm256_add_pd(_mm256_loadu_pd(y + i), _mm256_mul_pd(a, _mm256_loadu_pd(x + i))));
    for (; i < n; i++) y[i] += alpha * x[i];
}

FO_AVX static void axpy4_avx(const double *al, const double *x0, const double *x1, const double *x2, const double *x3,
                             double *y, long n) {
    __m256d a0 = _mm256_set1_pd(al[0]), a1 = _mm256_set1_pd(al[1]), a2 = _mm256_set1_pd(al[2]), a3 = _mm256_set1_pd(al[3]);
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d t = _mm256_loadu_pd(y + i);
        t = _mm256_add_pd(t, _mm256_mul_pd(a0, _mm256_loadu_pd(x0 + i)));
        t = _mm256_add_pd(t, _mm256_mul_pd(a1, _mm256_loadu_pd(x1 + i)));
        t = _mm256_add_pd(t, _mm256_mul_pd(a2, _mm256_loadu_pd(x2 + i)));
        t = _mm256_add_pd(t, _mm256_mul_pd(a3, _mm256_loadu_pd(x3 + i)));
        _mm256_storeu_pd(y + i, t);
    }
    for (; i < n; i++) {
        double t = y[i];
        t += al[0] * x0[i];
        t += al[1] * x1[i];
        t += al[2] * x2[i];
        t += al[3] * x3[i];
        y[i] = t;
    }
}

FO_AVX static void axpy_into4_avx(const double *al, const double *x, double *y0, double *y1, double *y2, double *y3,
                                  long n) {
    __m256d a0 = _mm256_set1_pd(al[0]), a1 = _mm256_set1_pd(al[1]), a2 = _mm256_set1_pd(al[2]), a3 = _mm256_set1_pd(al[3]);
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d w = _mm256_loadu_pd(x + i);
        _mm256_storeu_pd(y0 + i, _mm256_add_pd(_mm256_loadu_pd(y0 + i), _mm256_mul_pd(a0, w)));
        _mm256_storeu_pd(y1 + i, _mm256_add_pd(_mm256_loadu_pd(y1 + i), _mm256_mul_pd(a1, w)));
        _mm256_storeu_pd(y2 + i, _mm256_add_pd(_mm256_loadu_pd(y2 + i), _mm256_mul_pd(a2, w)));
        _mm256_storeu_pd(y3 + i, _mm256_add_pd(_mm256_loadu_pd(y3 + i), _mm256_mul_pd(a3, w)));
    }
    for (; i < n; i++) {
        y0[i] += al[0] * x[i];
        y1[i] += al[1] * x[i];
        y2[i] += al[2] * x[i];
        y3[i] += al[3] * x[i];
    }
}

FO_AVX static void gemm_avx(long m, long ncols, long kdim, const double *A, long lda, const double *B, long ldb,
                            double *C, long ldc) {
    long j = 0;
    for (; j + 4 <= ncols; j += 4) {
        long i = 0;
        for (; i + 8 <= m; i += 8) {
            __m256d c0 = _mm256_setzero_pd(), c1 = _mm256_setzero_pd(), c2 = _mm256_setzero_pd(), c3 = _mm256_setzero_pd();
            __m256d d0 = _mm256_setzero_pd(), d1 = _mm256_setzero_pd(), d2 = _mm256_setzero_pd(), d3 = _mm256_setzero_pd();
            for (long k = 0; k < kdim; k++) {
                __m256d a = _mm256_loadu_pd(A + i + k * lda);
                __m256d e = _mm256_loadu_pd(A + i + 4 + k * lda);
                const double *b = B + j + k * ldb;
                __m256d b0 = _mm256_set1_pd(b[0]), b1 = _mm256_set1_pd(b[1]), b2 = _mm256_set1_pd(b[2]), b3 = _mm256_set1_pd(b[3]);
                c0 = _mm256_add_pd(c0, _mm256_mul_pd(a, b0));
                c1 = _mm256_add_pd(c1, _mm256_mul_pd(a, b1));
                c2 = _mm256_add_pd(c2, _mm256_mul_pd(a, b2));
                c3 = _mm256_add_pd(c3, _mm256_mul_pd(a, b3));
                d0 = _mm256_add_pd(d0, _mm256_mul_pd(e, b0));
                d1 = _mm256_add_pd(d1, _mm256_mul_pd(e, b1));
                d2 = _mm256_add_pd(d2, _mm256_mul_pd(e, b2));
                d3 = _mm256_add_pd(d3, _mm256_mul_pd(e, b3));
            }
            double *c = C + i + j * ldc;
            __m256d minus = _mm256_set1_pd(-1);
            _mm256_storeu_pd(c, _mm256_add_pd(_mm256_loadu_pd(c), _mm256_mul_pd(c0, minus)));
            _mm256_storeu_pd(c + ldc, _mm256_add_pd(_mm256_loadu_pd(c + ldc), _mm256_mul_pd(c1, minus)));
            _mm256_storeu_pd(c + 2 * ldc, _mm256_add_pd(_mm256_loadu_pd(c + 2 * ldc), _mm256_mul_pd(c2, minus)));
            _mm256_storeu_pd(c + 3 * ldc, _mm256_add_pd(_mm256_loadu_pd(c + 3 * ldc), _mm256_mul_pd(c3, minus)));
            _mm256_storeu_pd(c + 4, _mm256_add_pd(_mm256_loadu_pd(c + 4), _mm256_mul_pd(d0, minus)));
            _mm256_storeu_pd(c + 4 + ldc, _mm256_add_pd(_mm256_loadu_pd(c + 4 + ldc), _mm256_mul_pd(d1, minus)));
            _mm256_storeu_pd(c + 4 + 2 * ldc, _mm256_add_pd(_mm256_loadu_pd(c + 4 + 2 * ldc), _mm256_mul_pd(d2, minus)));
            _mm256_storeu_pd(c + 4 + 3 * ldc, _mm256_add_pd(_mm256_loadu_pd(c + 4 + 3 * ldc), _mm256_mul_pd(d3, minus)));
        }
        for (; i + 4 <= m; i += 4) {
            __m256d c0 = _mm256_setzero_pd(), c1 = _mm256_setzero_pd(), c2 = _mm256_setzero_pd(), c3 = _mm256_setzero_pd();
            for (long k = 0; k < kdim; k++) {
                __m256d a = _mm256_loadu_pd(A + i + k * lda);
                const double *b = B + j + k * ldb;
                c0 = _mm256_add_pd(c0, _mm256_mul_pd(a, _mm256_set1_pd(b[0])));
                c1 = _mm256_add_pd(c1, _mm256_mul_pd(a, _mm256_set1_pd(b[1])));
                c2 = _mm256_add_pd(c2, _mm256_mul_pd(a, _mm256_set1_pd(b[2])));
                c3 = _mm256_add_pd(c3, _mm256_mul_pd(a, _mm256_set1_pd(b[3])));
            }
            double *c = C + i + j * ldc;
            __m256d minus = _mm256_set1_pd(-1);
            _mm256_storeu_pd(c, _mm256_add_pd(_mm256_loadu_pd(c), _mm256_mul_pd(c0, minus)));
            _mm256_storeu_pd(c + ldc, _mm256_add_pd(_mm256_loadu_pd(c + ldc), _mm256_mul_pd(c1, minus)));
            _mm256_storeu_pd(c + 2 * ldc, _mm256_add_pd(_mm256_loadu_pd(c + 2 * ldc), _mm256_mul_pd(c2, minus)));
            _mm256_storeu_pd(c + 3 * ldc, _mm256_add_pd(_mm256_loadu_pd(c + 3 * ldc), _mm256_mul_pd(c3, minus)));
        }
        for (; i < m; i++) {
            for (long t = 0; t < 4; t++) {
                double acc = 0;
                for (long k = 0; k < kdim; k++) acc += A[i + k * lda] * B[j + t + k * ldb];
                C[i + (j + t) * ldc] -= acc;
            }
        }
    }
    for (; j < ncols; j++) {
        long i = 0;
        for (; i + 4 <= m; i += 4) {
            __m256d c0 = _mm256_setzero_pd();
            for (long k = 0; k < kdim; k++)
                c0 = _mm256_add_pd(c0, _mm256_mul_pd(_mm256_loadu_pd(A + i + k * lda), _mm256_set1_pd(B[j + k * ldb])));
            double *c = C + i + j * ldc;
            _mm256_storeu_pd(c, _mm256_add_pd(_mm256_loadu_pd(c), _mm256_mul_pd(c0, _mm256_set1_pd(-1))));
        }
        for (; i < m; i++) {
            double acc = 0;
            for (long k = 0; k < kdim; k++) acc += A[i + k * lda] * B[j + k * ldb];
            C[i + j * ldc] -= acc;
        }
    }
}

#define FO_DISPATCH(avx_call, portable_call) do { if (fo_current() == 2) { avx_call; } else { portable_call; } } while (0)
#else
#define FO_DISPATCH(avx_call, portable_call) do { portable_call; } while (0)
#endif

double fo_dot(const double *a, const double *b, long n) {
    double result;
    FO_DISPATCH(result = dot_avx(a, b, n), result = dot_portable(a, b, n));
    return result;
}

void fo_dot4(const double *x0, const double *x1, const double *x2, const double *x3, const double *v, long n,
             double *out) {
    FO_DISPATCH(dot4_avx(x0, x1, x2, x3, v, n, out), dot4_portable(x0, x1, x2, x3, v, n, out));
}

void fo_axpy(double alpha, const double *x, double *y, long n) {
    FO_DISPATCH(axpy_avx(alpha, x, y, n), axpy_portable(alpha, x, y, n));
}

void fo_axpy4(const double *alphas, const double *x0, const double *x1, const double *x2, const double *x3,
              double *y, long n) {
    FO_DISPATCH(axpy4_avx(alphas, x0, x1, x2, x3, y, n), axpy4_portable(alphas, x0, x1, x2, x3, y, n));
}

void fo_axpy_into4(const double *alphas, const double *x, double *y0, double *y1, double *y2, double *y3, long n) {
    FO_DISPATCH(axpy_into4_avx(alphas, x, y0, y1, y2, y3, n), axpy_into4_portable(alphas, x, y0, y1, y2, y3, n));
}

void fo_gemm_nt_subtract(long m, long ncols, long kdim, const double *A, long lda, const double *B, long ldb,
                         double *C, long ldc) {
    if (m <= 0 || ncols <= 0 || kdim <= 0) return;
    FO_DISPATCH(gemm_avx(m, ncols, kdim, A, lda, B, ldb, C, ldc), gemm_portable(m, ncols, kdim, A, lda, B, ldb, C, ldc));
}
