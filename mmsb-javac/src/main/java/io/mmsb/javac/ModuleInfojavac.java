package io.mmsb.javac;

/** Placeholder until this module's first API type lands; removed then. */
final class ModuleInfojavac {
    private ModuleInfojavac() {}
}
