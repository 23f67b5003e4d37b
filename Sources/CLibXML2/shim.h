#ifndef DOCKET_CLIBXML2_SHIM_H
#define DOCKET_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#endif
