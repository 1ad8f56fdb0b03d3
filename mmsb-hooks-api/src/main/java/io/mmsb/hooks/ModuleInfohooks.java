package io.mmsb.hooks;

/** Placeholder until this module's first API type lands; removed then. */
final class ModuleInfohooks {
    private ModuleInfohooks() {}
}
