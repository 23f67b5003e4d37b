#ifndef DOCKET_CPOPPLER_SHIM_H
#define DOCKET_CPOPPLER_SHIM_H
#include <poppler.h>
#endif
