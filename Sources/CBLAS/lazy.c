// The BLAS and LAPACK functions FLS calls, forwarded to OpenBLAS and LAPACKE
// opened on first use (CLazyLoad.h). Loading them at start would cost every
// `fls` run several milliseconds: OpenBLAS starts its thread pool and LAPACK
// brings gfortran. A new BLAS/LAPACK call needs one line here.

#include "CBLAS.h"
#include "CLazyLoad.h"

static fls_lazy_library openblas = {
    .names = {"libopenblas.so.0"}, .purpose = "linear algebra (BLAS)", .package = "libopenblas0"};
static fls_lazy_library lapacke = {
    .names = {"liblapacke.so.3"}, .purpose = "linear algebra (LAPACK)", .package = "liblapacke"};

FLS_LAZY_FUNCTION(openblas, float, cblas_sdot,
    (const blasint n, const float *x, const blasint incx, const float *y, const blasint incy),
    (n, x, incx, y, incy))
FLS_LAZY_FUNCTION(openblas, double, cblas_ddot,
    (const blasint n, const double *x, const blasint incx, const double *y, const blasint incy),
    (n, x, incx, y, incy))
FLS_LAZY_FUNCTION(openblas, float, cblas_sasum,
    (const blasint n, const float *x, const blasint incx),
    (n, x, incx))
FLS_LAZY_FUNCTION(openblas, float, cblas_snrm2,
    (const blasint n, const float *x, const blasint incx),
    (n, x, incx))
FLS_LAZY_VOID_FUNCTION(openblas, cblas_daxpy,
    (const blasint n, const double alpha, const double *x, const blasint incx, double *y, const blasint incy),
    (n, alpha, x, incx, y, incy))
FLS_LAZY_VOID_FUNCTION(openblas, cblas_sgemm,
    (const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE transA, const enum CBLAS_TRANSPOSE transB,
     const blasint m, const blasint n, const blasint k, const float alpha, const float *a, const blasint lda,
     const float *b, const blasint ldb, const float beta, float *c, const blasint ldc),
    (order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
FLS_LAZY_VOID_FUNCTION(openblas, cblas_dgemm,
    (const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE transA, const enum CBLAS_TRANSPOSE transB,
     const blasint m, const blasint n, const blasint k, const double alpha, const double *a, const blasint lda,
     const double *b, const blasint ldb, const double beta, double *c, const blasint ldc),
    (order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
FLS_LAZY_VOID_FUNCTION(openblas, cblas_dsyrk,
    (const enum CBLAS_ORDER order, const enum CBLAS_UPLO uplo, const enum CBLAS_TRANSPOSE trans,
     const blasint n, const blasint k, const double alpha, const double *a, const blasint lda,
     const double beta, double *c, const blasint ldc),
    (order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc))

FLS_LAZY_FUNCTION(lapacke, lapack_int, LAPACKE_dgelsd,
    (int layout, lapack_int m, lapack_int n, lapack_int nrhs, double *a, lapack_int lda, double *b,
     lapack_int ldb, double *s, double rcond, lapack_int *rank),
    (layout, m, n, nrhs, a, lda, b, ldb, s, rcond, rank))
FLS_LAZY_FUNCTION(lapacke, lapack_int, LAPACKE_dgesdd,
    (int layout, char jobz, lapack_int m, lapack_int n, double *a, lapack_int lda, double *s, double *u,
     lapack_int ldu, double *vt, lapack_int ldvt),
    (layout, jobz, m, n, a, lda, s, u, ldu, vt, ldvt))
FLS_LAZY_FUNCTION(lapacke, lapack_int, LAPACKE_dgesv,
    (int layout, lapack_int n, lapack_int nrhs, double *a, lapack_int lda, lapack_int *ipiv, double *b,
     lapack_int ldb),
    (layout, n, nrhs, a, lda, ipiv, b, ldb))
FLS_LAZY_FUNCTION(lapacke, lapack_int, LAPACKE_dgetrf,
    (int layout, lapack_int m, lapack_int n, double *a, lapack_int lda, lapack_int *ipiv),
    (layout, m, n, a, lda, ipiv))
FLS_LAZY_FUNCTION(lapacke, lapack_int, LAPACKE_dsyevd,
    (int layout, char jobz, char uplo, lapack_int n, double *a, lapack_int lda, double *w),
    (layout, jobz, uplo, n, a, lda, w))
FLS_LAZY_FUNCTION(lapacke, lapack_int, LAPACKE_dsyevr,
    (int layout, char jobz, char range, char uplo, lapack_int n, double *a, lapack_int lda, double vl,
     double vu, lapack_int il, lapack_int iu, double abstol, lapack_int *m, double *w, double *z,
     lapack_int ldz, lapack_int *isuppz),
    (layout, jobz, range, uplo, n, a, lda, vl, vu, il, iu, abstol, m, w, z, ldz, isuppz))
