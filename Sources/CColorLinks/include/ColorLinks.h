#ifndef DOCKET_COLOR_LINKS_H
#define DOCKET_COLOR_LINKS_H

/// Replaces lcms2's four ICC rendering intents, for the whole process, with a link that
/// converts no colour. Idempotent. Returns 1 when the link is in place, 0 when lcms2 refused it.
int docket_color_links_install(void);

#endif
