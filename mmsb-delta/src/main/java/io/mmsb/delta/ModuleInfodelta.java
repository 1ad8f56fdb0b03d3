package io.mmsb.delta;

/** Placeholder until this module's first API type lands; removed then. */
final class ModuleInfodelta {
    private ModuleInfodelta() {}
}
