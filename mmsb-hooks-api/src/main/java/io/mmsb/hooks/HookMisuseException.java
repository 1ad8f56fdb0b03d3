package io.mmsb.hooks;

/**
 * The compiler called the hooks wrongly: out of order, with a null, an unknown id or an
 * inconsistent unit. Thrown in {@link Hooks.Mode#STRICT}; logged and contained otherwise.
 *
 * <p>Thread rules: immutable after construction.
 */
public class HookMisuseException extends HookException {
    public HookMisuseException(String message) {
        super(message);
    }
}
