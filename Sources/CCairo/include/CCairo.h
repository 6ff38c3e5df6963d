// cairo, opened on the first call (see CLazyLoad.h): the functions FLS calls
// are defined in lazy.c.
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>
