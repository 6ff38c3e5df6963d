// libFuzzer's driver, for FLSFuzz's main (the toolchain's libFuzzer provides it).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
