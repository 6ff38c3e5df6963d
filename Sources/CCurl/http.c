// fls_http_post: one POST through libcurl's easy interface, with libcurl
// opened by dlopen on first use (see CCurl.h for why, CLazyLoad.h for how).

#define CURL_DISABLE_DEPRECATION 1
#define CURL_DISABLE_TYPECHECK 1
#include "CCurl.h"
#include "CLazyLoad.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The libcurl entry points FLS uses, resolved from the loaded library.
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static fls_lazy_library libcurl = {
    // The OpenSSL build (Debian's libcurl4) first, then the GnuTLS one; both have the same ABI.
    .names = {"libcurl.so.4", "libcurl-gnutls.so.4"},
    .purpose = "submitting to a leaderboard",
    .package = "libcurl4",
};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char load_error[600];

static void load_libcurl(void) {
    if (!fls_lazy_open(&libcurl, load_error, sizeof load_error)) return;
#define RESOLVE(field, symbol)                                                                     \
    do {                                                                                           \
        *(void **)(&api.field) = dlsym(libcurl.handle, symbol);                                    \
        if (api.field == NULL) {                                                                   \
            snprintf(load_error, sizeof load_error,                                                \
                     "the installed libcurl has no %s; install a current one with `apt-get install libcurl4`", \
                     symbol);                                                                      \
            return;                                                                                \
        }                                                                                          \
    } while (0)
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_perform, "curl_easy_perform");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
#undef RESOLVE
    CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "libcurl failed to initialise (%s)", api.easy_strerror(code));
        return;
    }
    loaded = 1;
}

int fls_http_available(char *message, size_t size) {
    pthread_once(&load_once, load_libcurl);
    if (!loaded && message != NULL && size > 0) snprintf(message, size, "%s", load_error);
    return loaded;
}

/// A growing byte buffer with a ceiling.
typedef struct {
    char *bytes;
    size_t length;
    size_t capacity;
    size_t limit;
    int overflowed;
} buffer;

static int buffer_append(buffer *b, const char *data, size_t n) {
    if (n > b->limit - b->length) {
        b->overflowed = 1;
        return 0;
    }
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->length + n + 1) capacity *= 2;
        char *grown = realloc(b->bytes, capacity);
        if (grown == NULL) return 0;
        b->bytes = grown;
        b->capacity = capacity;
    }
    memcpy(b->bytes + b->length, data, n);
    b->length += n;
    b->bytes[b->length] = 0;
    return 1;
}

static size_t on_body(char *data, size_t size, size_t count, void *context) {
    size_t n = size * count;
    return buffer_append((buffer *)context, data, n) ? n : 0;
}

static size_t on_header(char *data, size_t size, size_t count, void *context) {
    buffer *headers = (buffer *)context;
    size_t n = size * count;
    // A status line starts the headers of a new reply (after 100 Continue or a redirect):
    // keep only the final reply's.
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) headers->length = 0;
    return buffer_append(headers, data, n) ? n : 0;
}

static fls_http_outcome classify(CURLcode code) {
    switch (code) {
    case CURLE_OK: return FLS_HTTP_DONE;
    case CURLE_COULDNT_CONNECT: return FLS_HTTP_CANNOT_CONNECT;
    case CURLE_OPERATION_TIMEDOUT: return FLS_HTTP_TIMED_OUT;
    case CURLE_COULDNT_RESOLVE_HOST: return FLS_HTTP_UNKNOWN_HOST;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE: return FLS_HTTP_CONNECTION_LOST;
    case CURLE_WEIRD_SERVER_REPLY: return FLS_HTTP_BAD_REPLY;
    default: return FLS_HTTP_OTHER;
    }
}

fls_http_outcome fls_http_post(const char *url, const void *body, size_t body_length,
                               const char *content_type, long timeout_seconds,
                               size_t max_reply_bytes, fls_http_reply *reply) {
    memset(reply, 0, sizeof *reply);
    if (!fls_http_available(reply->message, sizeof reply->message)) return FLS_HTTP_NO_LIBRARY;

    CURL *curl = api.easy_init();
    if (curl == NULL) {
        snprintf(reply->message, sizeof reply->message, "libcurl could not start a request");
        return FLS_HTTP_OTHER;
    }
    buffer content = {.limit = max_reply_bytes};
    buffer headers = {.limit = 1 << 20};
    char error[CURL_ERROR_SIZE] = "";
    char content_header[256];
    snprintf(content_header, sizeof content_header, "Content-Type: %s", content_type);
    struct curl_slist *list = api.slist_append(NULL, content_header);
    // No "Expect: 100-continue" round trip before larger bodies.
    struct curl_slist *more = list ? api.slist_append(list, "Expect:") : NULL;
    if (more != NULL) list = more;

    api.easy_setopt(curl, CURLOPT_URL, url);
    api.easy_setopt(curl, CURLOPT_POST, 1L);
    api.easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    api.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
    api.easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    api.easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
    api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    api.easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    // Keep the POST (and its body) across 301 and 302, as a board behind a redirect expects.
    api.easy_setopt(curl, CURLOPT_POSTREDIR, (long)(CURL_REDIR_POST_301 | CURL_REDIR_POST_302));
    if (api.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK) {
        api.easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    }
    if (api.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK) {
        api.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    }
    api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    api.easy_setopt(curl, CURLOPT_WRITEDATA, &content);
    api.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    api.easy_setopt(curl, CURLOPT_HEADERDATA, &headers);
    api.easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    api.easy_setopt(curl, CURLOPT_USERAGENT, "fls");

    CURLcode code = api.easy_perform(curl);
    long status = 0, redirects = 0;
    api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    api.easy_getinfo(curl, CURLINFO_REDIRECT_COUNT, &redirects);
    api.easy_cleanup(curl);
    api.slist_free_all(list);

    fls_http_outcome outcome = classify(code);
    if (code == CURLE_WRITE_ERROR && content.overflowed) outcome = FLS_HTTP_REPLY_TOO_LARGE;
    // The URL is http(s), so an unsupported protocol before any redirect means
    // the reply was not HTTP/1.x or 2 (libcurl refuses HTTP/0.9-style answers).
    if (code == CURLE_UNSUPPORTED_PROTOCOL && redirects == 0) outcome = FLS_HTTP_BAD_REPLY;
    if (outcome != FLS_HTTP_DONE) {
        snprintf(reply->message, sizeof reply->message, "%s", error[0] ? error : api.easy_strerror(code));
        free(content.bytes);
        free(headers.bytes);
        return outcome;
    }
    reply->status = status;
    reply->body = (unsigned char *)content.bytes;
    reply->body_length = content.length;
    reply->headers = headers.bytes;
    reply->headers_length = headers.length;
    return FLS_HTTP_DONE;
}

void fls_http_reply_free(fls_http_reply *reply) {
    free(reply->body);
    free(reply->headers);
    reply->body = NULL;
    reply->headers = NULL;
    reply->body_length = 0;
    reply->headers_length = 0;
}
