// OpenBLAS's CBLAS and LAPACKE, opened on the first call (see CLazyLoad.h):
// the functions FLS calls are defined in lazy.c.
#include <cblas.h>
#include <lapacke.h>
