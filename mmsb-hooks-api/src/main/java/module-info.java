/** MMSB hooks: the read-only API a JVM-hosted compiler calls, and the sink that records facts into a store. */
module io.mmsb.hooks {
    requires org.slf4j;
    requires org.jctools.core;
    requires org.agrona;
    requires transitive io.mmsb.delta;
    exports io.mmsb.hooks;
}
