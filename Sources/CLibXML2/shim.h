#ifndef DOCKET_CLIBXML2_SHIM_H
#define DOCKET_CLIBXML2_SHIM_H
/* Debian builds libxml2 with ICU, and its headers then include the system ICU, whose enums
   clash with the ICU copy inside Swift's Foundation. Docket never touches libxml2's ICU
   converter fields, so the ICU parts of the headers are left out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#endif
