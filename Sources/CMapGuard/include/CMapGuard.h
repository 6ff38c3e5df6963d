// Turns a SIGBUS inside a registered file mapping (the file was truncated
// by another process while FLS reads it) into a flag the interpreter turns
// into an error, instead of killing the process. See Sources/FLSMemory/MappedFile.swift.
#ifndef CMAPGUARD_H
#define CMAPGUARD_H
#include <stddef.h>

/// Registers [base, base + length) as a guarded mapping; returns a slot
/// number, or -1 when the registry is full (the mapping is then not made).
int fls_mapguard_register(const void *base, size_t length);

/// Forgets a slot (before the mapping is unmapped).
void fls_mapguard_unregister(int slot);

/// 1 when a read fault was caught in the slot's mapping since it was registered.
int fls_mapguard_damaged(int slot);

/// Number of read faults caught in any mapping since the process started.
unsigned long fls_mapguard_faults(void);

#endif
