package io.mmsb.cli;

/** Placeholder until this module's first API type lands; removed then. */
final class ModuleInfocli {
    private ModuleInfocli() {}
}
