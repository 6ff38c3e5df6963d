// fls_lazy_open and fls_lazy_symbol: dlopen on first use (see CLazyLoad.h).

#include "CLazyLoad.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/// One lock for every library: opening happens a handful of times per process.
static pthread_mutex_t opening = PTHREAD_MUTEX_INITIALIZER;

int fls_lazy_open(fls_lazy_library *library, char *message, size_t size) {
    if (__atomic_load_n(&library->handle, __ATOMIC_ACQUIRE) != NULL) return 1;
    pthread_mutex_lock(&opening);
    void *handle = library->handle;
    char reason[300] = "";
    for (size_t i = 0; handle == NULL && i < sizeof library->names / sizeof library->names[0]; i++) {
        if (library->names[i] == NULL) break;
        handle = dlopen(library->names[i], RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL && reason[0] == 0) {
            const char *error = dlerror();
            snprintf(reason, sizeof reason, "%s", error ? error : library->names[i]);
        }
    }
    if (handle != NULL) __atomic_store_n(&library->handle, handle, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&opening);
    if (handle == NULL && message != NULL && size > 0) {
        snprintf(message, size, "%s needs %s, which could not be loaded (%s); install it with `apt-get install %s`",
                 library->purpose, library->names[0], reason, library->package);
    }
    return handle != NULL;
}

void *fls_lazy_symbol(fls_lazy_library *library, const char *symbol) {
    int saved = errno;
    char message[600];
    if (!fls_lazy_open(library, message, sizeof message)) {
        fflush(stdout);
        fprintf(stderr, "fls: %s.\n", message);
        exit(1);
    }
    void *address = dlsym(library->handle, symbol);
    if (address == NULL) {
        fflush(stdout);
        fprintf(stderr, "fls: %s has no function %s; install a current %s (`apt-get install %s`).\n",
                library->names[0], symbol, library->package, library->package);
        exit(1);
    }
    errno = saved;
    return address;
}
