/* A stand-in for Windows 10's icuuc.dll, for Wine only (Wine has none): Qt 6.11's Qt6Core.dll
 * imports these ucnv_* functions and will not load without them. Every converter is reported as
 * unavailable, so Qt falls back to its own UTF-8/UTF-16/Latin-1 codecs, which the app uses.
 * Built by build_support/wine.py with x86_64-w64-mingw32-gcc; never shipped. */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
typedef uint16_t UChar;
typedef void UConverter;
typedef void (*UConverterCallback)(void);
#define U_UNSUPPORTED_ERROR 16
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *err) {
    if (err != NULL && *err <= 0) *err = U_UNSUPPORTED_ERROR;
}

EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT UConverter *ucnv_open(const char *name, UErrorCode *err) { fail(err); return NULL; }
EXPORT void ucnv_close(UConverter *conv) {}
EXPORT void ucnv_reset(UConverter *conv) {}
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *conv) { return 1; }
EXPORT const char *ucnv_getName(const UConverter *conv, UErrorCode *err) { fail(err); return NULL; }
EXPORT void ucnv_getToUCallBack(const UConverter *conv, UConverterCallback *action,
                                const void **context) {
    if (action) *action = NULL;
    if (context) *context = NULL;
}
EXPORT void ucnv_getFromUCallBack(const UConverter *conv, UConverterCallback *action,
                                  const void **context) {
    if (action) *action = NULL;
    if (context) *context = NULL;
}
EXPORT void ucnv_setToUCallBack(UConverter *conv, UConverterCallback action, const void *context,
                                UConverterCallback *old, const void **oldContext, UErrorCode *err) {
    fail(err);
}
EXPORT void ucnv_setFromUCallBack(UConverter *conv, UConverterCallback action, const void *context,
                                  UConverterCallback *old, const void **oldContext,
                                  UErrorCode *err) {
    fail(err);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length,
                                  int32_t offsetIndex, UErrorCode *err) {
    fail(err);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *sourceLimit,
                                    int32_t offsetIndex, UErrorCode *err) {
    fail(err);
}
EXPORT void ucnv_toUnicode(UConverter *conv, UChar **target, const UChar *targetLimit,
                           const char **source, const char *sourceLimit, int32_t *offsets,
                           int8_t flush, UErrorCode *err) {
    fail(err);
}
EXPORT void ucnv_fromUnicode(UConverter *conv, char **target, const char *targetLimit,
                             const UChar **source, const UChar *sourceLimit, int32_t *offsets,
                             int8_t flush, UErrorCode *err) {
    fail(err);
}
EXPORT int32_t ucnv_toUCountPending(const UConverter *conv, UErrorCode *err) { fail(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const UConverter *conv, UErrorCode *err) {
    fail(err);
    return 0;
}
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err) {
    fail(err);
    return NULL;
}
EXPORT const char *ucnv_getAvailableName(int32_t n) { return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
