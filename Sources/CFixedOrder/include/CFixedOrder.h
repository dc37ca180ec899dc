// Fixed-order vector kernels for OutcomeStats' FixedOrder (dot products and axpys).
//
// Every reduction keeps four partial sums, element i (below the last multiple of 4) going to
// partial sum i mod 4; they are added as (s0 + s1) + (s2 + s3), then the tail in index order.
// The AVX path holds the four sums in one 256-bit register, the SSE2 path in two 128-bit ones:
// each partial sum sees the same multiplications and additions in the same order, and no
// multiply-add is fused (neither path is compiled with FMA), so both give the same bits.
// The AVX path is taken when the CPU has AVX, unless the environment variable OUTCOMES_VECTOR_PATH
// is "sse2"; fo_select_path forces one (for tests).
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/// Sum of a[i] * b[i] for i < n.
double fo_dot(const double *a, const double *b, long n);
/// out[t] = sum of x_t[i] * v[i], for the four vectors x_0 … x_3; each equals fo_dot(x_t, v, n).
void fo_dot4(const double *x0, const double *x1, const double *x2, const double *x3, const double *v, long n,
             double *out);
/// y[i] += alpha * x[i].
void fo_axpy(double alpha, const double *x, double *y, long n);
/// y[i] = (((y[i] + a[0] x0[i]) + a[1] x1[i]) + a[2] x2[i]) + a[3] x3[i]: four fo_axpy calls in one pass.
void fo_axpy4(const double *alphas, const double *x0, const double *x1, const double *x2, const double *x3,
              double *y, long n);
/// y_t[i] += a[t] * x[i] for t = 0 … 3: four fo_axpy calls reading x once.
void fo_axpy_into4(const double *alphas, const double *x, double *y0, double *y1, double *y2, double *y3, long n);
/// C[i + j ldc] -= sum over k < kdim, in ascending k, of A[i + k lda] * B[j + k ldb], for i < m, j < ncols:
/// each entry's sum starts from its first product and is subtracted from C once.
void fo_gemm_nt_subtract(long m, long ncols, long kdim, const double *A, long lda, const double *B, long ldb,
                         double *C, long ldc);
/// 0: choose by CPU (the default); 1: SSE2; 2: AVX (only if the CPU has it). Returns the path now in use.
int fo_select_path(int path);

#ifdef __cplusplus
}
#endif
