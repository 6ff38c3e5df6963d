// OpenSSL's libcrypto, opened on the first call (see CLazyLoad.h): the
// functions FLS calls are defined in lazy.c.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
