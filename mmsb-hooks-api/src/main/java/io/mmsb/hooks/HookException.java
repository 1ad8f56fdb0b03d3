package io.mmsb.hooks;

import io.mmsb.core.MmsbException;

/**
 * Root of the hooks' exceptions (unchecked). Only thrown to the compiler in
 * {@link Hooks.Mode#STRICT}; in production they are logged and contained.
 *
 * <p>Thread rules: immutable after construction.
 */
public class HookException extends MmsbException {
    public HookException(String message) {
        super(message);
    }

    public HookException(String message, Throwable cause) {
        super(message, cause);
    }
}
