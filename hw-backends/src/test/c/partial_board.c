/* A board library that exports only part of the ABI, to test that SpikeForge names the missing symbol. */
#include <stdint.h>

int32_t sf_abi_version(void) { return 1; }

const char *sf_last_open_error(void) { return ""; }
