package io.mmsb.core;

/** A schema was declared or used wrongly: duplicate or unknown table or column, bad id or name. */
public class SchemaException extends MmsbException {
    public SchemaException(String message) {
        super(message);
    }
}
