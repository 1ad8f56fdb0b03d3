/** MMSB core: schema, column types, epochs and the off-heap memory of immutable pages. */
module io.mmsb.core {
    requires transitive org.apache.arrow.memory.core;
    requires org.slf4j;
    requires org.agrona;
    exports io.mmsb.core;
    exports io.mmsb.core.internal.memory to io.mmsb.delta, io.mmsb.propagation, io.mmsb.hooks;
    exports io.mmsb.core.internal.dictionary to io.mmsb.delta;
}
