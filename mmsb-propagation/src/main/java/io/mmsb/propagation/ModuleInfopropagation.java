package io.mmsb.propagation;

/** Placeholder until this module's first API type lands; removed then. */
final class ModuleInfopropagation {
    private ModuleInfopropagation() {}
}
