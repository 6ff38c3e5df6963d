// The ZeroMQ functions the Jupyter kernel calls, forwarded to libzmq opened on
// first use (CLazyLoad.h), so that only `fls kernel` loads it (and libsodium,
// PGM, NORM and GSSAPI with it). A new ZeroMQ call needs one line here.

#include "CZMQ.h"
#include "CLazyLoad.h"

static fls_lazy_library zmq = {.names = {"libzmq.so.5"}, .purpose = "the Jupyter kernel", .package = "libzmq5"};

FLS_LAZY_FUNCTION(zmq, int, zmq_errno, (void), ())
FLS_LAZY_FUNCTION(zmq, const char *, zmq_strerror, (int errnum), (errnum))
FLS_LAZY_FUNCTION(zmq, void *, zmq_ctx_new, (void), ())
FLS_LAZY_FUNCTION(zmq, int, zmq_ctx_term, (void *context), (context))
FLS_LAZY_FUNCTION(zmq, int, zmq_msg_init, (zmq_msg_t *msg), (msg))
FLS_LAZY_FUNCTION(zmq, int, zmq_msg_recv, (zmq_msg_t *msg, void *socket, int flags), (msg, socket, flags))
FLS_LAZY_FUNCTION(zmq, int, zmq_msg_close, (zmq_msg_t *msg), (msg))
FLS_LAZY_FUNCTION(zmq, void *, zmq_msg_data, (zmq_msg_t *msg), (msg))
FLS_LAZY_FUNCTION(zmq, size_t, zmq_msg_size, (const zmq_msg_t *msg), (msg))
FLS_LAZY_FUNCTION(zmq, int, zmq_msg_more, (const zmq_msg_t *msg), (msg))
FLS_LAZY_FUNCTION(zmq, void *, zmq_socket, (void *context, int type), (context, type))
FLS_LAZY_FUNCTION(zmq, int, zmq_close, (void *socket), (socket))
FLS_LAZY_FUNCTION(zmq, int, zmq_setsockopt, (void *socket, int option, const void *value, size_t length),
    (socket, option, value, length))
FLS_LAZY_FUNCTION(zmq, int, zmq_bind, (void *socket, const char *address), (socket, address))
FLS_LAZY_FUNCTION(zmq, int, zmq_send, (void *socket, const void *buffer, size_t length, int flags),
    (socket, buffer, length, flags))
FLS_LAZY_FUNCTION(zmq, int, zmq_poll, (zmq_pollitem_t *items, int count, long timeout), (items, count, timeout))
