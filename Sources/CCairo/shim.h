#ifndef DOCKET_CCAIRO_SHIM_H
#define DOCKET_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#endif
