package io.mmsb.hooks;

/**
 * Thread rules: immutable after construction.
 *
 * <p>Root of the hooks' exceptions (unchecked). Only thrown to the compiler in
 * {@link Hooks.Mode#STRICT}; in production they are logged and contained.
 */
public class HookException extends RuntimeException {
    public HookException(String message) {
        super(message);
    }

    public HookException(String message, Throwable cause) {
        super(message, cause);
    }
}
