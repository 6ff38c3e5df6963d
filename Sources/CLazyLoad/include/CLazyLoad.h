// Shared libraries opened at the first call into them, not at every start.
//
// The dynamic loader maps and relocates every library an executable is linked
// against before main runs, although most `fls` runs never draw (cairo), never
// solve a linear system (OpenBLAS, LAPACK, gfortran) and never serve a Jupyter
// notebook (ZeroMQ, OpenSSL). CBLAS, CCairo, CZMQ and CCrypto therefore
// define the functions FLS calls as small forwarders, written with
// FLS_LAZY_FUNCTION: the first call opens the library with dlopen and looks
// the function up; later calls cost one indirect call.
//
// Calling a function of these libraries that has no forwarder yet fails at
// link time ("undefined reference to `cairo_...'"): add one FLS_LAZY_FUNCTION
// line for it in the module's lazy.c.
#ifndef FLS_CLAZYLOAD_H
#define FLS_CLAZYLOAD_H

#include <stddef.h>

/// A library opened on first use.
typedef struct {
    /// The names to try with dlopen, in order, NULL-terminated.
    const char *names[4];
    /// What FLS needs it for, for the error message ("drawing plots").
    const char *purpose;
    /// The Debian package that installs it.
    const char *package;
    /// The handle once opened; only fls_lazy_* touch it.
    void *handle;
} fls_lazy_library;

/// Opens `library` if it is not yet open. Returns 1 when it is available; else 0,
/// with the reason (naming the Debian package to install) in `message`.
int fls_lazy_open(fls_lazy_library *library, char *message, size_t size);

/// The address of `symbol` in `library`, opening the library on first use. errno
/// is preserved. When the library or the symbol cannot be found this prints
/// what to install and exits with status 1: the library is an installation
/// requirement (Makefile's APT_PACKAGES), not something a program can recover from.
void *fls_lazy_symbol(fls_lazy_library *library, const char *symbol);

/// Defines `name` as a forwarder to the function of the same name in `library`.
/// `parameters` is the parenthesised parameter list, `arguments` the names passed on.
#define FLS_LAZY_FUNCTION(library, result, name, parameters, arguments)                            \
    result name parameters {                                                                       \
        static void *fls_lazy_address_;                                                            \
        void *fls_lazy_function_ = __atomic_load_n(&fls_lazy_address_, __ATOMIC_ACQUIRE);          \
        if (fls_lazy_function_ == NULL) {                                                          \
            fls_lazy_function_ = fls_lazy_symbol(&library, #name);                                 \
            __atomic_store_n(&fls_lazy_address_, fls_lazy_function_, __ATOMIC_RELEASE);            \
        }                                                                                          \
        return ((__typeof__(&name))fls_lazy_function_) arguments;                                  \
    }

/// FLS_LAZY_FUNCTION for functions that return nothing.
#define FLS_LAZY_VOID_FUNCTION(library, name, parameters, arguments)                               \
    void name parameters {                                                                         \
        static void *fls_lazy_address_;                                                            \
        void *fls_lazy_function_ = __atomic_load_n(&fls_lazy_address_, __ATOMIC_ACQUIRE);          \
        if (fls_lazy_function_ == NULL) {                                                          \
            fls_lazy_function_ = fls_lazy_symbol(&library, #name);                                 \
            __atomic_store_n(&fls_lazy_address_, fls_lazy_function_, __ATOMIC_RELEASE);            \
        }                                                                                          \
        ((__typeof__(&name))fls_lazy_function_) arguments;                                         \
    }

#endif
