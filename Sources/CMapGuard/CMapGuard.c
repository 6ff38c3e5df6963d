// A SIGBUS handler for FLS's read-only file mappings. When another process
// truncates a mapped file, reading a page past the new end raises SIGBUS.
// Inside a registered mapping the handler maps a page of zeros over the
// faulting page (so the read completes), marks the mapping damaged and
// returns; the interpreter checks the fault counter after each primitive
// and reports the file as changed. Faults anywhere else go to the handler
// that was installed before (or the default action).
#define _GNU_SOURCE
#include "CMapGuard.h"
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SLOTS 4096

static struct {
    _Atomic(uintptr_t) start;
    _Atomic(uintptr_t) end;
    _Atomic(int) damaged;
} slots[SLOTS];

static _Atomic(unsigned long) fault_count;
static struct sigaction previous;
static pthread_once_t installed = PTHREAD_ONCE_INIT;
static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;

static void on_sigbus(int sig, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t start = slots[i].start, end = slots[i].end;
        if (start != 0 && address >= start && address < end) {
            long page = sysconf(_SC_PAGESIZE);
            uintptr_t at = address & ~((uintptr_t)page - 1);
            void *zero = mmap((void *)at, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (zero != MAP_FAILED) {
                slots[i].damaged = 1;
                fault_count++;
                return;
            }
            break;
        }
    }
    // Not ours: whatever was installed before decides.
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction) { previous.sa_sigaction(sig, info, context); return; }
    } else if (previous.sa_handler != SIG_IGN && previous.sa_handler != SIG_DFL && previous.sa_handler) {
        previous.sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous);
}

int fls_mapguard_register(const void *base, size_t length) {
    pthread_once(&installed, install);
    pthread_mutex_lock(&registry);
    int found = -1;
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].start == 0) {
            slots[i].damaged = 0;
            slots[i].end = (uintptr_t)base + length;
            slots[i].start = (uintptr_t)base;
            found = i;
            break;
        }
    }
    pthread_mutex_unlock(&registry);
    return found;
}

void fls_mapguard_unregister(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    pthread_mutex_lock(&registry);
    slots[slot].start = 0;
    slots[slot].end = 0;
    pthread_mutex_unlock(&registry);
}

int fls_mapguard_damaged(int slot) {
    if (slot < 0 || slot >= SLOTS) return 0;
    return slots[slot].damaged;
}

unsigned long fls_mapguard_faults(void) { return fault_count; }
