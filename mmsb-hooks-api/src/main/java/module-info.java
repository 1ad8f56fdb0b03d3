/** MMSB hooks: the read-only API a JVM-hosted compiler calls; facts leave through a {@code FactSink} (mmsb-recorder's records them into a store). */
module io.mmsb.hooks {
    requires org.slf4j;
    requires org.jctools.core;
    requires org.agrona;
    requires transitive io.mmsb.core;
    exports io.mmsb.hooks;
}
