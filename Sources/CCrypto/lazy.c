// The OpenSSL functions the Jupyter kernel calls to sign messages, forwarded
// to libcrypto opened on first use (CLazyLoad.h). A new OpenSSL call needs one
// line here.

#include "CCrypto.h"
#include "CLazyLoad.h"

static fls_lazy_library crypto = {
    .names = {"libcrypto.so.3"}, .purpose = "signing Jupyter messages", .package = "libssl3"};

FLS_LAZY_FUNCTION(crypto, const EVP_MD *, EVP_sha256, (void), ())
FLS_LAZY_FUNCTION(crypto, unsigned char *, HMAC,
    (const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *data, size_t data_len,
     unsigned char *md, unsigned int *md_len),
    (evp_md, key, key_len, data, data_len, md, md_len))
FLS_LAZY_FUNCTION(crypto, int, CRYPTO_memcmp, (const void *a, const void *b, size_t length), (a, b, length))
