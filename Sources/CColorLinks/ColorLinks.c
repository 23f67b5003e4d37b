// Why this exists: Docket runs poppler for text only and never rasterises a page. poppler still
// builds lcms2 colour transforms each time it interprets a page: a PDF/A file's OutputIntent
// profile becomes the "display profile" of every page, and four transforms are made to it,
// each inverting the profile's tone curves. Measured with perf on ZUGFeRD invoices, that was
// about 70% of the CPU time of reading one. poppler-glib has no switch for it, so Docket
// registers a rendering-intent plugin (lcms2's public extension point) whose link converts
// nothing: every channel i is copied to channel i, the rest are zero. The colours poppler
// computes afterwards (text colour, shading) are meaningless; Docket reads none of them.
// Profile chains this link does not understand go to lcms2's own intents.

#include "ColorLinks.h"
#include <lcms2_plugin.h>
#include <pthread.h>

static int installed = 0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static cmsUInt32Number entry_channels(cmsHPROFILE first) {
    return cmsChannelsOf(cmsGetColorSpace(first));
}

// Device links and abstract profiles leave in their PCS; the others in their colour space.
static cmsUInt32Number exit_channels(cmsHPROFILE last) {
    cmsProfileClassSignature class = cmsGetDeviceClass(last);
    if (class == cmsSigLinkClass || class == cmsSigAbstractClass) return cmsChannelsOf(cmsGetPCS(last));
    return cmsChannelsOf(cmsGetColorSpace(last));
}

static cmsPipeline *pass_through_link(cmsContext context, cmsUInt32Number count, cmsUInt32Number intents[],
                                      cmsHPROFILE profiles[], cmsBool bpc[], cmsFloat64Number adaptation[],
                                      cmsUInt32Number flags) {
    // One profile means a device link or a colour-space-only transform: not what poppler makes
    // for text, so lcms2 handles it as it always would.
    if (count < 2) return _cmsDefaultICCintents(context, count, intents, profiles, bpc, adaptation, flags);
    cmsUInt32Number in = entry_channels(profiles[0]);
    cmsUInt32Number out = exit_channels(profiles[count - 1]);
    if (in == 0 || out == 0 || in > cmsMAXCHANNELS || out > cmsMAXCHANNELS) {
        return _cmsDefaultICCintents(context, count, intents, profiles, bpc, adaptation, flags);
    }

    // matrix: [out rows][in columns], 1 on the diagonal
    cmsFloat64Number matrix[cmsMAXCHANNELS * cmsMAXCHANNELS];
    for (cmsUInt32Number row = 0; row < out; row++) {
        for (cmsUInt32Number column = 0; column < in; column++) matrix[row * in + column] = row == column ? 1.0 : 0.0;
    }
    cmsPipeline *pipeline = cmsPipelineAlloc(context, in, out);
    if (pipeline == NULL) return NULL;
    cmsStage *stage = cmsStageAllocMatrix(context, out, in, matrix, NULL);
    if (stage == NULL || !cmsPipelineInsertStage(pipeline, cmsAT_END, stage)) {
        if (stage != NULL) cmsStageFree(stage);
        cmsPipelineFree(pipeline);
        return NULL;
    }
    return pipeline;
}

static int register_intent(cmsUInt32Number intent, const char *name) {
    cmsPluginRenderingIntent plugin = {0};
    plugin.base.Magic = cmsPluginMagicNumber;
    plugin.base.ExpectedVersion = 2060;
    plugin.base.Type = cmsPluginRenderingIntentSig;
    plugin.base.Next = NULL;
    plugin.Intent = intent;
    plugin.Link = pass_through_link;
    for (int i = 0; name[i] != 0 && i < 255; i++) plugin.Description[i] = name[i];
    return cmsPlugin(&plugin) ? 1 : 0;
}

int docket_color_links_install(void) {
    pthread_mutex_lock(&lock);
    if (!installed) {
        installed = register_intent(INTENT_PERCEPTUAL, "Docket text-only perceptual")
            && register_intent(INTENT_RELATIVE_COLORIMETRIC, "Docket text-only relative colorimetric")
            && register_intent(INTENT_SATURATION, "Docket text-only saturation")
            && register_intent(INTENT_ABSOLUTE_COLORIMETRIC, "Docket text-only absolute colorimetric");
        if (!installed) cmsUnregisterPlugins();
    }
    int result = installed;
    pthread_mutex_unlock(&lock);
    return result;
}
