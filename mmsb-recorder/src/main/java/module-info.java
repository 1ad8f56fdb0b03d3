/** MMSB recorder: the sink that records the hooks' facts into a store, and the schema of the fact tables. */
module io.mmsb.recorder {
    requires org.agrona;
    requires transitive io.mmsb.hooks;
    requires transitive io.mmsb.delta;
    exports io.mmsb.recorder;
}
