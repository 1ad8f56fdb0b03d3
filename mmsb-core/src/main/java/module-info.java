/** MMSB core: schema, column types, epochs and immutable off-heap pages. */
module io.mmsb.core {
    requires transitive org.apache.arrow.memory.core;
    requires org.slf4j;
    requires static org.agrona;
    exports io.mmsb.core;
}
