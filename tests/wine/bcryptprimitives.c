/* Test-only stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks. Rust's standard
 * library (in tallyfy.dll) imports ProcessPrng from it for random bytes (Windows 10 and later
 * have it); this one fills the buffer from RtlGenRandom (advapi32's SystemFunction036), which
 * Wine has. `cargo xtask test` builds it with MinGW into the Wine prefix's system32; it is never
 * shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x7fffffffu ? 0x7fffffffu : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
