/** MMSB hooks: the read-only API a JVM-hosted compiler calls. */
module io.mmsb.hooks {
    requires org.slf4j;
    exports io.mmsb.hooks;
}
