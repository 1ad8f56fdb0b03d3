/** MMSB propagation: semirings and the dependency-DAG propagator. */
module io.mmsb.propagation {
    requires transitive io.mmsb.core;
    requires transitive io.mmsb.delta;
    requires jdk.incubator.vector;
    requires org.slf4j;
    exports io.mmsb.propagation;
}
