// One HTTP POST through libcurl, which is loaded with dlopen at the first
// request rather than linked: libcurl and the TLS, LDAP, Kerberos and SSH
// libraries it brings would otherwise be loaded and relocated by every `fls`
// process, although only `submit` sends anything over the network.
#ifndef FLS_CCURL_H
#define FLS_CCURL_H

#include <stddef.h>

/// How a request ended. Transport failures are grouped by what a user can do about them.
typedef enum {
    FLS_HTTP_DONE = 0,            ///< A reply arrived (any HTTP status).
    FLS_HTTP_NO_LIBRARY,          ///< libcurl could not be loaded; `message` says why.
    FLS_HTTP_CANNOT_CONNECT,      ///< Nothing accepted the connection.
    FLS_HTTP_TIMED_OUT,           ///< No complete reply within the timeout.
    FLS_HTTP_UNKNOWN_HOST,        ///< The host name did not resolve.
    FLS_HTTP_CONNECTION_LOST,     ///< The connection closed before a complete reply.
    FLS_HTTP_BAD_REPLY,           ///< The server's answer was not HTTP.
    FLS_HTTP_REPLY_TOO_LARGE,     ///< The reply body exceeded the size limit.
    FLS_HTTP_OTHER,               ///< Anything else (TLS, proxy, ...); `message` has libcurl's words.
} fls_http_outcome;

/// What came back. Free with `fls_http_reply_free`.
typedef struct {
    long status;                  ///< The final HTTP status code (0 when there was no reply).
    unsigned char *body;          ///< The final reply's body (may be NULL when empty).
    size_t body_length;
    char *headers;                ///< The final reply's header lines, "Name: value\r\n" each, NUL-terminated.
    size_t headers_length;
    char message[640];            ///< A readable reason when the outcome is not FLS_HTTP_DONE.
} fls_http_reply;

/// POSTs `body` to the http(s) `url` with the given Content-Type, waiting at most
/// `timeout_seconds` for the whole exchange and accepting at most `max_reply_bytes`
/// of reply body. Redirects (at most 5, http and https only) are followed.
/// Thread-safe. Always fill `reply`; free it with `fls_http_reply_free`.
fls_http_outcome fls_http_post(const char *url, const void *body, size_t body_length,
                               const char *content_type, long timeout_seconds,
                               size_t max_reply_bytes, fls_http_reply *reply);

/// Releases the buffers of a reply filled by `fls_http_post`.
void fls_http_reply_free(fls_http_reply *reply);

/// Whether libcurl can be loaded; when not, `message` (if not NULL, of `size` bytes) says why.
int fls_http_available(char *message, size_t size);

#endif
